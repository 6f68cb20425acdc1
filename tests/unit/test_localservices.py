"""Local services in the conversation: what follows which question, how a
service reads in each language, postcodes, and the API client's cache and
failures."""
import pytest

from bot.core import catalogs
from bot.dialogue.local_help import ServicesStep, next_services_step
from bot.geo import pdok as postcode
from bot.local_help.client import DirectoryClient
from bot.local_help.listing import opening_hours, phone, render_page, render_service
from bot.core.postcode import find_postcode
from tests.conftest import free_port, json_server

SERVICE = {
    "id": 1, "name": "Almelo Sociaal", "description": "Hulp bij formulieren en geldzaken.", "language": "nl",
    "translation_reviewed": None, "address": "Hofkampstraat 1, Almelo", "phone": "+31546000000",
    "email": None, "website": "https://example.org", "access": "walk_in", "cost": "free",
    "opening_hours": [{"weekday": 0, "opens": "09:30", "closes": "11:30"},
                      {"weekday": 4, "opens": "09:30", "closes": "11:30"}],
    "languages_spoken": ["nl", "ar"], "source_url": "https://example.org/folder", "last_verified": "2026-12-02",
    "stale": False,
}


class TestNextStep:
    def test_a_health_question_shows_its_category(self):
        assert next_services_step("health_find_gp", "GM0141", None, None, None) == ServicesStep("gp_registration")

    def test_without_a_municipality_it_is_asked_first_and_shown_when_named(self):
        step = next_services_step("money_debt", None, None, None, None)
        assert step == ServicesStep("debt_help", ask_municipality=True)
        assert next_services_step("inform_municipality", "GM0268", "debt_help", None, None) == ServicesStep("debt_help")

    def test_more_shows_the_next_page_of_what_was_shown(self):
        assert next_services_step("more_services", "GM0141", None, "housing", 3) == ServicesStep("housing", 3)
        assert next_services_step("more_services", "GM0141", None, None, None).category is None

    def test_procedure_questions_and_a_bare_municipality_show_nothing(self):
        assert next_services_step("reunification_costs", "GM0141", None, None, None).category is None
        assert next_services_step("inform_municipality", "GM0141", None, None, None).category is None


class TestRender:
    def test_dutch_original_for_a_dari_user_says_so_in_dari(self):
        text = render_service(SERVICE, "prs")
        assert catalogs.translate("services.dutch_only", "prs")[0] in text
        assert "Hulp bij formulieren" in text

    def test_a_translation_that_no_one_reviewed_is_marked(self):
        translated = {**SERVICE, "description": "کمک با فورم‌ها", "language": "prs", "translation_reviewed": False}
        text = render_service(translated, "prs")
        assert catalogs.translate("services.unreviewed", "prs")[0] in text
        assert catalogs.translate("services.dutch_only", "prs")[0] not in text

    def test_hours_and_dates_follow_the_locale(self):
        assert opening_hours(SERVICE["opening_hours"], "nl") == "ma 09:30–11:30 · vr 09:30–11:30"
        assert "۹:۳۰–۱۱:۳۰" in opening_hours(SERVICE["opening_hours"], "prs")     # Persian digits
        assert "2 december 2026" in render_service(SERVICE, "nl")

    def test_phone_numbers_and_links_stay_dialable(self):
        assert phone("+318006464644") == "0800 6464644"
        assert phone("+3292101010") == "09 210 10 10"                   # Belgian numbers as Belgians dial them
        text = render_service(SERVICE, "ar")
        assert "https://example.org" in text and "0546" in text

    def test_a_page_of_three_with_a_next_page(self):
        result = {"municipality": {"code": "GM0141", "name": "Almelo", "general_phone": None},
                  "local": [{**SERVICE, "id": i, "name": f"Service {i}"} for i in range(5)], "national": []}
        messages, next_offset = render_page(result, "en")
        assert next_offset == 3 and len(messages) == 4                 # header + 3
        messages, next_offset = render_page(result, "en", 3)
        assert next_offset is None and [m.split("\n")[0] for m in messages] == ["Service 3", "Service 4"]

    def test_no_local_service_gives_national_help_and_the_general_number(self):
        result = {"municipality": {"code": "GM0268", "name": "Nijmegen", "general_phone": "+3114024"},
                  "local": [], "national": [{**SERVICE, "name": "Landelijke lijn"}]}
        messages, _ = render_page(result, "en")
        assert messages[0] == catalogs.translate("services.national_header", "en")[0].format(municipality="Nijmegen")
        assert "Landelijke lijn" in messages[1]
        assert "14024" in messages[-1].replace(" ", "")


@pytest.fixture
def api():
    """A stand-in services API that counts its calls."""
    state = {"calls": 0}

    def answer(path):
        state["calls"] += 1
        return 200, {"municipality": {"code": "GM0141"}, "local": [], "national": []}

    with json_server(answer) as url:
        yield url, state


def test_answers_are_cached_briefly(api):
    url, state = api
    client = DirectoryClient(url, cache_seconds=30)
    assert client.services("GM0141", "housing", "ar")["municipality"]["code"] == "GM0141"
    client.services("GM0141", "housing", "ar")
    assert state["calls"] == 1
    assert DirectoryClient(url, cache_seconds=0).services("GM0141", "housing", "ar") is not None


def test_an_unreachable_api_gives_none_quickly():
    assert DirectoryClient(f"http://127.0.0.1:{free_port()}").services("GM0141", "housing", "ar") is None


@pytest.mark.parametrize("text, found", [("mijn postcode is 7607 AB", "7607AB"), ("postcode 7607ab", "7607AB"), ("7607AB", "7607AB"),
                                         ("بوستكود ٧٦٠٧ AB", "7607AB"), ("کد پستی ۶۵۱۱ab", "6511AB"),
                                         ("since 2018 my wife waits", None), ("sinds 2019 in Nederland", None), ("call 0800 2000", None), ("", None)])
def test_postcodes_in_messages(text, found):
    assert find_postcode(text) == found


def test_postcode_lookup_through_pdok_and_its_failure(monkeypatch):
    calls = []

    class Reply:
        def raise_for_status(self):
            pass

        def json(self):
            return {"response": {"docs": [{"gemeentecode": "0141", "gemeentenaam": "Almelo"}]}}

    def get(url, params, timeout):
        calls.append(params["q"])
        return Reply()

    postcode._lookup.cache_clear()
    monkeypatch.setattr(postcode._session, "get", get)
    assert postcode.municipality_of_postcode("7607AB") == "GM0141"
    assert postcode.municipality_of_postcode("7607AB") == "GM0141"
    assert calls == ["7607AB"]                                          # cached

    def down(url, params, timeout):
        raise postcode.requests.ConnectionError

    monkeypatch.setattr(postcode._session, "get", down)
    assert postcode.municipality_of_postcode("6511AB") is None


def test_a_shared_location_is_looked_up_rounded_and_cached(monkeypatch):
    calls = []

    class Reply:
        def raise_for_status(self):
            pass

        def json(self):
            return {"response": {"docs": [{"gemeentecode": "0141"}]}}

    def get(url, params, timeout):
        calls.append((params["lat"], params["lon"]))
        return Reply()

    postcode._reverse.cache_clear()
    monkeypatch.setattr(postcode._session, "get", get)
    assert postcode.municipality_of_location(52.35671234, 6.66271876) == "GM0141"
    assert postcode.municipality_of_location(52.3568, 6.6634) == "GM0141"
    assert calls == [(52.357, 6.663)]                   # about 100 m: no exact position leaves Samen

"""What the IND and DVZ publish about waiting, kept as data by national editors
(issue 14, point 4): who may enter it, what is refused, which figure is the
latest, when it is out of date, its history, and the read API the action
server uses (with DirectoryClient.waiting_figure)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from bot.directory.models import WaitingFigure, waiting_stale_before
from bot.directory.validation import months_before, parse_month
from bot.local_help.client import DirectoryClient

from .conftest import form_data, loaded_version

IND_PAGE = "https://ind.nl/nl/wanneer-begint-de-ind-met-mijn-nareisaanvraag"
DVZ_PAGE = "https://dofi.ibz.be/nl/themes/third-country-nationals/family-reunification"
CHANGELIST = "admin:services_waitingfigure_changelist"


def today() -> dt.date:
    return timezone.localdate()


def figure(**fields) -> WaitingFigure:
    """A valid, saved figure of the IND (fields override)."""
    values = {"country": "nl", "authority": "IND", "started_up_to": dt.date(2024, 6, 1),
              "published_on": today() - dt.timedelta(days=10), "source_url": IND_PAGE, **fields}
    made = WaitingFigure(**values)
    made.full_clean()
    made.save()
    return made


def add_data(**fields) -> dict:
    """The add form as an editor fills it in."""
    return {"authority": "IND", "country": "nl", "started_up_to": "juni 2024", "people_waiting": "",
            "published_on": (today() - dt.timedelta(days=3)).isoformat(), "source_url": IND_PAGE, "note": "",
            **fields}


@pytest.fixture
def national(client, make_editor):
    client.force_login(make_editor("landelijk", national=True))
    return client


# -- who may enter figures ------------------------------------------------------------------
def test_municipal_editors_cannot_see_or_add_figures(client, places, make_editor):
    existing = figure()
    client.force_login(make_editor("nijmegen", places["nijmegen"]))
    assert "waitingfigure" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:services_waitingfigure_add")).status_code == 403
    assert client.post(reverse("admin:services_waitingfigure_add"), add_data()).status_code == 403
    change = reverse("admin:services_waitingfigure_change", args=[existing.pk])
    assert client.get(change).status_code == 403
    assert client.post(change, add_data(people_waiting="5")).status_code == 403
    assert client.get(reverse("admin:services_waitingfigure_history", args=[existing.pk])).status_code == 403
    assert WaitingFigure.objects.count() == 1 and WaitingFigure.objects.get().people_waiting is None


def test_a_staff_user_without_editor_profile_cannot_either(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("stagiair", password="x", is_staff=True))
    assert client.get(reverse("admin:services_waitingfigure_add")).status_code == 403


def test_a_national_editor_adds_and_corrects_a_figure(national):
    editor = national.session["_auth_user_id"]
    assert "wachttijdcijfers" in national.get(reverse("admin:index")).content.decode().lower()
    page = national.get(reverse("admin:services_waitingfigure_add")).content.decode()
    for help_text in ("tot en met deze maand", "Vul in wat er op de pagina van de instantie staat"):
        assert help_text in page

    added = national.post(reverse("admin:services_waitingfigure_add"),
                          add_data(country="", people_waiting="1234", note="Geldt voor\r\nnareis."))
    assert added.status_code == 302, added.context["adminform"].form.errors
    saved = WaitingFigure.objects.get()
    assert (saved.country, saved.started_up_to, saved.people_waiting, saved.note) == (
        "nl", dt.date(2024, 6, 1), 1234, "Geldt voor\nnareis.")     # country from the authority
    assert str(saved.created_by_id) == editor and str(saved.updated_by_id) == editor

    url = reverse("admin:services_waitingfigure_change", args=[saved.pk])
    form = national.get(url)
    assert form.context["adminform"].form["started_up_to"].value() == "2024-06"
    assert national.post(url, {**form_data(form), "people_waiting": "1243"}).status_code == 302
    saved.refresh_from_db()
    assert (saved.people_waiting, saved.version) == (1243, 2)
    # Editors correct, only superusers delete (the history keeps every version).
    assert national.post(reverse("admin:services_waitingfigure_delete", args=[saved.pk]),
                         {"post": "yes"}).status_code == 403


def test_a_superuser_may_do_everything(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("beheer", password="x"))
    existing = figure()
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.post(reverse("admin:services_waitingfigure_delete", args=[existing.pk]),
                       {"post": "yes"}).status_code == 302
    assert not WaitingFigure.objects.exists()


# -- what is refused ---------------------------------------------------------------------------
@pytest.fixture
def english_outside_requests():
    with translation.override("en"):
        yield


BAD = [
    ("published_on", {"published_on": timezone.localdate() + dt.timedelta(days=1)}, "cannot be in the future"),
    ("published_on", {"published_on": dt.date(1999, 12, 31)}, "after 2000"),
    ("source_url", {"source_url": "http://ind.nl/nl/nareis"}, "https://"),
    ("source_url", {"source_url": "https://ind.nl@evil.example/"}, "user name"),
    ("source_url", {"source_url": "https://іnd.nl/"}, "mixes alphabets"),     # Cyrillic і
    ("__all__", {"started_up_to": None, "people_waiting": None}, "or both"),
    ("started_up_to", {"started_up_to": dt.date(2200, 1, 1)}, "still to come"),
    ("started_up_to", {"started_up_to": dt.date(2026, 1, 1), "published_on": dt.date(2025, 12, 31)},
     "after the publication date"),
    ("people_waiting", {"people_waiting": 1_000_001}, "1000000"),
    ("authority", {"authority": "DVZ", "country": "nl"}, "does not decide for"),
    ("authority", {"authority": "CGVS"}, "not a valid choice"),
    ("note", {"note": "x" * 501}, "500"),
]


@pytest.mark.usefixtures("english_outside_requests")
@pytest.mark.parametrize("field, change, message", BAD, ids=[f"{f}-{m}" for f, _c, m in BAD])
def test_bad_figures_are_refused_with_a_message(field, change, message):
    values = {"country": "nl", "authority": "IND", "started_up_to": dt.date(2024, 6, 1),
              "published_on": dt.date(2025, 6, 1), "source_url": IND_PAGE, **change}
    with pytest.raises(ValidationError) as refused:
        WaitingFigure(**values).full_clean()
    assert field in refused.value.message_dict, refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])


def test_the_database_refuses_a_figure_without_figures_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitingFigure.objects.create(country="nl", authority="IND", published_on=today(), source_url=IND_PAGE)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitingFigure.objects.create(country="be", authority="IND", people_waiting=3, published_on=today(),
                                     source_url=IND_PAGE)


def test_the_note_is_cleaned_like_other_texts():
    made = figure(note="Voor nareis\u202e en\x07 gezinshereniging\u200b.\r\n")
    assert made.note == "Voor nareis en gezinshereniging."


@pytest.mark.parametrize("text, month", [("2024-06", dt.date(2024, 6, 1)), ("2024-6", dt.date(2024, 6, 1)),
                                         ("06-2024", dt.date(2024, 6, 1)), ("6/2024", dt.date(2024, 6, 1)),
                                         ("juni 2024", dt.date(2024, 6, 1)), ("June 2024", dt.date(2024, 6, 1)),
                                         ("mrt 2025", dt.date(2025, 3, 1)), ("sept. 2023", dt.date(2023, 9, 1)),
                                         ("2024-06-30", dt.date(2024, 6, 1)), ("30-06-2024", dt.date(2024, 6, 1)),
                                         ("", None)])
def test_months_as_editors_type_them(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["2024-13", "juno 2024", "ma 2024", "2024", "31-06-2024", "2024-13-01"])
def test_what_is_not_a_month(text):
    with pytest.raises(ValidationError):
        parse_month(text)


def test_the_admin_form_says_what_is_wrong_in_dutch(national):
    url = reverse("admin:services_waitingfigure_add")
    future = (today() + dt.timedelta(days=1)).isoformat()
    cases = [({"published_on": future}, "published_on", "kan niet in de toekomst liggen"),
             ({"source_url": "http://ind.nl/"}, "source_url", "https://"),
             ({"started_up_to": "", "people_waiting": ""}, "__all__", "of allebei"),
             ({"started_up_to": "juno 2024"}, "started_up_to", "is geen maand"),
             ({"authority": "DVZ", "country": "nl"}, "authority", "beslist niet voor Nederland")]
    for change, field, message in cases:
        refused = national.post(url, add_data(**change))
        assert refused.status_code == 200, change
        errors = refused.context["adminform"].form.errors
        assert message in " ".join(errors.get(field, [])), (change, errors)
    assert not WaitingFigure.objects.exists()


# -- the latest figure, and when it is out of date -----------------------------------------------
def test_the_latest_per_authority_is_by_publication_date_then_entry():
    old = figure(published_on=dt.date(2026, 1, 5), started_up_to=dt.date(2024, 3, 1))
    newest = figure(published_on=dt.date(2026, 3, 2), started_up_to=dt.date(2024, 6, 1))
    figure(published_on=dt.date(2025, 11, 1), started_up_to=dt.date(2024, 1, 1))       # entered late: history
    first_same_day = figure(country="be", authority="DVZ", published_on=dt.date(2026, 2, 1), started_up_to=None,
                            people_waiting=800, source_url=DVZ_PAGE)
    corrected_same_day = figure(country="be", authority="DVZ", published_on=dt.date(2026, 2, 1),
                                started_up_to=None, people_waiting=850, source_url=DVZ_PAGE)
    assert set(WaitingFigure.objects.latest_per_authority()) == {newest, corrected_same_day}
    assert list(WaitingFigure.objects.filter(country="nl").latest_per_authority()) == [newest]
    assert old not in WaitingFigure.objects.latest_per_authority() and first_same_day.pk


def test_a_figure_is_out_of_date_after_three_calendar_months():
    limit = waiting_stale_before()
    assert limit == months_before(today(), 3)
    on_the_day = figure(published_on=limit)
    a_day_older = figure(published_on=limit - dt.timedelta(days=1), people_waiting=1)
    assert (on_the_day.stale, a_day_older.stale) == (False, True)
    assert list(WaitingFigure.objects.stale()) == [a_day_older]
    assert list(WaitingFigure.objects.fresh()) == [on_the_day]


@pytest.mark.parametrize("day, earlier", [(dt.date(2026, 5, 31), dt.date(2026, 2, 28)),
                                          (dt.date(2028, 5, 31), dt.date(2028, 2, 29)),
                                          (dt.date(2026, 1, 15), dt.date(2025, 10, 15)),
                                          (dt.date(2026, 3, 1), dt.date(2025, 12, 1))])
def test_three_months_before(day, earlier):
    assert months_before(day, 3) == earlier


def test_the_admin_list_shows_the_latest_per_authority_and_marks_old_ones(national, settings):
    old_ind = figure(published_on=months_before(today(), 5), started_up_to=dt.date(2024, 2, 1))
    new_ind = figure(published_on=today() - dt.timedelta(days=2), started_up_to=dt.date(2024, 6, 1),
                     people_waiting=12345)
    dvz = figure(country="be", authority="DVZ", published_on=months_before(today(), 4), started_up_to=None,
                 people_waiting=800, source_url=DVZ_PAGE)
    listed = national.get(reverse(CHANGELIST))
    assert set(listed.context["cl"].result_list) == {new_ind, dvz}
    page = listed.content.decode()
    assert "juni 2024" in page and "12.345" in page
    assert page.count(">verouderd</strong>") == 1                     # the DVZ figure
    assert "Wat de IND (Nederland) en de DVZ (België) op dit moment publiceren" in page

    everything = national.get(reverse(CHANGELIST), {"shown": "all"})
    assert set(everything.context["cl"].result_list) == {old_ind, new_ind, dvz}
    assert everything.content.decode().count(">verouderd</strong>") == 2
    stale = national.get(reverse(CHANGELIST), {"shown": "all", "stale": "yes"})
    assert set(stale.context["cl"].result_list) == {old_ind, dvz}

    national.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = national.get(reverse(CHANGELIST)).content.decode()
    assert ">out of date</strong>" in english and "June 2024" in english


def test_saving_an_old_or_superseded_figure_says_so(national):
    figure(published_on=today() - dt.timedelta(days=1))
    back_then = months_before(today(), 4)
    added = national.post(reverse("admin:services_waitingfigure_add"),
                          add_data(published_on=back_then.isoformat(), started_up_to="2023-01"), follow=True)
    assert "is nieuwer: de assistent blijft dat gebruiken" in added.content.decode()
    WaitingFigure.objects.all().delete()
    added = national.post(reverse("admin:services_waitingfigure_add"),
                          add_data(published_on=back_then.isoformat(), started_up_to="2023-01"), follow=True)
    assert "staat op ‘verouderd’" in added.content.decode()
    change = national.get(reverse("admin:services_waitingfigure_change", args=[WaitingFigure.objects.get().pk]))
    assert "Verouderd:" in change.content.decode()


# -- history and locking -------------------------------------------------------------------------
def test_every_change_is_kept_with_who_and_an_earlier_version_comes_back(national, django_user_model):
    made = figure(people_waiting=100)
    url = reverse("admin:services_waitingfigure_change", args=[made.pk])
    assert national.post(url, {**form_data(national.get(url)), "people_waiting": "110"}).status_code == 302
    editor = django_user_model.objects.get(username="landelijk")
    change = made.history.first()
    assert (change.history_user, change.people_waiting, change.history_type) == (editor, 110, "~")
    assert [r.people_waiting for r in made.history.all()] == [110, 100]
    assert "landelijk" in national.get(reverse("admin:services_waitingfigure_history", args=[made.pk])).content.decode()

    revert = reverse("admin:services_waitingfigure_simple_history", args=[made.pk, made.history.earliest().history_id])
    assert national.post(revert, form_data(national.get(revert))).status_code == 302
    made.refresh_from_db()
    assert (made.people_waiting, made.version) == (100, 3)


def test_two_editors_never_overwrite_each_other(make_editor):
    made = figure(people_waiting=100)
    url = reverse("admin:services_waitingfigure_change", args=[made.pk])
    first, second = Client(), Client()
    first.force_login(make_editor("anna", national=True))
    second.force_login(make_editor("bram", national=True))
    first_form, second_form = first.get(url), second.get(url)
    assert loaded_version(first_form) == loaded_version(second_form) == "1"
    assert first.post(url, {**form_data(first_form), "people_waiting": "110"}).status_code == 302
    refused = second.post(url, {**form_data(second_form), "people_waiting": "120"})
    assert refused.status_code == 200 and "Iemand anders heeft dit cijfer gewijzigd" in refused.content.decode()
    made.refresh_from_db()
    assert (made.people_waiting, made.version) == (110, 2)


# -- the read API ----------------------------------------------------------------------------------
def test_the_api_gives_the_latest_figure_of_the_country(client, make_editor):
    assert client.get("/api/v1/waiting/nl").status_code == 404
    assert client.get("/api/v1/waiting/de").status_code == 404
    editor = make_editor("landelijk", national=True)
    figure(published_on=dt.date(2025, 1, 10), started_up_to=dt.date(2023, 5, 1))
    latest = figure(published_on=today() - dt.timedelta(days=5), started_up_to=dt.date(2024, 6, 1),
                    people_waiting=12345, note="Voor nareisaanvragen.", created_by=editor, updated_by=editor)
    answer = client.get("/api/v1/waiting/nl")
    assert answer.status_code == 200
    assert answer.json() == {"country": "nl", "authority": "IND", "started_up_to": "2024-06",
                             "people_waiting": 12345, "note": "Voor nareisaanvragen.",
                             "published_on": latest.published_on.isoformat(), "source_url": IND_PAGE,
                             "stale": False}
    for private in ("landelijk", "version", "created", "updated", "history"):
        assert private not in answer.content.decode()
    assert client.get("/api/v1/waiting/be").status_code == 404


def test_the_api_says_when_a_figure_is_out_of_date(client):
    figure(country="be", authority="DVZ", started_up_to=None, people_waiting=800, source_url=DVZ_PAGE,
           published_on=months_before(today(), 3) - dt.timedelta(days=1))
    assert client.get("/api/v1/waiting/be").json() | {"published_on": None} == {
        "country": "be", "authority": "DVZ", "started_up_to": None, "people_waiting": 800, "note": None,
        "published_on": None, "source_url": DVZ_PAGE, "stale": True}


def test_the_api_is_described_in_the_schema_and_docs(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/waiting/{country}"]["get"]
    assert set(operation["responses"]) == {"200", "404"}
    properties = schema["components"]["schemas"]["WaitingFigure"]["properties"]
    assert {"authority", "started_up_to", "people_waiting", "published_on", "source_url", "stale"} <= set(properties)
    assert "/api/v1/waiting/{country}" in client.get("/api/docs/").content.decode()


class DjangoSession:
    """DirectoryClient's HTTP session, answered by the store itself (no server)."""

    def __init__(self):
        self.client, self.calls = Client(), []

    def get(self, url, params=None, timeout=None):
        assert timeout is not None
        self.calls.append(url)
        return self.client.get(url.removeprefix("http://store"), params or {})


def test_the_action_servers_client_reads_it_with_a_short_cache():
    directory = DirectoryClient("http://store", cache_seconds=30)
    directory._http = DjangoSession()
    assert directory.waiting_figure("nl") is None                   # none yet (cached briefly)
    assert directory.waiting_figure("xx") is None and directory._http.calls == ["http://store/api/v1/waiting/nl"]
    figure(people_waiting=5)
    fresh = DirectoryClient("http://store", cache_seconds=30)
    fresh._http = DjangoSession()
    found = fresh.waiting_figure("nl")
    assert (found["authority"], found["started_up_to"], found["people_waiting"]) == ("IND", "2024-06", 5)
    assert fresh.waiting_figure("nl") == found and len(fresh._http.calls) == 1


def test_the_client_gives_none_when_the_store_fails():
    class Failing:
        status_code = 500

        def json(self):
            return {}

    directory = DirectoryClient("http://store", cache_seconds=30)
    directory._http = type("Session", (), {"get": lambda self, url, params=None, timeout=None: Failing()})()
    assert directory.waiting_figure("be") is None
    assert ("waiting", "be") not in directory._cache                # tried again next time

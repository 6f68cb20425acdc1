"""Bad input is refused with a message that says what to write instead, the
same way in the model (import, seed), the admin form and the write API."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from bot.directory.models import Municipality, Service
from bot.directory.validation import format_opening_hours, normalise_phone, parse_opening_hours

from .conftest import form_data, service_fields

@pytest.fixture(autouse=True)
def english_outside_requests():
    """The model's messages in English (the admin's, in Dutch, are tested through requests)."""
    with translation.override("en"):
        yield


BAD = [
    ("phone", {"phone": "06 123"}, "not a valid Dutch or Belgian phone number"),
    ("phone", {"phone": "+49 30 1234567"}, "not a valid Dutch or Belgian phone number"),
    ("website", {"website": "http://example.org"}, "https://"),
    ("source_url", {"source_url": "http://example.org/bron"}, "https://"),
    ("description_nl", {"description_nl": ""}, "A Dutch description is required"),
    ("opening_hours", {"opening_hours": [{"weekday": 0, "opens": "12:00", "closes": "09:00"}]},
     "closing time must be later than the opening time"),
    ("opening_hours", {"opening_hours": [{"weekday": 1, "opens": "09:00", "closes": "09:00"}]},
     "closing time must be later than the opening time"),
    ("opening_hours", {"opening_hours": [{"weekday": 7, "opens": "09:00", "closes": "12:00"}]}, "weekday"),
    ("name", {"name": "x" * 121}, "120"),
    ("description_nl", {"description_nl": "x" * 1001}, "1000"),
    ("categories", {"categories": []}, "at least one category"),
    ("categories", {"categories": ["pizza"]}, "Unknown category pizza"),
    ("languages_spoken", {"languages_spoken": ["Arabic"]}, "2 or 3 lowercase letters"),
]


@pytest.mark.parametrize("field, change, message", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_the_model_refuses_bad_values_with_a_clear_message(places, field, change, message):
    service = Service(municipality=places["almelo"], **service_fields(**change))
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert list(refused.value.message_dict) == [field]
    assert message in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize("raw, country, stored", [
    ("0546 – 45 69 09", "nl", "+31546456909"),
    ("0800 64 64 644", "nl", "+318006464644"),
    ("14 024", "nl", "+3114024"),
    ("113", "nl", "+31113"),
    ("09 210 10 10", "be", "+3292101010"),
    ("0800 13 500", "be", "+3280013500"),
    ("+32 9 210 10 10", "nl", "+3292101010"),
    ("", "nl", ""),
])
def test_phone_numbers_are_stored_in_e164(raw, country, stored):
    assert normalise_phone(raw, country) == stored


def test_a_local_service_takes_its_municipalitys_country_for_its_phone(places, make_service):
    gent = make_service(places["gent"], phone="09 210 10 10")
    assert (gent.country, gent.phone) == ("be", "+3292101010")


def test_opening_hours_as_typed_by_an_editor():
    slots = parse_opening_hours("ma 9.30-11:30, 13:00-16:00; vrijdag 09:30 - 11:30\nSun 10:00-12:00")
    assert slots == [{"weekday": 0, "opens": "09:30", "closes": "11:30"},
                     {"weekday": 0, "opens": "13:00", "closes": "16:00"},
                     {"weekday": 4, "opens": "09:30", "closes": "11:30"},
                     {"weekday": 6, "opens": "10:00", "closes": "12:00"}]
    assert format_opening_hours(slots) == "ma 09:30-11:30, 13:00-16:00; vr 09:30-11:30; zo 10:00-12:00"
    with pytest.raises(ValidationError, match="start with a day"):
        parse_opening_hours("sometimes 9-5")


def test_the_admin_form_shows_the_errors_and_saves_nothing(client, places, make_service, make_editor):
    service = make_service(places["almelo"], phone="0546 45 69 09")
    client.force_login(make_editor("almelo", places["almelo"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    page = client.get(url)
    assert page.context["adminform"].form["phone"].value() == "0546 456 909"     # shown as dialled

    data = form_data(page)
    data.update(phone="12", website="http://almelo.nl", description_nl="", name="x" * 121,
                opening_hours="ma 12:00-09:00")
    refused = client.post(url, data)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert set(errors) >= {"phone", "website", "description_nl", "name", "opening_hours"}
    page = refused.content.decode()
    assert "geen geldig Nederlands of Belgisch telefoonnummer" in page and "https://" in page
    assert "de sluitingstijd moet later zijn dan de openingstijd" in page
    service.refresh_from_db()
    assert (service.name, service.version, service.phone) == ("Schuldhulp", 1, "+31546456909")


def test_the_write_api_answers_400_with_the_same_messages(places, make_editor, api_client):
    api = api_client(make_editor("almelo", places["almelo"]))
    body = {**service_fields(), "last_verified": "2026-12-01", "website": "http://almelo.nl",
            "description_nl": "", "opening_hours": [{"weekday": 0, "opens": "12:00", "closes": "09:00"}]}
    refused = api.post("/api/v1/services/", body, format="json")
    assert refused.status_code == 400
    errors = refused.json()
    assert set(errors) == {"website", "description_nl", "opening_hours"}
    assert "closing time must be later" in " ".join(errors["opening_hours"])
    refused = api.post("/api/v1/services/", {**service_fields(), "last_verified": "2026-12-01", "phone": "12"},
                       format="json")
    assert refused.status_code == 400 and "not a valid Dutch or Belgian" in refused.json()["phone"][0]
    assert not Service.objects.exists()

    created = api.post("/api/v1/services/", {**service_fields(), "last_verified": "2026-12-01",
                                             "phone": "0546 45 69 09"}, format="json")
    assert created.status_code == 201 and created.json()["phone"] == "+31546456909"


def test_a_municipality_general_number_is_validated_for_its_country():
    gent = Municipality(code="44021", country="be", name="Gent", general_phone="09 210 10 10")
    gent.full_clean()
    assert gent.general_phone == "+3292101010"
    with pytest.raises(ValidationError) as refused:
        Municipality(code="GM268", country="nl", name="Nijmegen", website="http://nijmegen.nl").full_clean()
    assert set(refused.value.message_dict) == {"code", "website"}


INPUT = [
    ("name", {"name": "Stip \u202eOost"}, "U+202E"),                          # right-to-left override
    ("name", {"name": "Stip\u200bOost"}, "U+200B"),                           # zero-width space
    ("name", {"name": "Stip\u200cOost"}, "U+200C"),                           # a joiner between Latin letters
    ("name", {"name": "=HYPERLINK(1)"}, "="),
    ("website", {"website": "https://www.almelo.nl@evil.example/"}, "@"),
    ("website", {"website": "https://user:pw@almelo.nl/"}, "@"),
    ("website", {"website": "https://www.\u0430lmelo.nl/"}, "alphabets"),    # Cyrillic а
    ("website", {"website": "https://www.xn--lmelo-8fg.nl/"}, "alphabets"),  # the same, as punycode
    ("source_url", {"source_url": "https:///pad"}, "web address"),
    ("last_verified", {"last_verified": dt.date(2099, 1, 1)}, "future"),
    ("opening_hours", {"opening_hours": [{"weekday": 0, "opens": "09:00", "closes": "10:00"}] * 5000}, "at most"),
    ("opening_hours", {"opening_hours": [{"weekday": 0, "opens": "09:00", "closes": "12:00"},
                                         {"weekday": 0, "opens": "11:00", "closes": "13:00"}]}, "overlap"),
    ("languages_spoken", {"languages_spoken": ["nl"] * 2}, "once"),
    ("languages_spoken", {"languages_spoken": [f"a{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(30)]},
     "at most"),
    ("categories", {"categories": ["debt_help", "debt_help"]}, "once"),
]


@pytest.mark.parametrize("field, change, message", INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(INPUT)])
def test_invisible_characters_tricky_links_and_unbounded_lists_are_refused(places, field, change, message):
    service = Service(municipality=places["almelo"], **service_fields(**change))
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert list(refused.value.message_dict) == [field]
    assert message in " ".join(refused.value.message_dict[field])


def test_dari_names_keep_their_zero_width_non_joiner(places, make_service):
    from bot.directory.models import ServiceTranslation

    service = make_service(places["almelo"])
    dari = ServiceTranslation(service=service, language="prs", name="کمک می\u200cکند", description="متن")
    dari.full_clean()
    assert make_service(places["almelo"], name="Idn: café-almelo", website="https://www.café.nl/").website


def test_opening_hours_as_editors_write_them():
    assert parse_opening_hours("ma 9-12") == [{"weekday": 0, "opens": "09:00", "closes": "12:00"}]
    assert parse_opening_hours("ma-wo 9-12, 13:30-17") == [
        {"weekday": d, "opens": o, "closes": c} for d in range(3) for o, c in (("09:00", "12:00"), ("13:30", "17:00"))]
    assert parse_opening_hours("maandag t/m vrijdag 9.00 - 12.00 uur") == [
        {"weekday": d, "opens": "09:00", "closes": "12:00"} for d in range(5)]
    assert parse_opening_hours("za en zo 10u-14u") == [
        {"weekday": d, "opens": "10:00", "closes": "14:00"} for d in (5, 6)]
    with pytest.raises(ValidationError, match="start with a day"):
        parse_opening_hours("9-12")


def test_text_is_cleaned_of_control_characters_everywhere(places, make_editor, api_client):
    api = api_client(make_editor("almelo", places["almelo"]))
    created = api.post("/api/v1/services/", {**service_fields(), "last_verified": "2026-12-01",
                                             "description_nl": "Regel een\x0bregel twee\x07", "name": "Loket\x1b"},
                       format="json")
    assert created.status_code == 201, created.json()
    stored = Service.objects.get()
    assert (stored.name, stored.description_nl) == ("Loket", "Regel een\nregel twee")


def test_a_paid_number_is_saved_with_a_warning(client, places, make_service, make_editor):
    service = make_service(places["almelo"])
    client.force_login(make_editor("almelo", places["almelo"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    saved = client.post(url, {**form_data(client.get(url)), "phone": "0900 1234567"}, follow=True)
    service.refresh_from_db()
    assert service.phone == "+319001234567"
    warnings = [str(m) for m in saved.context["messages"] if m.level_tag == "warning"]
    assert warnings and "0900" in warnings[0]

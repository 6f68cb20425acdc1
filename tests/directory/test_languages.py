"""The admin speaks Dutch to editors, English when they choose it (issue 16);
the API answers in English unless asked for Dutch."""
import gettext
import pathlib

from babel.messages.pofile import read_po
from django.urls import reverse

LOCALE = pathlib.Path(__file__).resolve().parents[2] / "bot" / "directory" / "locale" / "nl" / "LC_MESSAGES"


def test_the_admin_is_in_dutch_and_english_on_request(client, places, make_service, make_editor):
    service = make_service(places["almelo"])
    client.force_login(make_editor("almelo", places["almelo"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()     # a browser in English
    for text in ('lang="nl"', "Nederlandse beschrijving", "Openingstijden", "Gesproken talen", "Opslaan",
                 "Voorbeeld (zonder opslaan)", "Laatst gecontroleerd", "Binnenlopen of op afspraak"):
        assert text in dutch, text
    switched = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert switched.status_code == 302
    english = client.get(url).content.decode()
    for text in ('lang="en"', "Dutch description", "Opening hours", "Languages spoken", "Save"):
        assert text in english, text
    assert "Nederlandse beschrijving" not in english


def test_the_api_answers_in_english_unless_asked_for_dutch(client, places):
    assert "Unknown municipality" in client.get("/api/v1/municipalities/GM9999").json()["detail"]
    answer = client.get("/api/v1/municipalities/GM0141/services", {"category": "pizza"},
                        HTTP_ACCEPT_LANGUAGE="nl-NL,nl")
    assert answer.status_code == 400


def test_every_text_has_its_dutch_translation_and_the_catalog_is_compiled():
    catalog = read_po((LOCALE / "django.po").open("rb"))
    untranslated = [message.id for message in catalog if message.id and not message.string]
    assert not untranslated
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    stale = [message.id for message in catalog if message.id and compiled.gettext(message.id) != message.string]
    assert not stale, "run msgfmt (README.md, Languages)"

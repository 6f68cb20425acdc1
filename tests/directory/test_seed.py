"""The municipalities table and the researched seed file load as they are,
and loading again changes nothing; the preview shows a seeded service as the
assistant would."""
import datetime as dt

from django.core.management import call_command
from django.urls import reverse

from bot.directory.models import Municipality, Service


def test_load_municipalities_takes_codes_official_and_display_names():
    call_command("load_municipalities")
    assert Municipality.objects.count() == 907
    assert Municipality.objects.filter(country="be").count() == 565
    hague = Municipality.objects.get(code="GM0518")
    assert hague.name == "'s-Gravenhage" and hague.names["en"] == "The Hague" and hague.names["nl"] == "Den Haag"
    assert Municipality.objects.get(code="44021").names["en"] == "Ghent"
    assert "nl" not in Municipality.objects.get(code="GM0268").names      # same as the official name


def test_seed_loads_the_seed_file_and_a_second_run_keeps_everything():
    call_command("seed")                     # loads the municipalities first, the table being empty
    assert Municipality.objects.count() == 907
    assert Service.objects.count() == 15

    gent = Municipality.objects.get(code="44021")
    assert (gent.general_phone, gent.website) == ("+3292101010", "https://stad.gent")
    assert gent.source_url.startswith("https://persruimte.stad.gent/") and "Gentinfo" in gent.source_note
    assert Municipality.objects.get(code="GM0268").general_phone == "+3114024"

    line = Service.objects.get(name="Zorgverzekeringslijn")
    assert (line.municipality, line.country, line.categories) == (None, "nl", ["health_insurance"])
    assert (line.phone, line.website, line.source_url, line.last_verified) == (
        "+318006464644", "https://www.zorgverzekeringslijn.nl/", "https://www.zorgverzekeringslijn.nl/",
        dt.date(2026, 11, 22))
    assert "facts.md" in line.source_note
    english = line.translations.get()
    assert (english.language, english.reviewed) == ("en", False)
    assert english.description.startswith("Information line about the compulsory Dutch")

    gp = Service.objects.get(name="Huisarts kiezen en inschrijven (GPinfo)")
    dari = gp.translations.get(language="prs")
    assert (gp.municipality, gp.categories, dari.reviewed) == (None, ["gp_registration"], False)
    assert dari.name.startswith("انتخاب داکتر فامیلی")

    almelo = Service.objects.get(municipality="GM0141")
    assert almelo.phone == "+31546456909" and almelo.access == "both"
    assert almelo.opening_hours[0] == {"weekday": 0, "opens": "09:30", "closes": "11:30"}
    assert Service.objects.get(name="113 Zelfmoordpreventie").phone == "+31113"
    assert Service.objects.filter(municipality="44021", country="be").count() == 2

    call_command("seed")
    assert Service.objects.count() == 15 and not Service.objects.filter(version__gt=1).exists()


def test_preview_shows_the_service_in_the_five_languages(client, django_user_model):
    call_command("seed")
    admin = django_user_model.objects.create_superuser("beheer", password="a-long-test-passphrase-42")
    client.force_login(admin)
    line = Service.objects.get(name="Zorgverzekeringslijn")
    page = client.get(reverse("admin:services_service_preview", args=[line.pk]))
    assert page.status_code == 200
    assert [p["lang"] for p in page.context["previews"]] == ["nl", "ar", "ti", "prs", "en"]
    english = page.context["previews"][-1]
    assert "Information line about the compulsory Dutch" in ("\n".join(english["lines"]) or english["json"])
    assert "+318006464644" in page.context["previews"][0]["json"]


def test_preview_shows_the_json_when_the_assistants_rendering_fails(client, places, make_service, make_editor,
                                                                  monkeypatch):
    from bot.directory import admin

    def broken(service, lang):
        raise ValueError("cannot render")

    monkeypatch.setattr(admin, "render_service", broken)
    service = make_service(places["nijmegen"], name="Stip Oost")
    client.force_login(make_editor("anna", places["nijmegen"]))
    page = client.get(reverse("admin:services_service_preview", args=[service.pk]))
    assert page.status_code == 200 and all(not p["lines"] and p["error"] for p in page.context["previews"])
    assert "Stip Oost" in page.context["previews"][0]["json"]

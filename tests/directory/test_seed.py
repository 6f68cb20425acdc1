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
    assert Service.objects.count() == 18

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
    english = line.translations.get(language="en")
    assert english.reviewed is False
    assert english.description.startswith("Information line about the compulsory Dutch")
    assert "verblijfsvergunning ingaat" in line.description_nl        # not "from registration" (NL-HI1)
    # National services reach every user in their language, marked unreviewed.
    assert {t.language for t in line.translations.all()} == {"en", "ar", "ti", "prs"}
    assert not line.translations.filter(reviewed=True).exists()
    belgian = Service.objects.get(name="Zelfmoordlijn 1813")
    assert (belgian.country, belgian.municipality, belgian.phone) == ("be", None, "+321813")

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
    assert Service.objects.count() == 18 and not Service.objects.filter(version__gt=1).exists()


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


def test_seeding_again_never_undoes_an_editors_work(client, make_editor):
    """Issue 12: every `make run` start seeded again, resetting a municipality's number,
    bringing back deleted services and duplicating renamed ones."""
    call_command("seed")
    national = make_editor("landelijk", national=True)
    client.force_login(national)
    url = reverse("admin:services_municipality_change", args=["GM0268"])
    from .conftest import form_data
    assert client.post(url, {**form_data(client.get(url)), "general_phone": "024 329 99 99",
                             "website": "https://nijmegen.example"}).status_code == 302
    gp = Service.objects.get(name="Huisarts kiezen en inschrijven (GPinfo)")
    gp.name = "Huisarts kiezen (GPinfo)"
    gp.save_if_unchanged(gp.version)
    line = Service.objects.get(name="Zorgverzekeringslijn")
    line._history_user = national
    line.delete()
    almelo = Service.objects.get(municipality="GM0141")
    almelo.phone = "+31546123456"
    almelo.save_if_unchanged(almelo.version)
    count = Service.objects.count()

    for _ in range(2):
        call_command("seed")
        call_command("seed", "--update")
    nijmegen = Municipality.objects.get(code="GM0268")
    assert (nijmegen.general_phone, nijmegen.website) == ("+31243299999", "https://nijmegen.example")
    assert not Service.objects.filter(name="Zorgverzekeringslijn").exists()
    assert not Service.objects.filter(name="Huisarts kiezen en inschrijven (GPinfo)").exists()
    assert Service.objects.filter(name="Huisarts kiezen (GPinfo)").count() == 1
    assert Service.objects.get(municipality="GM0141").phone == "+31546123456"
    assert Service.objects.count() == count


def test_a_new_seed_entry_loads_and_update_only_touches_untouched_services(tmp_path):
    call_command("load_municipalities")
    seed_file = tmp_path / "extra.yml"
    entry = ("services:\n  - name: Taalhuis Almelo\n    municipality: GM0141\n    categories: [language_courses]\n"
             "    description_nl: {text}\n    source_url: https://example.org/taalhuis\n    last_verified: 2026-11-30\n")
    seed_file.write_text(entry.format(text="Gratis taallessen."))
    call_command("seed", str(seed_file))
    assert Service.objects.get(name="Taalhuis Almelo").description_nl == "Gratis taallessen."
    seed_file.write_text(entry.format(text="Gratis taallessen, elke week."))
    call_command("seed", str(seed_file))                    # without --update: kept
    assert Service.objects.get(name="Taalhuis Almelo").description_nl == "Gratis taallessen."
    call_command("seed", str(seed_file), "--update")        # untouched by editors: updated
    service = Service.objects.get(name="Taalhuis Almelo")
    assert service.description_nl == "Gratis taallessen, elke week." and service.version == 2
    service.description_nl = "Door de redacteur herschreven."
    service.save_if_unchanged(service.version)
    seed_file.write_text(entry.format(text="Nog een versie."))
    call_command("seed", str(seed_file), "--update")        # an editor changed it: kept
    assert Service.objects.get(name="Taalhuis Almelo").description_nl == "Door de redacteur herschreven."


def test_a_store_seeded_before_seed_records_keeps_deletions():
    """A store seeded by the old seed (no SeedRecords) is recognised from its history."""
    from bot.directory.models import SeedRecord

    call_command("seed")
    Service.objects.get(name="Zorgverzekeringslijn").delete()
    SeedRecord.objects.all().delete()
    call_command("seed")
    assert not Service.objects.filter(name="Zorgverzekeringslijn").exists()
    assert Service.objects.count() == 17

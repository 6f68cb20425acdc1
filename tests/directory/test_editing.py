"""What editors asked for (issue 16): a new service starts as a draft with a
preview before it is published, changes can be previewed before saving,
text fields follow the typed direction, languages are ticked by name, and
translations travel through the write API too."""
import re

from django.urls import reverse

from bot.directory.models import Service, ServiceTranslation

from .conftest import form_data, service_fields


def new_service_data(**fields):
    return {**service_fields(), "last_verified": "2026-12-01", "cost": "unknown", "municipality": "GM0141",
            "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "0", "translations-0-language": "prs",
            "translations-0-description": "کمک در آلملو", **fields}


def test_a_new_service_is_a_draft_until_published_from_its_preview(client, places, make_editor):
    client.force_login(make_editor("almelo", places["almelo"]))
    add_url = reverse("admin:services_service_add")
    assert client.get(add_url).context["adminform"].form["is_active"].value() is False
    saved = client.post(add_url, new_service_data())
    service = Service.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("admin:services_service_preview",
                                                                     args=[service.pk])
    assert not service.is_active
    assert client.get("/api/v1/municipalities/GM0141/services").json()["local"] == []
    preview = client.get(saved["Location"])
    assert preview.context["inactive"] and 'id="publish"' in preview.content.decode()
    assert "کمک در آلملو" in preview.content.decode()

    published = client.post(reverse("admin:services_service_publish", args=[service.pk]),
                            {"version": service.version, "publish": "1"})
    assert published.status_code == 302
    service.refresh_from_db()
    assert service.is_active and service.version == 2
    assert [s["name"] for s in client.get("/api/v1/municipalities/GM0141/services").json()["local"]] == [
        service.name]
    stale = client.post(reverse("admin:services_service_publish", args=[service.pk]),
                        {"version": 1, "publish": "0"})
    assert stale.status_code == 302
    service.refresh_from_db()
    assert service.is_active                   # an old page cannot unpublish a newer version


def test_changes_can_be_previewed_before_they_are_saved(client, places, make_service, make_editor):
    service = make_service(places["almelo"], description_nl="Oude tekst.")
    client.force_login(make_editor("almelo", places["almelo"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    data = {**form_data(client.get(url)), "description_nl": "Nieuwe tekst.", "_preview": "1"}
    preview = client.post(url, data)
    assert preview.status_code == 200 and preview.context["unsaved"]
    assert "Nieuwe tekst." in preview.content.decode()
    service.refresh_from_db()
    assert (service.description_nl, service.version, service.history.count()) == ("Oude tekst.", 1, 1)
    posted = dict(preview.context["posted"])
    assert posted["description_nl"] == "Nieuwe tekst." and "_preview" not in posted
    del data["_preview"]
    assert client.post(url, {**data, "_save": "1"}).status_code == 302
    service.refresh_from_db()
    assert service.description_nl == "Nieuwe tekst."


def test_text_fields_follow_the_typed_direction_and_languages_are_ticked_by_name(client, places, make_service,
                                                                                 make_editor):
    service = make_service(places["almelo"], languages_spoken=["nl", "xh"])
    ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة")
    client.force_login(make_editor("almelo", places["almelo"]))
    page = client.get(reverse("admin:services_service_change", args=[service.pk]))
    html = page.content.decode()
    for name in ("name", "description_nl", "translations-0-description", "translations-0-name"):
        assert f'dir="auto"' in re.search(rf'<(?:textarea|input)[^>]*name="{name}"[^>]*>', html).group(0)
    choices = dict(page.context["adminform"].form.fields["languages_spoken"].choices)
    assert choices["ar"] == "Arabisch" and choices["prs"] == "Dari" and "xh" in choices
    data = {**form_data(page), "languages_spoken": ["nl", "ar", "ti"]}
    assert client.post(reverse("admin:services_service_change", args=[service.pk]), data).status_code == 302
    service.refresh_from_db()
    assert service.languages_spoken == ["nl", "ar", "ti"]


def test_translations_through_the_write_api(places, make_editor, api_client):
    api = api_client(make_editor("almelo", places["almelo"]))
    body = {**service_fields(), "last_verified": "2026-12-01",
            "translations": [{"language": "ar", "description": "مساعدة", "reviewed": True},
                             {"language": "en", "name": "Debt help", "description": "Help with debts."}]}
    created = api.post("/api/v1/services/", body, format="json")
    assert created.status_code == 201, created.json()
    read = api.get(f"/api/v1/services/{created.json()['id']}/").json()
    assert {t["language"]: (t["description"], t["reviewed"], t["outdated"]) for t in read["translations"]} == {
        "ar": ("مساعدة", True, False), "en": ("Help with debts.", False, False)}
    changed = api.patch(f"/api/v1/services/{read['id']}/", {
        "version": read["version"], "translations": [{"language": "ar", "description": "مساعدة جديدة",
                                                      "reviewed": True}]}, format="json")
    assert changed.status_code == 200, changed.json()
    service = Service.objects.get()
    arabic = service.translations.get()
    assert (arabic.description, arabic.reviewed) == ("مساعدة جديدة", False)     # changed text: review again
    refused = api.patch(f"/api/v1/services/{read['id']}/", {
        "version": 2, "translations": [{"language": "de", "description": "Hilfe"}]}, format="json")
    assert refused.status_code == 400 and "translations" in refused.json()

"""Every change is recorded with who made it and when, and an earlier
version can be brought back from the admin."""
import datetime as dt

from django.urls import reverse
from django.utils import timezone

from .conftest import form_data


def test_an_admin_change_is_recorded_with_who_and_when_and_can_be_reverted(client, places, make_service,
                                                                           make_editor):
    service = make_service(places["nijmegen"], phone="024 329 99 99")
    editor = make_editor("anna", places["nijmegen"])
    client.force_login(editor)
    url = reverse("admin:services_service_change", args=[service.pk])
    assert client.post(url, {**form_data(client.get(url)), "phone": "024 123 45 67"}).status_code == 302

    change = service.history.first()           # newest first
    assert change.history_user == editor and change.phone == "+31241234567"
    assert timezone.now() - change.history_date < dt.timedelta(minutes=1)
    history_page = client.get(reverse("admin:services_service_history", args=[service.pk])).content.decode()
    assert "anna" in history_page

    original = service.history.earliest()
    revert_url = reverse("admin:services_service_simple_history", args=[service.pk, original.history_id])
    form = client.get(revert_url)
    assert form.status_code == 200
    assert client.post(revert_url, form_data(form)).status_code == 302
    service.refresh_from_db()
    assert (service.phone, service.version) == ("+31243299999", 3)
    assert service.history.first().history_user == editor


def test_revert_is_refused_after_someone_else_saved(client, places, make_service, make_editor):
    service = make_service(places["nijmegen"], address="Eerste adres")
    client.force_login(make_editor("anna", places["nijmegen"]))
    revert_url = reverse("admin:services_service_simple_history",
                         args=[service.pk, service.history.earliest().history_id])
    form = client.get(revert_url)
    service.address = "Tweede adres"
    service.save_if_unchanged(1)
    refused = client.post(revert_url, form_data(form))
    assert refused.status_code == 200 and "Iemand anders heeft deze dienst gewijzigd" in refused.content.decode()
    service.refresh_from_db()
    assert service.address == "Tweede adres"


def test_an_editor_cannot_revert_another_municipalitys_service(client, places, make_service, make_editor):
    almelo = make_service(places["almelo"])
    client.force_login(make_editor("anna", places["nijmegen"]))
    revert_url = reverse("admin:services_service_simple_history",
                         args=[almelo.pk, almelo.history.earliest().history_id])
    assert client.get(revert_url).status_code == 404
    assert client.post(revert_url, {"name": "Overgenomen"}).status_code == 404


def test_an_api_change_is_recorded_with_the_token_user(places, make_service, make_editor, api_client):
    service = make_service(places["nijmegen"])
    system = make_editor("nijmegen-systeem", places["nijmegen"])
    api = api_client(system)
    assert api.patch(f"/api/v1/services/{service.pk}/", {"address": "Stationsplein 1", "version": 1},
                     format="json").status_code == 200
    assert service.history.first().history_user == system
    assert api.delete(f"/api/v1/services/{service.pk}/").status_code == 204
    deleted = service.history.first()
    assert deleted.history_type == "-" and deleted.history_user == system


def test_a_bulk_deleted_service_comes_back_with_its_translations(client, places, make_service, make_editor):
    """Issue 16: a bulk-deleted service could not be restored (its versions gave 404)."""
    from bot.directory.models import Service, ServiceTranslation

    service = make_service(places["nijmegen"], name="Stip Oost")
    ServiceTranslation.objects.create(service=service, language="prs", description="کمک", reviewed=True)
    ServiceTranslation.objects.create(service=service, language="en", description="Help")
    other = make_service(places["almelo"], name="Almelo Sociaal")
    client.force_login(make_editor("anna", places["nijmegen"]))
    changelist = reverse("admin:services_service_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [service.pk], "post": "yes"})
    assert not Service.objects.filter(pk=service.pk).exists()
    other_id = other.pk
    other.delete()

    deleted = client.get(reverse("admin:services_service_deleted"))
    assert [r.id for r in deleted.context["records"]] == [service.pk]          # not Almelo's
    assert client.get(reverse("admin:services_service_history", args=[service.pk])).status_code == 200
    version = service.history.filter(history_type="+").get()
    assert client.get(reverse("admin:services_service_simple_history",
                              args=[service.pk, version.history_id])).status_code == 200
    almelo_record = Service.history.filter(id=other_id, history_type="-").get()
    assert client.post(reverse("admin:services_service_restore",
                               args=[almelo_record.history_id])).status_code == 404

    record = deleted.context["records"][0]
    assert client.post(reverse("admin:services_service_restore", args=[record.history_id])).status_code == 302
    back = Service.objects.get(pk=service.pk)
    assert back.name == "Stip Oost" and back.version == 2
    assert {(t.language, t.description, t.reviewed) for t in back.translations.all()} == {
        ("prs", "کمک", True), ("en", "Help", False)}
    assert back.history.first().history_user.username == "anna"
    assert not client.get(reverse("admin:services_service_deleted")).context["records"]


def test_a_deleted_service_comes_back_from_one_of_its_versions(client, places, make_service, make_editor):
    from bot.directory.models import Service

    service = make_service(places["nijmegen"], address="Eerste adres")
    service.address = "Tweede adres"
    service.save_if_unchanged(1)
    first = service.history.earliest()
    pk = service.pk
    service.delete()
    client.force_login(make_editor("anna", places["nijmegen"]))
    url = reverse("admin:services_service_simple_history", args=[pk, first.history_id])
    form = client.get(url)
    assert form.status_code == 200 and form.context["restoring"]
    assert client.post(url, form_data(form)).status_code == 302
    assert Service.objects.get(pk=pk).address == "Eerste adres"


def test_translation_changes_are_shown_and_reverted_with_the_service(client, places, make_service, make_editor):
    from bot.directory.models import ServiceTranslation

    service = make_service(places["nijmegen"], description_nl="Versie een.")
    ServiceTranslation.objects.create(service=service, language="ar", description="النسخة الأولى", reviewed=True)
    client.force_login(make_editor("anna", places["nijmegen"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    data = form_data(client.get(url))
    assert client.post(url, {**data, "description_nl": "Versie twee.",
                             "translations-0-description": "النسخة الثانية"}).status_code == 302
    history_page = client.get(reverse("admin:services_service_history", args=[service.pk]))
    assert "النسخة الثانية" in history_page.content.decode() and "النسخة الأولى" in history_page.content.decode()

    first = service.history.earliest()
    revert_url = reverse("admin:services_service_simple_history", args=[service.pk, first.history_id])
    form = client.get(revert_url)
    assert [t.description for t in form.context["translations_then"]] == ["النسخة الأولى"]
    assert client.post(revert_url, form_data(form)).status_code == 302
    service.refresh_from_db()
    translation = service.translations.get()
    assert (service.description_nl, translation.description) == ("Versie een.", "النسخة الأولى")
    assert translation.reviewed and not translation.outdated          # that text was reviewed, of that Dutch

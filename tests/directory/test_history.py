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
    assert refused.status_code == 200 and "Someone else changed this service" in refused.content.decode()
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

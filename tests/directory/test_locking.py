"""Two editors open the same service: the first save wins, the second is
refused with a clear message and overwrites nothing (admin and write API)."""
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from bot.directory.models import Service, VersionConflict

from .conftest import form_data, loaded_version


def test_admin_second_editor_gets_the_conflict_and_nothing_is_overwritten(places, make_service, make_editor):
    service = make_service(places["nijmegen"], name="Schuldhulp", address="Oude adres 1")
    url = reverse("admin:services_service_change", args=[service.pk])
    first, second = Client(), Client()
    first.force_login(make_editor("anna", places["nijmegen"]))
    second.force_login(make_editor("bram", places["nijmegen"]))
    first_form, second_form = first.get(url), second.get(url)
    assert loaded_version(first_form) == loaded_version(second_form) == "1"

    saved = first.post(url, {**form_data(first_form), "address": "Nieuwe adres 2"})
    assert saved.status_code == 302
    refused = second.post(url, {**form_data(second_form), "name": "Schuldhulp Nijmegen"})
    assert refused.status_code == 200
    assert ("Iemand anders heeft deze dienst gewijzigd sinds u hem opende: laad de pagina opnieuw om die "
            "wijzigingen te zien" in refused.content.decode())

    service.refresh_from_db()
    assert (service.name, service.address, service.version) == ("Schuldhulp", "Nieuwe adres 2", 2)
    assert service.history.count() == 2          # created, and the first editor's save

    reloaded = second.get(url)
    assert loaded_version(reloaded) == "2"
    assert second.post(url, {**form_data(reloaded), "name": "Schuldhulp Nijmegen"}).status_code == 302
    service.refresh_from_db()
    assert (service.name, service.address, service.version) == ("Schuldhulp Nijmegen", "Nieuwe adres 2", 3)


def test_admin_form_without_its_version_is_refused(client, places, make_service, make_editor):
    service = make_service(places["nijmegen"])
    client.force_login(make_editor("anna", places["nijmegen"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    data = form_data(client.get(url))
    del data["loaded_version"]
    assert client.post(url, {**data, "name": "Zonder versie"}).status_code == 200
    service.refresh_from_db()
    assert service.name == "Schuldhulp"


def test_api_second_writer_gets_409_and_nothing_is_overwritten(places, make_service, make_editor, api_client):
    service = make_service(places["nijmegen"], address="Oude adres 1")
    first = api_client(make_editor("systeem-a", places["nijmegen"]))
    second = api_client(make_editor("systeem-b", places["nijmegen"]))
    url = f"/api/v1/services/{service.pk}/"
    read_first, read_second = first.get(url).json(), second.get(url).json()
    assert read_first["version"] == read_second["version"] == 1

    saved = first.patch(url, {"address": "Nieuwe adres 2", "version": read_first["version"]}, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    refused = second.put(url, {**read_second, "name": "Overschreven"}, format="json")
    assert refused.status_code == 409
    assert "Someone else changed this service" in refused.json()["detail"]

    service.refresh_from_db()
    assert (service.name, service.address, service.version) == ("Schuldhulp", "Nieuwe adres 2", 2)
    missing = second.patch(url, {"name": "Zonder versie"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


def test_save_if_unchanged_refuses_a_stale_version(places, make_service):
    service = make_service(places["nijmegen"])
    stale_copy = Service.objects.get(pk=service.pk)
    service.name = "Eerst"
    service.save_if_unchanged(1)
    stale_copy.name = "Later"
    with pytest.raises(VersionConflict):
        stale_copy.save_if_unchanged(1)
    service.refresh_from_db()
    assert (service.name, service.version) == ("Eerst", 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_same_version_cannot_both_win(transactional_db, places, make_service):
    """The first save holds the row until it commits; the second, started meanwhile
    from the same version, waits and is then refused."""
    service = make_service(places["nijmegen"])
    first_saved, second_done = threading.Event(), threading.Event()
    outcome = {}

    def first():
        with transaction.atomic():
            mine = Service.objects.get(pk=service.pk)
            mine.name = "Eerste"
            mine.save_if_unchanged(1)
            first_saved.set()
            second_done.wait(timeout=1)      # the second writer is now blocked on our row lock
        connection.close()

    def second():
        first_saved.wait(timeout=10)
        theirs = Service.objects.get(pk=service.pk)
        theirs.name = "Tweede"
        try:
            theirs.save_if_unchanged(1)
            outcome["second"] = "saved"
        except VersionConflict:
            outcome["second"] = "conflict"
        second_done.set()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    service.refresh_from_db()
    assert outcome == {"second": "conflict"}
    assert (service.name, service.version) == ("Eerste", 2)


def test_two_national_editors_never_overwrite_a_municipality(places, make_editor):
    url = reverse("admin:services_municipality_change", args=["GM0268"])
    first, second = Client(), Client()
    first.force_login(make_editor("noor", national=True))
    second.force_login(make_editor("piet", national=True))
    first_form, second_form = first.get(url), second.get(url)
    assert first.post(url, {**form_data(first_form), "website": "https://www.nijmegen.nl"}).status_code == 302
    refused = second.post(url, {**form_data(second_form), "website": "https://nijmegen.example"})
    assert refused.status_code == 200
    assert "Iemand anders heeft deze gemeente gewijzigd sinds u haar opende" in refused.content.decode()
    places["nijmegen"].refresh_from_db()
    assert (places["nijmegen"].website, places["nijmegen"].version) == ("https://www.nijmegen.nl", 2)

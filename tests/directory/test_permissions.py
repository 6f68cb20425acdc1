"""An editor reaches only their own municipality's services, in the admin and
through the write API; national editors reach the national services."""
from django.urls import reverse

from bot.directory.models import Service

from .conftest import form_data, service_fields


def change_url(service):
    return reverse("admin:services_service_change", args=[service.pk])


def test_admin_changelist_shows_only_the_editors_municipality(client, places, make_service, make_editor):
    make_service(places["nijmegen"], name="Nijmeegse schuldhulp")
    make_service(places["almelo"], name="Almelose schuldhulp")
    make_service(None, name="Landelijke lijn")
    client.force_login(make_editor("nijmegen", places["nijmegen"]))
    page = client.get(reverse("admin:services_service_changelist")).content.decode()
    assert "Nijmeegse schuldhulp" in page
    assert "Almelose schuldhulp" not in page and "Landelijke lijn" not in page


def test_admin_another_municipalitys_service_cannot_be_seen_changed_or_deleted(
        client, places, make_service, make_editor):
    almelo = make_service(places["almelo"], name="Almelo Sociaal")
    client.force_login(make_editor("nijmegen", places["nijmegen"]))

    assert client.get(change_url(almelo)).status_code == 404
    assert client.post(change_url(almelo), {"name": "Overgenomen"}).status_code == 404
    assert client.post(reverse("admin:services_service_delete", args=[almelo.pk]), {"post": "yes"}).status_code == 404
    assert client.get(reverse("admin:services_service_history", args=[almelo.pk])).status_code in (403, 404)
    assert client.get(reverse("admin:services_service_preview", args=[almelo.pk])).status_code == 404
    bulk = client.post(reverse("admin:services_service_changelist"),
                       {"action": "delete_selected", "_selected_action": [almelo.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    almelo.refresh_from_db()
    assert almelo.name == "Almelo Sociaal"


def test_admin_new_service_is_fixed_to_the_editors_municipality(client, places, make_editor):
    client.force_login(make_editor("nijmegen", places["nijmegen"]))
    add_url = reverse("admin:services_service_add")
    page = client.get(add_url)
    assert list(page.context["adminform"].form.fields["municipality"].queryset) == [places["nijmegen"]]

    data = {**service_fields(), "last_verified": "2026-12-01", "cost": "unknown", "is_active": "on",
            "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"}
    for code in ("GM0141", ""):              # Almelo, or national
        refused = client.post(add_url, {**data, "municipality": code})
        assert refused.status_code == 200 and "municipality" in refused.context["adminform"].form.errors
    assert not Service.objects.exists()

    assert client.post(add_url, {**data, "municipality": "GM0268"}).status_code == 302
    assert Service.objects.get().municipality == places["nijmegen"]


def test_national_editor_edits_national_services_only(client, places, make_service, make_editor):
    national = make_service(None, name="Landelijke lijn")
    nijmegen = make_service(places["nijmegen"], name="Nijmeegse schuldhulp")
    client.force_login(make_editor("landelijk", national=True))

    assert client.get(change_url(nijmegen)).status_code == 404
    data = form_data(client.get(change_url(national)))
    assert client.post(change_url(national), {**data, "name": "Landelijke hulplijn"}).status_code == 302
    national.refresh_from_db()
    assert national.name == "Landelijke hulplijn" and national.version == 2


def test_municipal_editor_cannot_reach_national_services_or_municipalities(client, places, make_service,
                                                                           make_editor):
    national = make_service(None)
    client.force_login(make_editor("nijmegen", places["nijmegen"]))
    assert client.get(change_url(national)).status_code == 404
    assert client.get(reverse("admin:services_municipality_change", args=["GM0268"])).status_code == 403


def test_national_editor_edits_a_municipalitys_general_number(client, places, make_editor):
    client.force_login(make_editor("landelijk", national=True))
    url = reverse("admin:services_municipality_change", args=["GM0141"])
    data = form_data(client.get(url))
    assert client.post(url, {**data, "general_phone": "14 0546"}).status_code == 302
    places["almelo"].refresh_from_db()
    assert places["almelo"].general_phone == "+31140546"


def test_a_staff_user_without_editor_profile_sees_no_services(client, places, make_service, django_user_model):
    make_service(places["nijmegen"])
    user = django_user_model.objects.create_user("stagiair", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:services_service_changelist")).status_code == 403


def test_write_api_is_limited_to_the_token_users_municipality(places, make_service, make_editor, api_client):
    own = make_service(places["nijmegen"], name="Nijmeegse schuldhulp")
    almelo = make_service(places["almelo"], name="Almelo Sociaal")
    api = api_client(make_editor("nijmegen", places["nijmegen"]))

    assert [s["id"] for s in api.get("/api/v1/services/").json()] == [own.pk]
    assert api.get(f"/api/v1/services/{almelo.pk}/").status_code == 404
    assert api.patch(f"/api/v1/services/{almelo.pk}/", {"name": "Overgenomen", "version": 1},
                     format="json").status_code == 404
    assert api.delete(f"/api/v1/services/{almelo.pk}/").status_code == 404
    body = {**service_fields(), "last_verified": "2026-12-01"}
    assert api.post("/api/v1/services/", {**body, "municipality": "GM0141"}, format="json").status_code == 403
    assert api.post("/api/v1/services/", {**body, "municipality": None}, format="json").status_code == 403
    assert api.patch(f"/api/v1/services/{own.pk}/", {"municipality": "GM0141", "version": 1},
                     format="json").status_code == 403
    almelo.refresh_from_db()
    assert almelo.name == "Almelo Sociaal" and Service.objects.filter(municipality=places["almelo"]).count() == 1

    created = api.post("/api/v1/services/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["municipality"] == "GM0268" and created.json()["version"] == 1


def test_write_api_national_editor_and_anonymous(places, make_service, make_editor, api_client, django_user_model):
    national = make_service(None)
    make_service(places["nijmegen"])
    api = api_client(make_editor("landelijk", national=True))
    assert [s["id"] for s in api.get("/api/v1/services/").json()] == [national.pk]
    changed = api.patch(f"/api/v1/services/{national.pk}/", {"name": "Nieuwe naam", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2

    assert api_client().get("/api/v1/services/").status_code == 401
    outsider = django_user_model.objects.create_user("buiten", password="x")
    assert api_client(outsider).get("/api/v1/services/").status_code == 403

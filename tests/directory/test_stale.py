"""An entry not verified in over six months (183 days) is flagged: in the
API, so the assistant can say so, and in the admin, so editors re-check it."""
from django.urls import reverse

from bot.directory.models import Service

from .conftest import days_ago


def test_stale_after_183_days(client, places, make_service, make_editor):
    fresh = make_service(places["nijmegen"], name="Net gecontroleerd", last_verified=days_ago(183))
    old = make_service(places["nijmegen"], name="Lang geleden", last_verified=days_ago(184))
    assert (fresh.stale, old.stale) == (False, True)
    assert list(Service.objects.stale()) == [old] and list(Service.objects.fresh()) == [fresh]

    local = client.get("/api/v1/municipalities/GM0268/services", {"category": "debt_help"}).json()["local"]
    assert {s["name"]: s["stale"] for s in local} == {"Net gecontroleerd": False, "Lang geleden": True}

    client.force_login(make_editor("anna", places["nijmegen"]))
    changelist = reverse("admin:services_service_changelist")
    flagged = client.get(changelist, {"needs_verification": "yes"})
    assert [s.name for s in flagged.context["cl"].result_list] == ["Lang geleden"]
    assert [s.name for s in client.get(changelist, {"needs_verification": "no"}).context["cl"].result_list] == [
        "Net gecontroleerd"]
    assert "controle nodig" in client.get(changelist).content.decode()

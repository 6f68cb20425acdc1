"""Trust marks follow the text (issue 16): a changed translation is no longer
reviewed unless the reviewer ticks it again, and a changed Dutch text makes
the translations outdated; the read API never calls either reviewed."""
from django.urls import reverse

from bot.directory.models import ServiceTranslation

from .conftest import form_data


def arabic(client, code="GM0268"):
    return client.get(f"/api/v1/municipalities/{code}/services", {"lang": "ar"}).json()["local"][0]


def test_a_changed_translation_is_no_longer_reviewed(client, places, make_service):
    service = make_service(places["nijmegen"])
    translation = ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة",
                                                    reviewed=True)
    assert arabic(client)["translation_reviewed"] is True
    translation.description = "مساعدة في الديون"
    translation.save()                       # reviewed was left ticked
    translation.refresh_from_db()
    assert translation.reviewed is False
    assert arabic(client)["translation_reviewed"] is False
    translation.reviewed = True              # the reviewer ticks it for the new text
    translation.save()
    assert arabic(client)["translation_reviewed"] is True


def test_in_the_admin_a_changed_reviewed_translation_asks_for_a_new_review(client, places, make_service,
                                                                            make_editor):
    service = make_service(places["nijmegen"])
    translation = ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة",
                                                    reviewed=True)
    client.force_login(make_editor("anna", places["nijmegen"]))
    url = reverse("admin:services_service_change", args=[service.pk])
    data = form_data(client.get(url))
    assert data["translations-0-reviewed"] == "on"
    saved = client.post(url, {**data, "translations-0-description": "مساعدة جديدة"}, follow=True)
    assert saved.status_code == 200
    translation.refresh_from_db()
    assert (translation.description, translation.reviewed) == ("مساعدة جديدة", False)
    assert any("not reviewed" in str(m) or "niet gecontroleerd" in str(m) for m in saved.context["messages"])
    # Ticking it now (it is unticked) marks the new text reviewed.
    data = form_data(client.get(url))
    assert client.post(url, {**data, "translations-0-reviewed": "on"}).status_code == 302
    translation.refresh_from_db()
    assert translation.reviewed is True


def test_a_changed_dutch_text_makes_translations_outdated(client, places, make_service, make_editor):
    service = make_service(places["nijmegen"], description_nl="Hulp bij schulden.")
    translation = ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة",
                                                    reviewed=True)
    assert not translation.outdated
    service.description_nl = "Hulp bij schulden, alleen op afspraak."
    service.save_if_unchanged(service.version)
    translation.refresh_from_db()
    assert translation.outdated and not translation.trusted and translation.reviewed
    shown = arabic(client)
    assert (shown["translation_outdated"], shown["translation_reviewed"]) == (True, False)

    client.force_login(make_editor("anna", places["nijmegen"]))
    changelist = client.get(reverse("admin:services_service_changelist"), {"translations": "outdated"})
    assert [s.pk for s in changelist.context["cl"].result_list] == [service.pk]
    url = reverse("admin:services_service_change", args=[service.pk])
    data = form_data(client.get(url))
    assert client.post(url, {**data, "translations-0-still_current": "on"}).status_code == 302
    translation.refresh_from_db()
    assert not translation.outdated
    assert arabic(client)["translation_reviewed"] is True


def test_an_unreviewed_translation_never_appears_reviewed(client, places, make_service):
    service = make_service(places["nijmegen"])
    ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة")
    assert arabic(client)["translation_reviewed"] is False
    preview_lines = client.get(f"/api/v1/municipalities/GM0268/services", {"lang": "ar"}).json()
    assert preview_lines["local"][0]["translation_outdated"] is False

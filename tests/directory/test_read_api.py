"""The public read API the assistant calls: the municipality's own services,
the national ones of its country as a fallback list, in the asked language
when translated, public fields only."""
from bot.directory.models import ServiceTranslation

from .conftest import days_ago

CONTRACT = {"id", "name", "description", "language", "translation_reviewed", "translation_outdated", "address",
            "phone", "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
            "last_verified", "stale"}


def services(client, code, **params):
    return client.get(f"/api/v1/municipalities/{code}/services", params)


def test_local_services_and_the_national_fallback_of_the_same_country(client, places, make_service):
    make_service(places["nijmegen"], name="Stip Oost", phone="024 329 99 99",
                 opening_hours=[{"weekday": 0, "opens": "09:00", "closes": "12:00"}])
    make_service(places["nijmegen"], name="Taalhuis", categories=["language_courses"])
    make_service(places["nijmegen"], name="Gesloten loket", is_active=False)
    make_service(places["almelo"], name="Almelo Sociaal")
    make_service(None, name="Nibud geldlijn")
    make_service(None, name="Belgische schuldlijn", country="be")

    reply = services(client, "GM0268", category="debt_help", lang="nl")
    assert reply.status_code == 200
    body = reply.json()
    assert body["municipality"] == {"code": "GM0268", "name": "Nijmegen", "country": "nl",
                                    "general_phone": "+3114024", "website": None}
    assert [s["name"] for s in body["local"]] == ["Stip Oost"]
    assert [s["name"] for s in body["national"]] == ["Nibud geldlijn"]
    stip = body["local"][0]
    assert set(stip) == CONTRACT
    assert stip["phone"] == "+31243299999" and stip["email"] is None and stip["address"] is None
    assert stip["opening_hours"] == [{"weekday": 0, "opens": "09:00", "closes": "12:00"}]
    assert stip["last_verified"] == days_ago(0).isoformat() and stip["stale"] is False

    gent = services(client, "44021", category="debt_help").json()
    assert gent["local"] == [] and [s["name"] for s in gent["national"]] == ["Belgische schuldlijn"]
    assert gent["municipality"]["country"] == "be"

    everything = services(client, "GM0268").json()
    assert [s["name"] for s in everything["local"]] == ["Stip Oost", "Taalhuis"]


def test_the_asked_language_when_translated_with_the_reviewed_flag_else_dutch(client, places, make_service):
    stip = make_service(places["nijmegen"], name="Stip Oost", description_nl="Hulp bij geldzaken.")
    ServiceTranslation.objects.create(service=stip, language="ar", name="ستيب أوست",
                                      description="مساعدة في الأمور المالية.", reviewed=True)
    ServiceTranslation.objects.create(service=stip, language="en", description="Help with money.")

    arabic = services(client, "GM0268", category="debt_help", lang="ar").json()["local"][0]
    assert (arabic["name"], arabic["description"], arabic["language"], arabic["translation_reviewed"]) == (
        "ستيب أوست", "مساعدة في الأمور المالية.", "ar", True)
    english = services(client, "GM0268", category="debt_help", lang="en").json()["local"][0]
    assert (english["name"], english["description"], english["language"], english["translation_reviewed"]) == (
        "Stip Oost", "Help with money.", "en", False)                   # no translated name: the Dutch one
    tigrinya = services(client, "GM0268", category="debt_help", lang="ti").json()["local"][0]
    assert (tigrinya["description"], tigrinya["language"], tigrinya["translation_reviewed"]) == (
        "Hulp bij geldzaken.", "nl", None)
    dutch = services(client, "GM0268", category="debt_help", lang="nl").json()["local"][0]
    assert (dutch["language"], dutch["translation_reviewed"]) == ("nl", None)


def test_no_private_fields(client, places, make_service, make_editor):
    make_editor("anna", places["nijmegen"])
    make_service(places["nijmegen"], source_note="Gebeld met de balie, mevrouw De Vries.")
    body = client.get("/api/v1/municipalities/GM0268/services", {"category": "debt_help"}).content.decode()
    for private in ("version", "source_note", "De Vries", "anna", "is_active", "history", "editor"):
        assert private not in body


def test_errors(client, places):
    unknown = services(client, "GM9999", category="debt_help")
    assert unknown.status_code == 404 and "GM9999" in unknown.json()["detail"]
    assert services(client, "GM0268", category="pizza").status_code == 400
    assert "detail" in services(client, "GM0268", category="pizza").json()
    assert services(client, "GM0268", category="debt_help", lang="fr").status_code == 400


def test_municipality_health_schema_and_docs(client, places):
    assert client.get("/api/v1/municipalities/GM0268").json() == {
        "code": "GM0268", "name": "Nijmegen", "country": "nl", "general_phone": "+3114024", "website": None}
    assert client.get("/api/v1/municipalities/GM0000").status_code == 404
    assert client.get("/api/health").json() == {"ok": True}
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/municipalities/{code}/services" in schema["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "/api/v1/services/{id}/" in docs and "<script" not in docs

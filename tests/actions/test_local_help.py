"""action_find_local_services with a stand-in for the municipal directory's API."""
import pytest

from actions import local_help
from bot.core import catalogs
from bot.local_help.client import DirectoryClient
from tests.actions.conftest import tracker
from tests.conftest import free_port, json_server

SERVICE = {"id": 1, "name": "Almelo Sociaal", "description": "Hulp bij geldzaken.", "language": "nl",
           "translation_reviewed": None, "phone": "+31546000000", "source_url": "https://example.org",
           "last_verified": "2026-12-02", "stale": False}


@pytest.fixture
def directory(monkeypatch):
    answer = {"municipality": {"code": "GM0141", "name": "Almelo", "general_phone": None},
              "local": [dict(SERVICE, id=n, name=f"Dienst {n}") for n in range(1, 5)], "national": []}
    with json_server(lambda path: (200, answer)) as url:
        monkeypatch.setattr(local_help, "CLIENT", DirectoryClient(url, cache_seconds=0))
        yield


def texts(dispatcher):
    return [m["text"] for m in dispatcher.messages]


async def test_without_a_municipality_it_is_asked_once_and_the_category_waits(dispatcher, domain, directory):
    events = await local_help.ActionFindLocalServices().run(dispatcher, tracker("money_debt"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_municipality"]
    assert {"event": "slot", "name": "services_waiting", "value": "debt_help", "timestamp": None} in events


async def test_a_page_of_services_with_more_then_the_rest(dispatcher, domain, directory):
    slots = {"municipality": "GM0141", "language": "en"}
    events = await local_help.ActionFindLocalServices().run(dispatcher, tracker("money_debt", slots=slots), domain)
    assert "Dienst 1" in texts(dispatcher)[1] and dispatcher.messages[-1]["buttons"][0]["payload"] == "/more_services"
    offset = {e["name"]: e["value"] for e in events}["services_offset"]
    more = tracker("more_services", slots={**slots, "services_category": "debt_help", "services_offset": offset})
    second = type(dispatcher)()
    await local_help.ActionFindLocalServices().run(second, more, domain)
    assert "Dienst 4" in texts(second)[0] and not second.messages[-1]["buttons"]


async def test_more_with_nothing_more_says_so(dispatcher, domain, directory):
    await local_help.ActionFindLocalServices().run(dispatcher, tracker("more_services", slots={"language": "nl"}),
                                                   domain)
    assert texts(dispatcher) == [catalogs.text("services.no_more", "nl")]


async def test_an_unreachable_directory_is_said_in_the_users_language(dispatcher, domain, monkeypatch):
    monkeypatch.setattr(local_help, "CLIENT", DirectoryClient(f"http://127.0.0.1:{free_port()}"))
    slots = {"municipality": "GM0141", "language": "ar"}
    await local_help.ActionFindLocalServices().run(dispatcher, tracker("housing", slots=slots), domain)
    assert texts(dispatcher) == [catalogs.text("services.unavailable", "ar")]
    assert dispatcher.messages[0]["custom"] == {"language": "ar"}

"""Local services in the conversation, end to end: the local chat, the
Rasa server with the trained model, the action server and the services
admin/API with its seed data (conftest `samen`). A Dari-speaking user in
Almelo asking for a doctor: tests/e2e/test_admin_browser.py, before and
after an Almelo editor adds Almelo's own GP service."""
import pytest

from tests.conftest import shown
from tests.e2e.test_local_chat import chat, turns

pytestmark = pytest.mark.model


def test_the_municipality_is_asked_once_then_its_own_services_follow(samen):
    out = chat(samen, "4", "ik heb schulden en kan mijn rekeningen niet betalen", "Nijmegen", "/quit")
    asked, listed = turns(out)[1], turns(out)[2]
    assert shown("utter_ask_municipality", "nl") in asked
    assert shown("services.header", "nl", municipality="Nijmegen") in listed
    assert "Financieel Expert in de Wijk" in listed


def test_a_postcode_finds_the_municipality(samen):
    # 7607 AB is in Almelo according to the (stand-in) PDOK Locatieserver.
    out = chat(samen, "5", "where can I get help with my debts", "my postcode is 7607 AB", "/quit")
    listed = turns(out)[2]
    assert "Almelo Sociaal" in listed


def test_an_asked_topic_is_counted_for_the_municipality_without_any_text(samen):
    """The directory's statistics (what newcomers ask): one counter per
    municipality, topic, language and month; nothing of the message."""
    import sqlite3
    import time

    database = samen[1]["DATABASE_URL"].removeprefix("sqlite:///")

    def counted():
        with sqlite3.connect(database) as db:
            return dict(db.execute("SELECT municipality_id || ' ' || category || ' ' || language, count "
                                   "FROM services_questioncount").fetchall())

    before = counted().get("GM0141 housing ar", 0)
    chat(samen, "1", "انا ساكن بالميلو", "بدنا بيت اكبر، العيلة وصلت", "/quit")
    deadline = time.monotonic() + 10
    while counted().get("GM0141 housing ar", 0) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert counted()["GM0141 housing ar"] == before + 1
    with sqlite3.connect(database) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(services_questioncount)")]
    assert set(columns) == {"id", "municipality_id", "month", "category", "language", "count"}

"""`make load`'s correctness scenario on the embedded stack (the `samen`
fixture: one Rasa, SQLite, locks in memory): a few chats in the five
languages at once, every message answered once and kept once, in order.
Timing is reported by `make load`, never asserted here."""
import asyncio

import pytest

from tools.load.harness import run_scenario
from tools.load.scripts import LANGUAGES, TURNS

pytestmark = pytest.mark.model


def correctness(urls, store_url, chats=5):
    report = asyncio.run(run_scenario(urls.rasa_urls or (urls.rasa_url,), "closed", chats, 0, store_url,
                                      urls.processes, turns_per_chat=len(TURNS)))
    checks = report["checks"]
    assert checks["store_checked"]
    assert checks["sent"] == chats * len(TURNS)
    assert (checks["answered"], checks["lost"], checks["errors"]) == (chats * len(TURNS), 0, {})
    assert (checks["answered_twice"], checks["out_of_order"], checks["lost_in_store"]) == (0, 0, 0)
    assert set(report["turns_by_language"]) == set(LANGUAGES)
    assert {"rasa", "actions"} <= set(report["rss"])
    return report


def test_a_few_chats_in_five_languages_lose_nothing_and_stay_in_order(samen):
    urls, env = samen
    correctness(urls, env["TRACKER_STORE_URL"])

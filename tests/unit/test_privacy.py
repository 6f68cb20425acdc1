"""What Samen keeps can be deleted: on request, and after the retention period."""
import asyncio
import time

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.conversations import repository as privacy


@pytest.fixture
def store(tmp_path):
    config = EndpointConfig(type="SQL", dialect="sqlite", db=str(tmp_path / "tracker.db"))
    return TrackerStore.create(config, Domain.empty())


def save(store, sender, age_days=0.0):
    stamp = time.time() - age_days * 86400
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hallo", timestamp=stamp)])
    asyncio.run(store.save(tracker))


def stored(store, sender):
    tracker = asyncio.run(store.retrieve(sender))
    return bool(tracker and tracker.events)


def test_forget_deletes_one_conversation_and_nothing_else(store):
    save(store, "a"), save(store, "b")
    assert privacy.forget(store, "a") > 0
    assert not stored(store, "a") and stored(store, "b")


def test_conversations_are_deleted_after_the_retention_period(store):
    save(store, "old", age_days=privacy.RETENTION_DAYS + 1)
    save(store, "recent", age_days=privacy.RETENTION_DAYS - 1)
    assert privacy.purge(store) == 1
    assert not stored(store, "old") and stored(store, "recent")


def test_the_privacy_answer_states_the_real_retention_period():
    from bot.nlg.render import Renderer

    text = Renderer().render("utter_ask_privacy", {"slots": {"language": "en"}})["text"]
    assert f"{privacy.RETENTION_DAYS} days" in text and "/forget" in text

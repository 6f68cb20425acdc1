"""Actions run the way rasa-demo tests them: a Tracker built from a dict, a
CollectingDispatcher, and the domain, without a Rasa server."""
import pathlib

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(intent: str, text: str = "", slots: dict | None = None, entities: list | None = None,
            metadata: dict | None = None, language: str | None = None) -> Tracker:
    """A tracker whose latest message has this intent, text and entities."""
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text,
              "metadata": metadata or {}}
    if language:
        latest["language"] = {"name": language, "confidence": 0.99}
    return Tracker.from_dict({"sender_id": "test", "slots": slots or {}, "latest_message": latest,
                              "events": [], "paused": False, "followup_action": None, "active_loop": {},
                              "latest_action_name": "action_listen"})


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()

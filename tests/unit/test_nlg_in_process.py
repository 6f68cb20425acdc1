"""Rasa renders responses in its own process (endpoints.yml `nlg`,
bot/rasa_server/nlg.py) exactly as the NLG endpoint would from the whole
tracker that Rasa's callback generator sends."""
import asyncio

import pytest
import yaml
from rasa.core.nlg.callback import nlg_request_format
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.nlg.render import Renderer
from bot.rasa_server.nlg import CatalogNLG
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


@pytest.fixture(scope="module")
def nlg(renderer):
    return CatalogNLG(renderer=renderer)


def tracker(slots: dict, language: str | None = None) -> DialogueStateTracker:
    parse = {"intent": {"name": "greet", "confidence": 0.9}, "entities": []}
    if language:
        parse["language"] = {"name": language, "confidence": 0.9}
    events = [UserUttered("hallo", parse_data=parse), *(SlotSet(name, value) for name, value in slots.items())]
    return DialogueStateTracker.from_events("someone", events)


def generated(nlg, name, state, **arguments):
    return asyncio.run(nlg.generate(name, state, "rest", domain_responses={}, **arguments))


def callback(renderer, name, state, **arguments):
    """What the action server's /nlg answers to Rasa's callback request."""
    body = nlg_request_format(name, state, "rest", **arguments)
    return renderer.respond(body["response"], body["tracker"], body["arguments"])


def test_endpoints_yml_loads_the_in_process_generator():
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())["nlg"]
    made = NaturalLanguageGenerator.create(EndpointConfig(**config), Domain.empty())
    assert isinstance(made, CatalogNLG)


def test_renders_with_translated_buttons(nlg):
    message = generated(nlg, "utter_ask_country", tracker({"language": "nl"}))
    assert [b["title"] for b in message["buttons"]] == ["Nederland", "België"]
    assert message["custom"] == {"language": "nl"}


@pytest.mark.parametrize("name, slots, language, arguments", [
    ("utter_ask_country", {"language": "ar"}, None, {}),
    ("utter_greet", {}, "ti", {}),
    ("utter_default", {"language": "en"}, None, {}),
    ("utter_ask_country", {"language": "prs", "review_notice": "prs"}, None, {"more_follows": False}),
])
def test_the_same_message_as_the_callback(nlg, renderer, name, slots, language, arguments):
    state = tracker(slots, language)
    assert generated(nlg, name, state, **arguments) == callback(renderer, name, state, **arguments)


def test_an_undeclared_response_gets_the_rephrase_prompt(nlg):
    assert generated(nlg, "utter_default", tracker({"language": "en"}))["text"].startswith("Sorry")

"""Samen's responses rendered in the Rasa process itself (endpoints.yml
`nlg: type: bot.rasa_server.nlg.CatalogNLG`), by the same renderer the
action server's /nlg endpoint uses (bot/nlg/render.py): one source of texts,
the locale catalogs.

Why in process: Rasa's CallbackNaturalLanguageGenerator makes one HTTP
request per bot message, and each request carries the whole tracker (every
event of the conversation, serialised to JSON, and formatted once more for a
debug line even when debug logging is off). The renderer reads only the
slots and the language of the last message (reports/profile/README.md).

Rasa builds a custom generator as `CatalogNLG(endpoint_config=..., domain=...)`
(rasa/core/nlg/generator.py) and calls `generate(response, tracker, channel,
**arguments)`; the arguments are those the callback generator would send
(without `domain_responses`, Rasa's own), and the result is the same message.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator

from bot.core.catalogs import MissingTranslation
from bot.nlg.render import Renderer

log = logging.getLogger(__name__)


def tracker_state(tracker) -> dict:
    """What the renderer reads of Rasa's tracker: its slots and the last
    message's parse data (its `language`), as the callback would send them."""
    latest = tracker.latest_message
    return {"slots": tracker.current_slot_values(),
            "latest_message": dict(latest.parse_data) if latest is not None else {}}


class CatalogNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, renderer: Renderer | None = None) -> None:
        self.renderer = renderer or Renderer()

    async def generate(self, utter_action: str, tracker, output_channel: str, **kwargs: Any) -> dict:
        kwargs.pop("domain_responses", None)
        kwargs.pop("response_id", None)
        try:
            return self.renderer.respond(utter_action, tracker_state(tracker), kwargs)
        except MissingTranslation as missing:
            log.error("no translation at all for %s", missing)
            raise

"""Samen's REST channel (credentials.yml): Rasa's RestInput, whose one
difference is how a turn that cannot complete is answered.

* The conversation store (tracker store) failing is never hidden: Rasa
  wraps every tracker store in a FailSafeTrackerStore that, on an error,
  would start an empty conversation and keep it in memory (a Tigrinya user
  answered in English next turn, texts beyond /forget). Here the error
  propagates and the turn is answered 503 {"error": "memory"}, so the
  channel can say "I cannot remember right now, send it again"; GET
  /webhooks/rest/health says whether the store answers.
* Any other failure is 500 {"error": "unavailable"}, and what is logged is
  the kind of error, never the message. An intent payload that cannot be
  parsed (only a broken or forged client sends one: Samen's channels send
  typed text as text) is refused 400 before Rasa would log it in a warning.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response

log = logging.getLogger(__name__)


PAYLOAD = re.compile(r"^/(?P<intent>[^{@\s]+)(@[0-9.]+)?(?P<entities>\{.*\})?$", re.S)


def broken_payload(text: str | None) -> bool:
    """An intent payload ("/intent{...}") Rasa could not parse."""
    if not (text or "").startswith("/"):
        return False
    match = PAYLOAD.match(text)
    if not match:
        return True
    if match.group("entities"):
        try:
            return not isinstance(json.loads(match.group("entities")), dict)
        except ValueError:
            return True
    return False


class MemoryUnavailable(RuntimeError):
    """The conversation store did not answer."""


def _refuse(error: Exception) -> None:
    raise MemoryUnavailable(type(error).__name__) from error


def strict(store) -> None:
    """Makes Rasa's fail-safe wrapper raise instead of falling back to memory."""
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _refuse


async def store_answers(store) -> bool:
    """Whether the conversation store answers a small question now."""
    inner = getattr(store, "_tracker_store", store)
    try:
        await asyncio.to_thread(_ping, inner)
        return True
    except Exception as error:   # any failure means: not answering
        log.warning("conversation store not answering: %s", type(error).__name__)
        return False


def _ping(store) -> None:
    import sqlalchemy as sa

    with store.session_scope() as session:
        session.execute(sa.text("SELECT 1 FROM events LIMIT 1"))     # reads the store itself


class SamenRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def alive(request):
            return response.json({"status": "ok"})

        @webhook.route("/health", methods=["GET"])
        async def health(request):
            agent = request.app.ctx.agent
            if agent is None or not agent.is_ready():
                return response.json({"status": "loading"}, status=503)
            if not await store_answers(agent.tracker_store):
                return response.json({"status": "memory unavailable"}, status=503)
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request):
            agent = request.app.ctx.agent
            if agent is not None:
                strict(agent.tracker_store)
            collector = CollectingOutputChannel()
            text = self._extract_message(request)
            if broken_payload(text):
                log.warning("an intent payload that cannot be parsed was refused")
                return response.json({"error": "payload"}, status=400)
            try:
                message = UserMessage(text, collector, await self._extract_sender(request),
                                      input_channel=self._extract_input_channel(request),
                                      metadata=self.get_metadata(request))
                await on_new_message(message)
            except MemoryUnavailable as error:
                log.error("a message could not be handled: the conversation store failed (%s)", error)
                return response.json({"error": "memory"}, status=503)
            except asyncio.CancelledError:
                log.error("a message could not be handled: cancelled (the caller gave up)")
                raise
            except Exception as error:
                log.error("a message could not be handled: %s", type(error).__name__)
                return response.json({"error": "unavailable"}, status=500)
            return response.json(collector.messages)

        return webhook

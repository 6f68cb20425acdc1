"""Rasa's REST channel, asynchronously: one slow or failed call never holds
up another chat. A message that could not be delivered (no connection) is
retried, on the next replica when there are several; one a replica may have
received is not sent to it again: after a server error it goes to the next
replica (the turn did not complete), after a timeout to none, so that it is
never answered twice: the user is asked to send it again."""
from __future__ import annotations

import asyncio
import logging

import httpx

from bot import channels

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timing out or failing). `memory` is true when
    Rasa is up but its conversation store is not (it then refuses to answer
    from an empty memory: bot/rasa_server/channel.py)."""

    def __init__(self, memory: bool = False):
        super().__init__("conversation store unavailable" if memory else "Rasa unavailable")
        self.memory = memory


class RasaClient:
    """Rasa's REST channel on one server or several replicas (RASA_URLS). A
    conversation goes to its own first replica (bot/channels.py
    `replica_order`); a replica that refuses the connection or answers a
    server error hands the message to the next one. A replica that refused
    the connection is tried again after a pause (it never got the message);
    one that answered a server error is not tried again for this message."""

    def __init__(self, rasa_url: str | list | tuple, timeout: float = 30.0, attempts: int = 2,
                 backoff: float = 1.0):
        self.urls = tuple(f"{url}/webhooks/rest/webhook" for url in channels.rasa_urls(rasa_url))
        self.attempts, self.backoff = attempts, backoff
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0))

    @property
    def url(self) -> str:
        return self.urls[0]

    async def send(self, sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        """Rasa's replies (text, buttons) to one user message."""
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        order = channels.replica_order(self.urls, sender)
        answered_error: set[str] = set()        # replicas that may have started this turn
        memory = False
        for attempt in range(1, self.attempts + 1):
            for number, url in enumerate(order, start=1):
                if url in answered_error:
                    continue
                try:
                    reply = await self._http.post(url, json=body)
                except httpx.ConnectError as error:
                    # Never logged: the message text. The sender id is a pseudonym anyway.
                    log.warning("Rasa unreachable (replica %d/%d, attempt %d/%d): %s", number, len(order),
                                attempt, self.attempts, type(error).__name__)
                    continue
                except httpx.HTTPError as error:
                    # A timeout or a broken answer: Rasa may have the message; never sent twice.
                    log.warning("Rasa call failed: %s", type(error).__name__)
                    raise RasaUnavailable from None
                if channels.fails_over(reply.status_code):
                    memory = memory or (reply.status_code == 503 and _error_of(reply) == "memory")
                    log.warning("Rasa replica %d/%d answered %d", number, len(order), reply.status_code)
                    answered_error.add(url)
                    continue
                try:
                    reply.raise_for_status()
                    replies = reply.json()
                    if not isinstance(replies, list):
                        raise ValueError("not a list of messages")
                except (httpx.HTTPError, ValueError) as error:
                    log.warning("Rasa call failed: %s", type(error).__name__)
                    raise RasaUnavailable from None
                return [r for r in replies if isinstance(r, dict)]
            if len(answered_error) == len(order):
                break
            if attempt < self.attempts:
                await asyncio.sleep(self.backoff * attempt)
        raise RasaUnavailable(memory=memory)

    async def close(self) -> None:
        await self._http.aclose()


def _error_of(reply) -> str | None:
    try:
        body = reply.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None

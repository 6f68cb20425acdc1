"""Rasa's REST channel, asynchronously: one slow or failed call never holds
up another chat. A message that could not be delivered (no connection) is
retried; one Rasa may have received (timeout, server error) is not, so that
it is never answered twice: the user is asked to send it again."""
from __future__ import annotations

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timing out or failing). `memory` is true when
    Rasa is up but its conversation store is not (it then refuses to answer
    from an empty memory: bot/rasa_server/channel.py)."""

    def __init__(self, memory: bool = False):
        super().__init__("conversation store unavailable" if memory else "Rasa unavailable")
        self.memory = memory


class RasaClient:
    def __init__(self, rasa_url: str, timeout: float = 30.0, attempts: int = 2, backoff: float = 1.0):
        self.url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        self.attempts, self.backoff = attempts, backoff
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0))

    async def send(self, sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        """Rasa's replies (text, buttons) to one user message."""
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        for attempt in range(1, self.attempts + 1):
            try:
                reply = await self._http.post(self.url, json=body)
                if reply.status_code == 503 and _error_of(reply) == "memory":
                    raise RasaUnavailable(memory=True)
                reply.raise_for_status()
                replies = reply.json()
                if not isinstance(replies, list):
                    raise ValueError("not a list of messages")
                return [r for r in replies if isinstance(r, dict)]
            except httpx.ConnectError as error:
                # Never logged: the message text. The sender id is a pseudonym anyway.
                log.warning("Rasa unreachable (attempt %d/%d): %s", attempt, self.attempts, type(error).__name__)
                if attempt < self.attempts:
                    await asyncio.sleep(self.backoff * attempt)
            except (httpx.HTTPError, ValueError) as error:
                log.warning("Rasa call failed: %s", type(error).__name__)
                break
        raise RasaUnavailable

    async def close(self) -> None:
        await self._http.aclose()


def _error_of(reply) -> str | None:
    try:
        body = reply.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None

"""Samen's helper server for Rasa: the custom actions (rasa-sdk, /webhook),
the NLG endpoint (/nlg) and the endpoints the channels use
(/conversations/<sender>: see and delete what is kept; /reminders: claim
the reminders due and confirm them sent), in one process, plus the
retention job that deletes old conversations.

    python -m bot.action_server [--port 5055]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hmac
import logging

from rasa_sdk.endpoint import create_app
from sanic import response

from bot.conversations import reminders, repository
from bot.core import formatting
from bot.core.catalogs import MissingTranslation
from bot.core.environment import apply_defaults, conversations_token
from bot.dialogue.reminders import reminder_parts
from bot.nlg.render import Renderer

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 6 * 3600


def add_nlg(app, renderer: Renderer) -> None:
    """POST /nlg: Rasa's NLG request ({response, arguments, tracker, channel})
    -> the rendered message. Samen's Rasa renders in its own process
    (endpoints.yml `nlg`, bot/rasa_server/nlg.py); this endpoint stays for
    an NLG served apart (endpoints.yml `nlg: url: .../nlg`)."""

    @app.post("/nlg")
    async def nlg(request):
        body = request.json or {}
        name = body.get("response") or body.get("template")
        try:
            message = renderer.respond(name, body.get("tracker") or {}, body.get("arguments") or {})
        except MissingTranslation as missing:
            log.error("no translation at all for %s", missing)
            return response.json({"error": "missing translation"}, status=500)
        return response.json(message)


def _allowed(request, token: bytes) -> bool:
    given = (request.headers.get("authorization") or "").removeprefix("Bearer ").encode()
    return hmac.compare_digest(given, token)


def reminder_text(renderer: Renderer, due: reminders.Due, today: dt.date) -> str:
    """A reminder in its language, computed on the day it is sent."""
    text, used, _ = renderer.composed({"parts": reminder_parts(due.rule, due.start, due.due, today)}, due.lang)
    return formatting.for_reader(text, used)


def add_reminders(app, store, renderer: Renderer, token: bytes) -> None:
    """GET /reminders/due?channel=&today=[&sender=]: claims the reminders due
    (each is handed out once; see bot/conversations/reminders.py) with their
    text; POST /reminders/<id>/sent confirms one. For Samen's channels only."""

    @app.get("/reminders/due")
    async def due(request):
        if not _allowed(request, token):
            return response.json({"error": "forbidden"}, status=403)
        channel = request.args.get("channel") or ""
        try:
            today = dt.date.fromisoformat(request.args.get("today") or "")
        except ValueError:
            return response.json({"error": "today must be YYYY-MM-DD"}, status=400)
        claimed = await asyncio.to_thread(reminders.claim_due, store, channel, today, request.args.get("sender"))
        return response.json({"reminders": [{"id": item.id, "reply_to": item.reply_to,
                                             "text": reminder_text(renderer, item, today)} for item in claimed]})

    @app.post("/reminders/<reminder_id>/sent")
    async def sent(request, reminder_id: str):
        if not _allowed(request, token):
            return response.json({"error": "forbidden"}, status=403)
        return response.json({"deleted": await asyncio.to_thread(reminders.sent, store, reminder_id)})


def add_conversations(app, store, token: bytes) -> None:
    """GET and DELETE /conversations/<sender>: what is kept of a conversation,
    and deleting it (/forget). Only for Samen's channels (bearer token)."""

    def allowed(request) -> bool:
        return _allowed(request, token)

    @app.get("/conversations/<sender>")
    async def kept(request, sender: str):
        if not allowed(request):
            return response.json({"error": "forbidden"}, status=403)
        return response.json(await asyncio.to_thread(repository.summary, store, sender))

    @app.post("/conversations/key")
    async def key(request):
        """The channel's pseudonym key (its fingerprint) is the one conversations were kept with: 200, or 409."""
        if not allowed(request):
            return response.json({"error": "forbidden"}, status=403)
        fingerprint = str((request.json or {}).get("fingerprint") or "")[:64]
        if not fingerprint:
            return response.json({"error": "no fingerprint"}, status=400)
        if not await asyncio.to_thread(repository.same_sender_key, store, fingerprint):
            log.error("a channel started with another SENDER_HASH_KEY than the stored conversations were made with")
            return response.json({"error": "another key"}, status=409)
        return response.json({"status": "ok"})

    @app.delete("/conversations/<sender>")
    async def forget(request, sender: str):
        if not allowed(request):
            return response.json({"error": "forbidden"}, status=403)
        deleted = await asyncio.to_thread(repository.forget, store, sender)
        log.info("a conversation was deleted on request")
        return response.json({"deleted": deleted})


def add_retention(app, store) -> None:
    """Deletes conversations past the retention period, at start and every 6 hours."""

    async def retention_loop():
        while True:
            try:
                await asyncio.to_thread(repository.purge, store)
            except Exception:  # the job must never stop the server
                log.exception("retention job failed")
            await asyncio.sleep(PURGE_EVERY_SECONDS)

    @app.after_server_start
    async def start_retention(app, _loop):
        app.add_task(retention_loop())


def build_app(endpoints: str | None = "endpoints.yml"):
    apply_defaults()
    app = create_app("actions")
    renderer = Renderer()
    add_nlg(app, renderer)
    if endpoints:
        store = repository.shared_store(endpoints)
        repository.prepare(store)
        add_conversations(app, store, conversations_token())
        add_reminders(app, store, renderer, conversations_token())
        add_retention(app, store)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # rasa-sdk warns on every message that slots filled by extraction have no
    # separate validation method; ours need none.
    logging.getLogger("rasa_sdk.forms").setLevel(logging.ERROR)
    build_app(args.endpoints).run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()

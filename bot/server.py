"""Samen's helper server for Rasa: the custom actions (rasa-sdk, /webhook)
and the NLG endpoint (/nlg) in one process, plus the retention job that
deletes old conversations.

    python -m bot.server [--port 5055]
"""
from __future__ import annotations

import argparse
import asyncio
import logging

from rasa_sdk.endpoint import create_app
from sanic import response

from bot import privacy
from bot.i18n import MissingTranslation
from bot.nlg.render import Renderer
from bot.settings import apply_defaults

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 6 * 3600


def add_nlg(app, renderer: Renderer) -> None:
    """POST /nlg: Rasa's NLG request ({response, arguments, tracker, channel})
    -> the rendered message."""

    @app.post("/nlg")
    async def nlg(request):
        body = request.json or {}
        name = body.get("response") or body.get("template")
        if name not in renderer.content.responses:
            # e.g. Rasa's own utter_default after a core fallback: never answer with nothing.
            log.error("NLG request for an undeclared response %r: answering with utter_rephrase", name)
            name = "utter_rephrase"
        try:
            message = renderer.render(name, body.get("tracker") or {}, body.get("arguments") or {})
        except MissingTranslation as missing:
            log.error("no translation at all for %s", missing)
            return response.json({"error": "missing translation"}, status=500)
        return response.json(message)


def add_retention(app, endpoints: str) -> None:
    """Deletes conversations past the retention period, at start and every 6 hours."""

    async def retention_loop():
        store = privacy.tracker_store(endpoints)
        while True:
            try:
                await asyncio.get_running_loop().run_in_executor(None, privacy.purge, store)
            except Exception:  # the job must never stop the server
                log.exception("retention job failed")
            await asyncio.sleep(PURGE_EVERY_SECONDS)

    @app.after_server_start
    async def start_retention(app, _loop):
        app.add_task(retention_loop())


def build_app(endpoints: str | None = "endpoints.yml"):
    apply_defaults()
    app = create_app("actions")
    add_nlg(app, Renderer())
    if endpoints:
        add_retention(app, endpoints)
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

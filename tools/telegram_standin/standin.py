"""A local stand-in of the Telegram Bot API: the methods Samen uses, with
Telegram's limits (4,096 characters per message, 1–64 bytes of callback
data), long polling and webhooks, plus a control API (/_standin/...) through
which tests, load tests and the demo chat act as Telegram users.

    python -m tools.telegram_standin.standin --port 8081
    TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot TELEGRAM_BOT_TOKEN=123:demo python -m bot.telegram
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import threading
import time

import aiohttp
from aiohttp import web

log = logging.getLogger(__name__)
BOT_USER = {"id": 1000, "is_bot": True, "first_name": "Samen", "username": "samen_standin_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
MESSAGE_LIMIT = 4096
CALLBACK_LIMIT = 64
# Parameters that are plain strings; PTB sends every other value JSON-encoded.
STRINGS = {"text", "url", "secret_token", "callback_query_id", "language_code", "action", "parse_mode"}
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class BotApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


class StandIn:
    """The Bot API's state: updates waiting for the bot, what the bot sent."""

    def __init__(self) -> None:
        self.updates: list[dict] = []
        self.next_update = 1
        self.next_message = 1
        self.sent: list[dict] = []          # sendMessage calls that succeeded, in order
        self.messages: dict[int, dict] = {}  # message_id -> the message as it is now
        self.actions: list[dict] = []
        self.answered: list[str] = []
        self.commands: dict[str, list] = {}
        self.webhook: dict | None = None
        self.failures: dict[str, list[BotApiError]] = {}
        self.calls: dict[str, int] = {}
        self._new_update = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None

    # --- what users do --------------------------------------------------
    async def inject(self, update: dict) -> dict:
        update = {"update_id": self.next_update, **update}
        self.next_update += 1
        if self.webhook:
            asyncio.create_task(self._deliver(update))
        else:
            self.updates.append(update)
            self._new_update.set()
        return update

    async def _deliver(self, update: dict) -> None:
        self._session = self._session or aiohttp.ClientSession()
        headers = {SECRET_HEADER: self.webhook["secret_token"]} if self.webhook.get("secret_token") else {}
        for attempt in range(5):
            try:
                async with self._session.post(self.webhook["url"], json=update, headers=headers) as reply:
                    if reply.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5 * (attempt + 1))
        log.warning("webhook did not accept update %s", update["update_id"])

    # --- Bot API methods ------------------------------------------------
    async def call(self, method: str, params: dict):
        self.calls[method] = self.calls.get(method, 0) + 1
        if self.failures.get(method):
            raise self.failures[method].pop(0)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            raise BotApiError(404, "Not Found: method not found")
        return await handler(params)

    async def api_getMe(self, params):
        return BOT_USER

    async def api_getUpdates(self, params):
        if self.webhook:
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), 10.0)
        if not self.updates and timeout:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        return self.updates[: int(params.get("limit") or 100)]

    async def api_setWebhook(self, params):
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    async def api_deleteWebhook(self, params):
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates = []
        return True

    async def api_getWebhookInfo(self, params):
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}

    async def api_sendMessage(self, params):
        text = str(params.get("text") or "")
        if not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if len(text) > MESSAGE_LIMIT:
            raise BotApiError(400, "Bad Request: message is too long")
        markup = self._markup(params.get("reply_markup"))
        chat_id = int(params["chat_id"])
        message = {"message_id": self.next_message, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER, "text": text}
        if markup:
            message["reply_markup"] = markup
        self.next_message += 1
        self.messages[message["message_id"]] = message
        self.sent.append(message)
        return message

    @staticmethod
    def _markup(markup):
        if not markup:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= CALLBACK_LIMIT:
                    raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    async def api_sendChatAction(self, params):
        self.actions.append({"chat_id": int(params["chat_id"]), "action": params.get("action")})
        return True

    async def api_editMessageReplyMarkup(self, params):
        message = self.messages.get(int(params.get("message_id") or 0))
        if not message:
            raise BotApiError(400, "Bad Request: message to edit not found")
        markup = self._markup(params.get("reply_markup"))
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    async def api_answerCallbackQuery(self, params):
        self.answered.append(str(params["callback_query_id"]))
        return True

    async def api_setMyCommands(self, params):
        self.commands[params.get("language_code") or ""] = params["commands"]
        return True

    async def api_close(self, params):
        return True


def _decode(form: dict) -> dict:
    params = {}
    for name, value in form.items():
        if name in STRINGS or not isinstance(value, str):
            params[name] = value
            continue
        try:
            params[name] = json.loads(value)
        except ValueError:
            params[name] = value
    return params


def build_app(standin: StandIn) -> web.Application:
    async def bot_api(request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = _decode(dict(await request.post()))
        params.update(_decode(dict(request.query)))
        try:
            result = await standin.call(request.match_info["method"], params)
        except BotApiError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def inject(request: web.Request) -> web.Response:
        return web.json_response(await standin.inject(await request.json()))

    async def sent(request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        after = int(request.query.get("after", 0))
        messages = [m for m in standin.sent if m["message_id"] > after
                    and (chat_id is None or m["chat"]["id"] == int(chat_id))]
        return web.json_response(messages)

    async def message(request: web.Request) -> web.Response:
        found = standin.messages.get(int(request.match_info["message_id"]))
        return web.json_response(found) if found else web.json_response({}, status=404)

    async def state(request: web.Request) -> web.Response:
        return web.json_response({"commands": standin.commands, "webhook": standin.webhook,
                                  "actions": standin.actions, "answered": standin.answered,
                                  "calls": standin.calls, "pending_updates": len(standin.updates)})

    async def fail(request: web.Request) -> web.Response:
        body = await request.json()
        standin.failures.setdefault(body["method"], []).extend(
            BotApiError(body.get("status", 500), body.get("description", "Internal Server Error"),
                        body.get("retry_after")) for _ in range(body.get("times", 1)))
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", bot_api)
    app.router.add_post("/_standin/updates", inject)
    app.router.add_get("/_standin/sent", sent)
    app.router.add_get("/_standin/messages/{message_id}", message)
    app.router.add_get("/_standin/state", state)
    app.router.add_post("/_standin/fail", fail)
    return app


class Server:
    """The stand-in on a port of its own, in a background thread (for tests)."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.host, self.port = host, port
        self.url = f"http://{host}:{port}"
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self.standin = StandIn()
        self._runner = web.AppRunner(build_app(self.standin))
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, self.host, self.port).start())
        self._started.set()
        self._loop.run_forever()

    def start(self) -> "Server":
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("the Bot API stand-in did not start")
        return self

    def stop(self) -> None:
        async def shutdown():
            # Long polls still waiting end now, not after their timeout.
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    web.run_app(build_app(StandIn()), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

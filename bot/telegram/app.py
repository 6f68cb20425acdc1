"""The python-telegram-bot Application: handlers for commands, text, button
presses and everything else a user can send, relaying to Rasa.

The front end only relays: a shared location or a /start deep link travels
to Rasa as message metadata and is resolved in the action server, and
/forget is the action server's to do. Per-chat state (long button payloads,
pressed keyboards, the flood window, a lock that keeps one chat's messages
in order, and the conversation's language as the last reply told it) lives
in PTB's chat_data; the conversation itself is Rasa's. The Rasa client,
the action server client and the hash key are shared, stateless services
held by the handlers' object. Updates of different chats are handled
concurrently, so one slow Rasa call never holds up another chat.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import pathlib
import signal
import time
from collections import deque
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler,
                          CommandHandler, ContextTypes, MessageHandler, filters)

from bot import channels
from bot.core import catalogs, formatting, languages
from bot.core.catalogs import N_
from bot.core.crisis import crisis_match, distress_match
from bot.core.keys import fingerprint, load_key, sender_id
from bot.telegram.config import TelegramConfig
from bot.telegram.delivery import HandledUpdates, poll, webhook_app
from bot.telegram.flood import RateWindow
from bot.telegram.keyboards import ButtonData, inline_keyboard
from bot.telegram.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.reminders import EVERY_SECONDS, reminder_loop
from bot.telegram.split import TELEGRAM_LIMIT, split_message

log = logging.getLogger(__name__)
ROOT = pathlib.Path(__file__).resolve().parents[2]

HELP = N_("telegram.help")
UNAVAILABLE = N_("chat.unavailable")
NO_MEMORY = N_("chat.no_memory")
FORGOTTEN = N_("chat.forgotten")
FORGET_CONFIRM = N_("telegram.forget.confirm")
FORGET_YES = N_("telegram.forget.yes")
FORGET_NO = N_("telegram.forget.no")
FORGET_KEPT = N_("telegram.forget.kept")
FORGET_FAILED = N_("telegram.forget.failed")
MEDIA = N_("telegram.media")
EDITED = N_("telegram.edited")
TOO_LONG = N_("telegram.too_long")
FLOOD = N_("telegram.flood")
EXPIRED = N_("telegram.button_expired")
COMMANDS = {
    "start": N_("telegram.command.start"),
    "language": N_("telegram.command.language"),
    "help": N_("telegram.command.help"),
    "privacy": N_("telegram.command.privacy"),
    "forget": N_("telegram.command.forget"),
    "reminders": N_("telegram.command.reminders"),
}
# setMyCommands: per Telegram language code (ISO 639-1 only), the language of the descriptions.
COMMAND_LANGUAGES = {code: language.code for language in languages.REGISTRY.values()
                     for code in language.telegram if len(code) == 2}

MAX_INPUT = TELEGRAM_LIMIT
SEND_ATTEMPTS = 3
TYPING_EVERY = 4.0
# A shared location is passed on rounded to about 100 m: enough for the
# municipality. The action server looks it up; it is never stored.
LOCATION_DECIMALS = 3
DEEP_LINK_LIMIT = 64      # Telegram's own limit for a start parameter


class TelegramHandlers:
    """The handlers, bound to the shared services (Rasa, the action server, the hash key)."""

    def __init__(self, rasa: RasaClient, action_server_url: str, hash_key: bytes,
                 http: httpx.AsyncClient | None = None, flood: tuple = (12, 60.0)):
        self.rasa, self.action_server_url, self.hash_key = rasa, action_server_url, hash_key
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
        self.flood = flood

    # --- per-chat state -------------------------------------------------
    def sender(self, update: Update) -> str:
        return sender_id(update.effective_user.id, self.hash_key)

    @staticmethod
    def _lock(context) -> asyncio.Lock:
        return context.chat_data.setdefault("lock", asyncio.Lock())

    def _buttons(self, context) -> ButtonData:
        return context.chat_data.setdefault("buttons", ButtonData(self.hash_key))

    @staticmethod
    def language(update: Update, context) -> str:
        """The conversation's language for the bot's own messages: the one
        Samen's last reply was in, else the user's Telegram language."""
        user = update.effective_user
        return languages.conversation_language(kept=context.chat_data.get("language"),
                                               hint=languages.from_telegram(user and user.language_code))

    def _window(self, context) -> RateWindow:
        return context.chat_data.setdefault("window", RateWindow(*self.flood))

    async def _take_turn(self, update: Update, context, message: str) -> bool:
        """Waits this message's turn under the flood limit; False when too
        many wait and the user was told when to write again instead. Words of
        a crisis or of distress never wait."""
        if crisis_match(message) or distress_match(message):
            return True
        window = self._window(context)
        delay = window.delay(time.monotonic())
        if delay is None:
            noticed = context.chat_data.get("flood_noticed", -window.seconds)
            if time.monotonic() - noticed >= window.seconds:
                context.chat_data["flood_noticed"] = time.monotonic()
                wait = formatting.duration(max(1, round(window.wait_for(time.monotonic()))), "second",
                                           self.language(update, context))
                await self.say(update, context, FLOOD, wait=wait)
            return False
        if delay:
            window.waiting += 1
            try:
                await asyncio.sleep(delay)
            finally:
                window.waiting -= 1
        return True

    # --- sending --------------------------------------------------------
    @staticmethod
    async def _retrying(call, *args, **kwargs):
        """A Bot API call, retried with backoff on network errors that kept it
        from reaching Telegram (429s are retried by PTB's AIORateLimiter)."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await call(*args, **kwargs)
            except (BadRequest, Forbidden, TimedOut):
                # A timed-out request may have reached Telegram: sending it again could answer twice.
                raise
            except NetworkError:
                if attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(0.5 * 2 ** attempt)

    async def send_text(self, context, chat_id: int, text: str, keyboard=None) -> None:
        parts = split_message(text)
        for number, part in enumerate(parts, start=1):
            await self._retrying(context.bot.send_message, chat_id, part,
                                 reply_markup=keyboard if number == len(parts) else None,
                                 link_preview_options=LinkPreviewOptions(is_disabled=True))

    def text_of(self, update: Update, context, key: str, **values) -> str:
        """A catalog text in the conversation's language, in its final form."""
        language = self.language(update, context)
        text = catalogs.text(key, language)
        return formatting.for_reader(text.format(**values) if values else text, language)

    async def say(self, update: Update, context, key: str, keyboard=None, **values) -> None:
        await self.send_text(context, update.effective_chat.id, self.text_of(update, context, key, **values),
                             keyboard)

    async def _typing(self, context, chat_id: int) -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    async def relay(self, update: Update, context, message: str, metadata: dict | None = None) -> None:
        """Sends one message or payload to Rasa and every reply back, in order."""
        chat_id = update.effective_chat.id
        if not await self._take_turn(update, context, message):
            return
        # The chat's address travels sealed, for a reminder the user may agree to (never kept otherwise).
        metadata = {**channels.reply_metadata("telegram", str(chat_id)), **(metadata or {})}
        hint = languages.from_telegram(update.effective_user.language_code)
        if hint:
            metadata["language_hint"] = hint
        async with self._lock(context):
            typing = asyncio.create_task(self._typing(context, chat_id))
            try:
                replies = channels.read_replies(await self.rasa.send(self.sender(update), message, metadata))
            except RasaUnavailable as failure:
                await self.say(update, context, NO_MEMORY if failure.memory else UNAVAILABLE)
                return
            finally:
                typing.cancel()
            if replies.language in languages.REGISTRY:
                context.chat_data["language"] = replies.language
            if not replies.messages:
                # Rasa answered nothing it can show: never leave the user without an answer.
                await self.say(update, context, UNAVAILABLE)
                return
            for reply in replies.messages:
                keyboard = inline_keyboard(reply["buttons"], self._buttons(context))
                await self.send_text(context, chat_id, reply["text"], keyboard)

    # --- handlers -------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, with the code of a deep link (t.me/<bot>?start=GM0141) passed on."""
        code = (context.args or [""])[0][:DEEP_LINK_LIMIT]
        await self.relay(update, context, "/greet", {"start": code} if code else None)

    async def choose_language(self, update: Update, context) -> None:
        await self.relay(update, context, "/change_language")

    async def help(self, update: Update, context) -> None:
        await self.say(update, context, HELP)

    async def privacy(self, update: Update, context) -> None:
        await self.relay(update, context, "/ask_privacy")

    async def reminders(self, update: Update, context) -> None:
        await self.relay(update, context, '/request_reminder{"reminder_action":"list"}')

    async def forget(self, update: Update, context) -> None:
        keyboard = InlineKeyboardMarkup([
            [InlineKeyboardButton(self.text_of(update, context, FORGET_YES), callback_data="forget:yes")],
            [InlineKeyboardButton(self.text_of(update, context, FORGET_NO), callback_data="forget:no")]])
        await self.say(update, context, FORGET_CONFIRM, keyboard)

    async def forget_answer(self, update: Update, context) -> None:
        query = update.callback_query
        with contextlib.suppress(BadRequest):      # "query is too old" after a pause: the press still counts
            await query.answer()
            await query.edit_message_reply_markup(None)
        if query.data != "forget:yes":
            await self.say(update, context, FORGET_KEPT)
            return
        async with self._lock(context):
            try:
                reply = await self.http.delete(channels.conversation_url(self.action_server_url,
                                                                         self.sender(update)),
                                               headers=channels.conversation_headers())
                reply.raise_for_status()
            except httpx.HTTPError as error:
                log.warning("deleting a conversation failed: %s", type(error).__name__)
                await self.say(update, context, FORGET_FAILED)
                return
        forgotten = self.text_of(update, context, FORGOTTEN)
        lock = self._lock(context)          # kept: messages still waiting on it stay in order
        context.chat_data.clear()
        context.chat_data["lock"] = lock
        context.user_data.clear()
        await self.send_text(context, update.effective_chat.id, forgotten)

    async def button(self, update: Update, context) -> None:
        query = update.callback_query
        # The choice is made: a second press on the same keyboard is ignored,
        # and the keyboard is removed.
        pressed = context.chat_data.setdefault("pressed", deque(maxlen=50))
        message_id = query.message.message_id if query.message else None
        if message_id is not None and message_id in pressed:
            with contextlib.suppress(BadRequest):
                await query.answer()
            return
        pressed.append(message_id)
        with contextlib.suppress(BadRequest):
            await query.answer()
            await query.edit_message_reply_markup(None)
        payload = self._buttons(context).decode(query.data or "")
        if payload is None:
            await self.say(update, context, EXPIRED)
            return
        await self.relay(update, context, payload)

    async def text(self, update: Update, context) -> None:
        # Typed text is never an intent payload ("/ inform_municipality{...}"):
        # only the bot's own buttons and commands send those.
        message = channels.typed_text(update.effective_message.text)
        if not message:
            await self.help(update, context)
            return
        if len(message) > MAX_INPUT:
            await self.say(update, context, TOO_LONG, limit=MAX_INPUT)
            message = split_message(message, MAX_INPUT)[0]
        await self.relay(update, context, message)

    async def edited(self, update: Update, context) -> None:
        await self.say(update, context, EDITED)

    async def location(self, update: Update, context) -> None:
        """A shared location tells the municipality: passed on, rounded, for the
        action server to look up (PDOK); it is not kept (bot/conversations/store.py)."""
        place = update.effective_message.location
        await self.relay(update, context, "/inform_municipality",
                         {"location": {"latitude": round(place.latitude, LOCATION_DECIMALS),
                                       "longitude": round(place.longitude, LOCATION_DECIMALS)}})

    async def media(self, update: Update, context) -> None:
        await self.say(update, context, MEDIA)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Logs the error (never the message) and tells the user to send again."""
        log.error("error while handling an update: %s", type(context.error).__name__,
                  exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and update.effective_user:
            with contextlib.suppress(Exception):
                await self.say(update, context, UNAVAILABLE)


async def set_commands(application: Application) -> None:
    """The command menu, described in the user's Telegram language (English by default)."""
    for code, language in [(None, "en"), *COMMAND_LANGUAGES.items()]:
        commands = [BotCommand(name, catalogs.text(key, language)) for name, key in COMMANDS.items()]
        await application.bot.set_my_commands(commands, language_code=code)


def sender_key(config: TelegramConfig) -> bytes:
    return load_key(config.sender_hash_key, ROOT / ".samen" / "sender-hash-key")


def build_application(config: TelegramConfig, rasa: RasaClient | None = None,
                      flood: tuple | None = None) -> Application:
    rasa = rasa or RasaClient(config.rasa_urls)
    handlers = TelegramHandlers(rasa, config.action_server_url, sender_key(config), flood=flood or config.flood)

    async def close(_application: Application) -> None:
        await rasa.close()
        await handlers.http.aclose()

    # No PTB Updater: updates come through delivery.py, acknowledged only once handled.
    application = (ApplicationBuilder().token(config.token).base_url(config.base_url).updater(None)
                   .rate_limiter(AIORateLimiter(max_retries=3)).concurrent_updates(True)
                   .post_init(set_commands).post_shutdown(close).build())
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handlers.start, filters=private))
    application.add_handler(CommandHandler("language", handlers.choose_language, filters=private))
    application.add_handler(CommandHandler("help", handlers.help, filters=private))
    application.add_handler(CommandHandler("privacy", handlers.privacy, filters=private))
    application.add_handler(CommandHandler("forget", handlers.forget, filters=private))
    application.add_handler(CommandHandler("reminders", handlers.reminders, filters=private))
    application.add_handler(CallbackQueryHandler(handlers.forget_answer, pattern=r"^forget:(yes|no)$"))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED & private, handlers.edited))
    application.add_handler(MessageHandler(filters.LOCATION & private, handlers.location))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, handlers.text))
    application.add_handler(MessageHandler(filters.COMMAND & private, handlers.help))
    application.add_handler(MessageHandler(filters.ALL & private, handlers.media))
    application.add_error_handler(handlers.error)
    return application


@contextlib.asynccontextmanager
async def started(application: Application):
    """The Application initialised and started, with its post-init and
    post-shutdown hooks (which PTB's own run_* methods would call)."""
    async with application:
        await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            await application.post_shutdown(application)


class AnotherKey(SystemExit):
    """SENDER_HASH_KEY is not the key the stored conversations were made with."""


async def check_sender_key(config: TelegramConfig, key: bytes, seconds: float = 60.0) -> None:
    """Refuses to start with another pseudonym key than the conversations were
    kept with (README "Operations": rotating the key)."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=10.0) as http:
        while True:
            try:
                reply = await http.post(f"{config.action_server_url.rstrip('/')}/conversations/key",
                                        json={"fingerprint": fingerprint(key)},
                                        headers=channels.conversation_headers())
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("error: the action server cannot be reached to check SENDER_HASH_KEY")
                await asyncio.sleep(1.0)
                continue
            if reply.status_code == 409:
                raise AnotherKey("error: SENDER_HASH_KEY is not the key Samen's conversations were kept with. "
                                 "Start with the old key, or rotate it: README, Operations.")
            reply.raise_for_status()
            return


async def serve(config: TelegramConfig, application: Application, stop: asyncio.Event) -> None:
    """Polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set, until `stop`;
    either way an update is acknowledged only once it is handled (delivery.py)."""
    await check_sender_key(config, sender_key(config))
    handled = HandledUpdates(pathlib.Path(config.updates_db or ROOT / ".samen" / f"telegram-updates-{config.bot_id}.db"))
    async with started(application), httpx.AsyncClient(timeout=10.0) as http:
        reminders = asyncio.create_task(reminder_loop(application.bot, http, config.action_server_url, stop,
                                                      config.reminder_every or EVERY_SECONDS))
        try:
            await _serve_updates(config, application, handled, stop)
        finally:
            stop.set()
            await reminders


async def _serve_updates(config: TelegramConfig, application: Application, handled: HandledUpdates,
                         stop: asyncio.Event) -> None:
    """Polling, or the webhook server, until `stop`."""
    if not config.webhook:
        await poll(application, handled, stop)
        return
    from aiohttp import web

    path = urlparse(config.webhook_url).path
    runner = web.AppRunner(webhook_app(application, handled, config.webhook_secret, path))
    await runner.setup()
    await web.TCPSite(runner, config.webhook_listen, config.webhook_port).start()
    await application.bot.set_webhook(config.webhook_url, secret_token=config.webhook_secret,
                                      allowed_updates=Update.ALL_TYPES)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run(config: TelegramConfig) -> None:
    """Serves Telegram until SIGINT or SIGTERM."""
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        await serve(config, build_application(config), stop)

    asyncio.run(main())

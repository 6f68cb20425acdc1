"""The python-telegram-bot Application: handlers for commands, text, button
presses and everything else a user can send, relaying to Rasa.

Per-chat state (long button payloads, pressed keyboards, the flood window, a
lock that keeps one chat's messages in order) lives in PTB's chat_data; the
conversation itself, its language included, is Rasa's (the tracker store).
The Rasa client, tracker store and hash key are shared, stateless services
held by the handlers' object. Updates of different chats are handled
concurrently, so one slow Rasa call never holds up another chat.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import pathlib
import time
from urllib.parse import urlparse
from collections import deque

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler,
                          CommandHandler, ContextTypes, MessageHandler, filters)

from bot import i18n, privacy
from bot.geo.gazetteer import default_gazetteer
from bot.localservices.postcode import municipality_of_location
from bot.nlg.render import N_
from bot.telegram.config import TelegramConfig
from bot.telegram.keyboards import LongPayloads, inline_keyboard, resolve
from bot.telegram.pseudonym import load_key, sender_id
from bot.telegram.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.split import TELEGRAM_LIMIT, split_message

log = logging.getLogger(__name__)
ROOT = pathlib.Path(__file__).resolve().parents[2]

HELP = N_("telegram.help")
UNAVAILABLE = N_("chat.unavailable")
FORGOTTEN = N_("chat.forgotten")
FORGET_CONFIRM = N_("telegram.forget.confirm")
FORGET_YES = N_("telegram.forget.yes")
FORGET_NO = N_("telegram.forget.no")
FORGET_KEPT = N_("telegram.forget.kept")
MEDIA = N_("telegram.media")
LOCATION = N_("telegram.location")
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
}
# Telegram's language_code (IETF tag) -> Samen's language; Dari users usually have "fa".
TELEGRAM_LANGUAGES = {"nl": "nl", "ar": "ar", "ti": "ti", "fa": "prs", "prs": "prs", "en": "en"}
# setMyCommands: per Telegram language code (ISO 639-1 only), the language of the descriptions.
COMMAND_LANGUAGES = {code: lang for code, lang in TELEGRAM_LANGUAGES.items() if len(code) == 2}

MAX_INPUT = TELEGRAM_LIMIT
FLOOD_MESSAGES, FLOOD_SECONDS = 12, 60.0
SEND_ATTEMPTS = 3
TYPING_EVERY = 4.0


def telegram_language(code: str | None) -> str | None:
    """Samen's language for a Telegram language_code ("fa-IR" -> "prs"), or None."""
    return TELEGRAM_LANGUAGES.get((code or "").split("-")[0].split("_")[0].lower())


def deep_link_municipality(args: list[str]) -> str | None:
    """The municipality code of a /start deep link (t.me/<bot>?start=GM0141), if it is a real one."""
    code = args[0].upper() if args else ""
    return code if default_gazetteer().get(code) else None


class Samen:
    """The handlers, bound to the shared services (Rasa, tracker store, hash key)."""

    def __init__(self, rasa: RasaClient, store, hash_key: bytes):
        self.rasa, self.store, self.hash_key = rasa, store, hash_key

    # --- per-chat state -------------------------------------------------
    def sender(self, update: Update) -> str:
        return sender_id(update.effective_user.id, self.hash_key)

    @staticmethod
    def _lock(context) -> asyncio.Lock:
        return context.chat_data.setdefault("lock", asyncio.Lock())

    @staticmethod
    def _payloads(context) -> LongPayloads:
        return context.chat_data.setdefault("payloads", LongPayloads())

    async def language(self, update: Update, context) -> str:
        """The conversation's language for the bot's own messages: the one
        Rasa keeps for this sender, else the user's Telegram language, else
        English."""
        with contextlib.suppress(Exception):
            kept = await asyncio.to_thread(privacy.kept_slot, self.store, self.sender(update), "language")
            if kept in i18n.LANGUAGES:
                return kept
        user = update.effective_user
        return telegram_language(user and user.language_code) or i18n.FALLBACK

    def _flooding(self, context) -> bool:
        recent: deque = context.chat_data.setdefault("recent", deque(maxlen=FLOOD_MESSAGES))
        now = time.monotonic()
        flooding = len(recent) == FLOOD_MESSAGES and now - recent[0] < FLOOD_SECONDS
        recent.append(now)
        return flooding

    # --- sending --------------------------------------------------------
    @staticmethod
    async def _retrying(call, *args, **kwargs):
        """A Bot API call, retried with backoff on network errors (429s are
        retried by PTB's AIORateLimiter)."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await call(*args, **kwargs)
            except (BadRequest, Forbidden):
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

    async def say(self, update: Update, context, key: str, keyboard=None, **values) -> None:
        text = i18n.translate(key, await self.language(update, context))[0]
        await self.send_text(context, update.effective_chat.id, text.format(**values) if values else text,
                             keyboard)

    async def _typing(self, context, chat_id: int) -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    async def relay(self, update: Update, context, message: str) -> None:
        """Sends one message or payload to Rasa and every reply back, in order."""
        chat_id = update.effective_chat.id
        if self._flooding(context):
            noticed = context.chat_data.get("flood_noticed", -FLOOD_SECONDS)
            if time.monotonic() - noticed >= FLOOD_SECONDS:
                context.chat_data["flood_noticed"] = time.monotonic()
                await self.say(update, context, FLOOD)
            return
        user = update.effective_user
        metadata = {"language_hint": telegram_language(user.language_code)} if user.language_code else {}
        async with self._lock(context):
            typing = asyncio.create_task(self._typing(context, chat_id))
            try:
                replies = await self.rasa.send(self.sender(update), message, metadata)
            except RasaUnavailable:
                replies = None
            finally:
                typing.cancel()
            if replies is None:
                await self.say(update, context, UNAVAILABLE)
                return
            sent = 0
            for reply in replies:
                keyboard = inline_keyboard(reply.get("buttons") or [], self._payloads(context))
                text = "\n".join(part for part in (reply.get("text"), reply.get("image")) if part)
                if text:
                    await self.send_text(context, chat_id, text, keyboard)
                    sent += 1
            if not sent:
                # Rasa answered nothing it can show: never leave the user without an answer.
                await self.say(update, context, UNAVAILABLE)

    # --- handlers -------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, optionally with a municipality code from a deep link."""
        municipality = deep_link_municipality(context.args or [])
        await self.relay(update, context, f'/greet{{"municipality":"{municipality}"}}' if municipality
                         else "/greet")

    async def choose_language(self, update: Update, context) -> None:
        await self.relay(update, context, "/change_language")

    async def help(self, update: Update, context) -> None:
        await self.say(update, context, HELP)

    async def privacy(self, update: Update, context) -> None:
        await self.relay(update, context, "/ask_privacy")

    async def forget(self, update: Update, context) -> None:
        language = await self.language(update, context)
        keyboard = InlineKeyboardMarkup([
            [InlineKeyboardButton(i18n.translate(FORGET_YES, language)[0], callback_data="forget:yes")],
            [InlineKeyboardButton(i18n.translate(FORGET_NO, language)[0], callback_data="forget:no")]])
        await self.say(update, context, FORGET_CONFIRM, keyboard)

    async def forget_answer(self, update: Update, context) -> None:
        query = update.callback_query
        with contextlib.suppress(BadRequest):      # "query is too old" after a pause: the press still counts
            await query.answer()
            await query.edit_message_reply_markup(None)
        if query.data != "forget:yes":
            await self.say(update, context, FORGET_KEPT)
            return
        language = await self.language(update, context)
        async with self._lock(context):
            await asyncio.to_thread(privacy.forget, self.store, self.sender(update))
        lock = self._lock(context)          # kept: messages still waiting on it stay in order
        context.chat_data.clear()
        context.chat_data["lock"] = lock
        context.user_data.clear()
        log.info("a conversation was deleted on request")
        await self.send_text(context, update.effective_chat.id, i18n.translate(FORGOTTEN, language)[0])

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
        payload = resolve(query.data or "", self._payloads(context))
        if payload is None:
            await self.say(update, context, EXPIRED)
            return
        await self.relay(update, context, payload)

    async def text(self, update: Update, context) -> None:
        # Typed text is never an intent payload ("/ inform_municipality{...}"):
        # only the bot's own buttons and commands send those.
        message = (update.effective_message.text or "").lstrip("/ \t\n")
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
        """A shared location sets the municipality (PDOK, Netherlands only); the
        coordinates themselves are neither kept nor passed on."""
        place = update.effective_message.location
        code = await asyncio.to_thread(municipality_of_location, place.latitude, place.longitude)
        if code is None:
            await self.say(update, context, LOCATION)
            return
        await self.relay(update, context, f'/inform_municipality{{"municipality":"{code}"}}')

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
        commands = [BotCommand(name, i18n.translate(key, language)[0]) for name, key in COMMANDS.items()]
        await application.bot.set_my_commands(commands, language_code=code)


def build_application(config: TelegramConfig, store=None, rasa: RasaClient | None = None) -> Application:
    rasa = rasa or RasaClient(config.rasa_url)
    store = store or privacy.tracker_store(ROOT / "endpoints.yml")
    samen = Samen(rasa, store, load_key(config.sender_hash_key, ROOT / ".samen" / "sender-hash-key"))

    async def close(_application: Application) -> None:
        await rasa.close()

    application = (ApplicationBuilder().token(config.token).base_url(config.base_url)
                   .rate_limiter(AIORateLimiter(max_retries=3)).concurrent_updates(True)
                   .post_init(set_commands).post_shutdown(close).build())
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", samen.start, filters=private))
    application.add_handler(CommandHandler("language", samen.choose_language, filters=private))
    application.add_handler(CommandHandler("help", samen.help, filters=private))
    application.add_handler(CommandHandler("privacy", samen.privacy, filters=private))
    application.add_handler(CommandHandler("forget", samen.forget, filters=private))
    application.add_handler(CallbackQueryHandler(samen.forget_answer, pattern=r"^forget:(yes|no)$"))
    application.add_handler(CallbackQueryHandler(samen.button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED & private, samen.edited))
    application.add_handler(MessageHandler(filters.LOCATION & private, samen.location))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, samen.text))
    application.add_handler(MessageHandler(filters.COMMAND & private, samen.help))
    application.add_handler(MessageHandler(filters.ALL & private, samen.media))
    application.add_error_handler(samen.error)
    return application


def run(config: TelegramConfig) -> None:
    """Polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set."""
    application = build_application(config)
    if config.webhook:
        application.run_webhook(listen=config.webhook_listen, port=config.webhook_port,
                                url_path=urlparse(config.webhook_url).path.lstrip("/"),
                                webhook_url=config.webhook_url,
                                secret_token=config.webhook_secret, allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)

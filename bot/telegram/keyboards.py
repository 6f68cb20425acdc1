"""Rasa's buttons as Telegram inline keyboards. Telegram allows 1–64 bytes
of callback data and sends back whatever a client puts there, so the bot
accepts only data it issued itself: a payload that fits is sent with a
short keyed signature (it stays valid across restarts), a longer one is kept
in the chat's own state under a random token ("k:<n>")."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

CALLBACK_LIMIT = 64
TOKEN_PREFIX = "k:"
SEPARATOR = "~"
SIGNATURE_CHARS = 11
KEPT_PAYLOADS = 50


class ButtonData:
    """The callback data of one chat's buttons."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._long: OrderedDict[str, str] = OrderedDict()

    def _signature(self, payload: str) -> str:
        digest = hmac.new(self._key, f"button:{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_CHARS]

    def encode(self, payload: str) -> str:
        signed = f"{payload}{SEPARATOR}{self._signature(payload)}"
        if payload and not payload.startswith(TOKEN_PREFIX) and len(signed.encode()) <= CALLBACK_LIMIT:
            return signed
        for token, kept in self._long.items():
            if kept == payload:
                return token
        # Random, so that a button from before a restart or /forget never means another payload.
        token = f"{TOKEN_PREFIX}{secrets.token_urlsafe(8)}"
        self._long[token] = payload
        while len(self._long) > KEPT_PAYLOADS:
            self._long.popitem(last=False)
        return token

    def decode(self, data: str) -> str | None:
        """The payload a pressed button stands for; None for an expired token
        or data the bot did not issue."""
        if data.startswith(TOKEN_PREFIX):
            return self._long.get(data)
        payload, _, signature = data.rpartition(SEPARATOR)
        if payload and hmac.compare_digest(signature, self._signature(payload)):
            return payload
        return None


def inline_keyboard(buttons: list[dict], data: ButtonData) -> InlineKeyboardMarkup | None:
    """One button per row: titles in Arabic, Tigrinya or Dari are often long."""
    rows = [[InlineKeyboardButton(b["title"], callback_data=data.encode(b["payload"]))]
            for b in buttons if b.get("title") and b.get("payload")]
    return InlineKeyboardMarkup(rows) if rows else None

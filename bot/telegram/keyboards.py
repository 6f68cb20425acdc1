"""Rasa's buttons as Telegram inline keyboards. Telegram allows 1–64 bytes
of callback data: a payload that fits is sent as it is, a longer one is kept
in the chat's own state under a short token ("k:<n>")."""
from __future__ import annotations

import secrets
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

CALLBACK_LIMIT = 64
TOKEN_PREFIX = "k:"
KEPT_PAYLOADS = 50


class LongPayloads:
    """The long payloads of one chat (most recent KEPT_PAYLOADS)."""

    def __init__(self) -> None:
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def token(self, payload: str) -> str:
        for token, kept in self._payloads.items():
            if kept == payload:
                return token
        # Random, so that a button from before a restart or /forget never means another payload.
        token = f"{TOKEN_PREFIX}{secrets.token_urlsafe(8)}"
        self._payloads[token] = payload
        while len(self._payloads) > KEPT_PAYLOADS:
            self._payloads.popitem(last=False)
        return token

    def payload(self, token: str) -> str | None:
        return self._payloads.get(token)


def callback_data(payload: str, long_payloads: LongPayloads) -> str:
    if payload and len(payload.encode()) <= CALLBACK_LIMIT and not payload.startswith(TOKEN_PREFIX):
        return payload
    return long_payloads.token(payload)


def resolve(data: str, long_payloads: LongPayloads) -> str | None:
    """The payload a pressed button stands for (None: an expired token)."""
    if data.startswith(TOKEN_PREFIX):
        return long_payloads.payload(data)
    return data


def inline_keyboard(buttons: list[dict], long_payloads: LongPayloads) -> InlineKeyboardMarkup | None:
    """One button per row: titles in Arabic, Tigrinya or Dari are often long."""
    rows = [[InlineKeyboardButton(b["title"], callback_data=callback_data(b["payload"], long_payloads))]
            for b in buttons if b.get("title") and b.get("payload")]
    return InlineKeyboardMarkup(rows) if rows else None

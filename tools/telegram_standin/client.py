"""A Telegram user, simulated through the stand-in's control API: sends
messages, presses buttons and reads what the bot sent to its chat."""
from __future__ import annotations

import itertools
import time

import requests

from tools.telegram_standin import updates

_QUERY_IDS = itertools.count(1)


class TelegramUser:
    def __init__(self, standin_url: str, user_id: int, language_code: str | None = None):
        self.url = standin_url.rstrip("/")
        self.user = updates.user(user_id, language_code)
        self.chat_id = user_id
        self.seen = 0          # highest bot message id already read
        self._message_ids = itertools.count(1)

    def _inject(self, update: dict) -> dict:
        reply = requests.post(f"{self.url}/_standin/updates", json=update, timeout=10)
        reply.raise_for_status()
        return reply.json()

    def send(self, text: str) -> dict:
        return self._inject(updates.text(self.user, next(self._message_ids), text))

    def edit(self, text: str) -> dict:
        return self._inject(updates.edited(self.user, next(self._message_ids), text))

    def send_media(self, kind: str, **where) -> dict:
        return self._inject(updates.media(self.user, next(self._message_ids), kind, **where))

    def press(self, bot_message: dict, title_or_data: str) -> dict:
        """Presses the button with this title (or callback data) under one of the bot's messages."""
        buttons = [b for row in bot_message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        data = next(b["callback_data"] for b in buttons if title_or_data in (b["text"], b["callback_data"]))
        return self._inject(updates.press(self.user, bot_message, data, f"q{next(_QUERY_IDS)}"))

    def message(self, message_id: int) -> dict:
        return requests.get(f"{self.url}/_standin/messages/{message_id}", timeout=10).json()

    def replies(self, timeout: float = 60.0, quiet: float = 1.5, expect: int = 1) -> list[dict]:
        """The bot's new messages to this chat: waits for at least `expect`
        of them, then until nothing new arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        found: list[dict] = []
        last_new = time.monotonic()
        while time.monotonic() < deadline:
            new = requests.get(f"{self.url}/_standin/sent",
                               params={"chat_id": self.chat_id, "after": self.seen}, timeout=10).json()
            if new:
                found += new
                self.seen = new[-1]["message_id"]
                last_new = time.monotonic()
            elif len(found) >= expect and time.monotonic() - last_new >= quiet:
                break
            time.sleep(0.2)
        return found

"""`make run MODE=telegram-demo`: the Telegram conversation, fully offline.
The real bot (bot.telegram) talks to the local Bot API stand-in; this
terminal plays the Telegram app: type messages or /commands, and the number
of a button to press it; `/later N` moves the bot's clock N days ahead
(a file the bot reads, SAMEN_CLOCK_FILE) so that reminders come."""
from __future__ import annotations

import pathlib
import time
from typing import Callable

from bot.chat import prompt_loop
from tools.telegram_standin.client import TelegramUser

DEMO_USER_ID = 4242


class DemoChat:
    def __init__(self, standin_url: str, language_code: str | None = None,
                 read: Callable[[str], str] = input, write: Callable[[str], None] = print,
                 clock_file: pathlib.Path | None = None, reminder_wait: float = 6.0):
        self.user = TelegramUser(standin_url, DEMO_USER_ID, language_code)
        self.clock_file, self.reminder_wait = clock_file, reminder_wait
        self.read, self.write = read, write
        self.buttons: list[tuple[dict, str]] = []

    def show(self, messages: list[dict]) -> None:
        for message in messages:
            self.write(f"Samen: {message['text']}")
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if rows:
                self.buttons = [(message, b["text"]) for row in rows for b in row]
                for number, (_, title) in enumerate(self.buttons, start=1):
                    self.write(f"  [{number}] {title}")

    def handle(self, line: str) -> bool:
        line = line.strip()
        if line in ("/quit", "/exit"):
            return False
        if line.split()[:1] == ["/later"] and self.clock_file:
            self.later(line.partition(" ")[2].strip())
            return True
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            message, title = self.buttons[int(line) - 1]
            self.buttons = []
            self.user.press(message, title)
        elif line:
            self.user.send(line)
        else:
            return True
        self.show(self.user.replies())
        return True

    def later(self, argument: str) -> None:
        """/later N: the bot's clock N days ahead; shows what the bot sends then."""
        try:
            days = int(argument or 1)
        except ValueError:
            days = 1
        ahead = int(self.clock_file.read_text() or 0) if self.clock_file.exists() else 0
        self.clock_file.write_text(str(ahead + max(days, 0)))
        self.write(f"(+{ahead + max(days, 0)} days)")
        self.show(self.user.replies(timeout=self.reminder_wait, expect=0))

    def run(self) -> None:
        self.handle("/start")
        prompt_loop(self.read, self.handle)

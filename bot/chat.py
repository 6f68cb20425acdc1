"""Samen's local chat: a terminal conversation with the real Rasa server
(REST channel), action server and NLG endpoint. Buttons and the language
picker are numbered choices; /language, /forget and /quit are commands.

    python -m bot.chat --rasa-url http://127.0.0.1:5005
"""
from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Callable

import requests

from bot import i18n
from bot.nlg.content import load
from bot.nlg.render import N_

UNAVAILABLE = N_("chat.unavailable")
FORGOTTEN = N_("chat.forgotten")
HELP = N_("chat.help")
TIMEOUT_SECONDS = 60


class Chat:
    """One local conversation. The sender id is a random pseudonym, new after /forget."""

    def __init__(self, rasa_url: str, read: Callable[[str], str] = input,
                 write: Callable[[str], None] = print, forget: Callable[[str], None] | None = None):
        self.url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        self.read, self.write, self._forget = read, write, forget
        self.sender = uuid.uuid4().hex
        self.language = i18n.FALLBACK
        self.choices: list[tuple[str, str]] = []

    def say(self, key: str) -> None:
        self.write(i18n.translate(key, self.language)[0])

    def show_picker(self) -> None:
        # The same choices as the dialogue's own picker (domain.yml, utter_change_language).
        self.choices = [(i18n.translate(b["title"], "en")[0], b["payload"])
                        for b in load().responses["utter_change_language"].buttons]
        self.write("🌐")
        self._show_choices()

    def _show_choices(self) -> None:
        for number, (title, _) in enumerate(self.choices, start=1):
            self.write(f"  {number}. {title}")

    def send(self, message: str) -> bool:
        """Sends a message or payload and shows the replies; False when Samen is unreachable."""
        if message.startswith("/change_language{"):
            self.language = json.loads(message[len("/change_language"):])["language"]
        try:
            reply = requests.post(self.url, json={"sender": self.sender, "message": message},
                                  timeout=TIMEOUT_SECONDS)
            reply.raise_for_status()
            messages = reply.json()
        except (requests.RequestException, ValueError):
            self.say(UNAVAILABLE)
            return False
        self.choices = []
        for bot_message in messages:
            if bot_message.get("text"):
                self.write(f"Samen: {bot_message['text']}")
            self.choices = [(b["title"], b["payload"]) for b in bot_message.get("buttons") or []] or self.choices
        self._show_choices()
        return True

    def handle(self, line: str) -> bool:
        """Handles one line typed by the user; False to stop."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        if line == "/language":
            self.show_picker()
        elif line == "/help":
            self.say(HELP)
        elif line == "/forget":
            if self._forget:
                self._forget(self.sender)
            self.sender = uuid.uuid4().hex
            self.say(FORGOTTEN)
        elif line.isdigit() and 1 <= int(line) <= len(self.choices):
            self.send(self.choices[int(line) - 1][1])
        elif line.lstrip("/ \t"):
            # Typed text is never an intent payload: only the numbered choices send those.
            self.send(line.lstrip("/ \t"))
        else:
            self.say(HELP)
        return True

    def run(self) -> None:
        self.show_picker()
        prompt_loop(self.read, self.handle)


def prompt_loop(read: Callable[[str], str], handle: Callable[[str], bool]) -> None:
    """Reads lines until end of input, Ctrl-C, or handle() says stop."""
    while True:
        try:
            line = read("> ")
        except (EOFError, KeyboardInterrupt):
            return
        if not handle(line):
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args()
    from bot import privacy

    store = privacy.tracker_store(args.endpoints)
    Chat(args.rasa_url, forget=lambda sender: privacy.forget(store, sender)).run()
    sys.stdout.flush()


if __name__ == "__main__":
    main()

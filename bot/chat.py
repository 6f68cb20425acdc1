"""Samen's local chat: a terminal conversation with the real Rasa server
(REST channel), action server and NLG endpoint. Buttons and the language
picker are numbered choices; /language, /forget and /quit are commands.
Like the Telegram front end it only relays: the conversation's language
comes from the replies, and /forget is the action server's to do.

    python -m bot.chat --rasa-url http://127.0.0.1:5005
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from typing import Callable

import requests

from bot import channels
from bot.core import catalogs, formatting, languages
from bot.core.catalogs import N_
from bot.core.environment import today
from bot.nlg.content import load_content

UNAVAILABLE = N_("chat.unavailable")
NO_MEMORY = N_("chat.no_memory")
FORGOTTEN = N_("chat.forgotten")
FORGET_FAILED = N_("telegram.forget.failed")
HELP = N_("chat.help")
TIMEOUT_SECONDS = 60


class Chat:
    """One local conversation. The sender id is a random pseudonym, new after /forget."""

    def __init__(self, rasa_url: str | list | tuple, action_url: str, read: Callable[[str], str] = input,
                 write: Callable[[str], None] = print):
        # One Rasa server, or several replicas (a comma-separated string or a list).
        self.urls = tuple(f"{url}/webhooks/rest/webhook" for url in channels.rasa_urls(rasa_url))
        self.action_url = action_url
        self.read, self.write = read, write
        self.sender = uuid.uuid4().hex
        self.language: str | None = None        # as the last reply told it
        self.choices: list[tuple[str, str]] = []
        self.days_ahead = 0                     # /later N: the demo clock

    def say(self, key: str) -> None:
        language = languages.conversation_language(self.language)
        self.write(formatting.for_reader(catalogs.text(key, language), language))

    def show_picker(self) -> None:
        # The same choices as the dialogue's own picker (domain.yml, utter_change_language).
        self.choices = [(catalogs.text(b["title"], "en"), b["payload"])
                        for b in load_content().responses["utter_change_language"].buttons]
        self.write("🌐")
        self._show_choices()

    def _show_choices(self) -> None:
        for number, (title, _) in enumerate(self.choices, start=1):
            self.write(f"  {number}. {title}")

    def post(self, message: str) -> requests.Response | None:
        """Rasa's answer from the conversation's replica, or the next one when
        it refuses the connection or fails (bot/channels.py); None if none answered."""
        body = {"sender": self.sender, "message": message, "metadata": channels.reply_metadata("chat", self.sender)}
        reply = None
        for url in channels.replica_order(self.urls, self.sender):
            try:
                reply = requests.post(url, json=body, timeout=TIMEOUT_SECONDS)
            except requests.ConnectionError:
                continue
            except requests.RequestException:       # a timeout: Rasa may have it; never sent twice
                return None
            if not channels.fails_over(reply.status_code):
                return reply
        return reply

    def send(self, message: str) -> bool:
        """Sends a message or payload and shows the replies; False when Samen is unreachable."""
        try:
            reply = self.post(message)
            if reply is None:
                raise requests.ConnectionError
            if reply.status_code == 503 and reply.headers.get("content-type", "").startswith("application/json") \
                    and (reply.json() or {}).get("error") == "memory":
                self.say(NO_MEMORY)
                return False
            reply.raise_for_status()
            replies = channels.read_replies(reply.json())
        except (requests.RequestException, ValueError, AttributeError):
            self.say(UNAVAILABLE)
            return False
        self.language = replies.language or self.language
        if not replies.messages:
            self.say(UNAVAILABLE)
            return False
        self.choices = []
        for bot_message in replies.messages:
            self.write(f"Samen: {bot_message['text']}")
            self.choices = [(b["title"], b["payload"]) for b in bot_message["buttons"]] or self.choices
        self._show_choices()
        return True

    def today(self) -> dt.date:
        return today() + dt.timedelta(days=self.days_ahead)

    def show_due(self) -> None:
        """Shows this conversation's reminders that are due (each once)."""
        url = channels.reminders_url(self.action_url)
        try:
            reply = requests.get(f"{url}/due", params={"channel": "chat", "sender": self.sender,
                                                       "today": self.today().isoformat()},
                                 headers=channels.conversation_headers(), timeout=TIMEOUT_SECONDS)
            reply.raise_for_status()
            for item in reply.json().get("reminders", []):
                if channels.reply_address(item["reply_to"]) == self.sender:
                    self.write(f"⏰ Samen: {item['text']}")
                requests.post(f"{url}/{item['id']}/sent", headers=channels.conversation_headers(),
                              timeout=TIMEOUT_SECONDS).raise_for_status()
        except (requests.RequestException, ValueError):
            pass        # shown after the next turn

    def later(self, argument: str) -> None:
        """/later N: the chat's clock N days ahead (a demo of reminders)."""
        try:
            self.days_ahead += max(0, int(argument or 1))
        except ValueError:
            self.say(HELP)
            return
        self.write(f"📅 {formatting.date(self.today(), languages.conversation_language(self.language))}")

    def forget(self) -> None:
        """Deletes the conversation (the action server does), then starts a new one."""
        try:
            requests.delete(channels.conversation_url(self.action_url, self.sender), headers=channels.conversation_headers(),
                            timeout=TIMEOUT_SECONDS).raise_for_status()
        except requests.RequestException:
            self.say(FORGET_FAILED)
            return
        self.say(FORGOTTEN)
        self.sender = uuid.uuid4().hex

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
            self.forget()
        elif line == "/reminders":
            self.send('/request_reminder{"reminder_action":"list"}')
        elif line.split()[0] == "/later":
            self.later(line.partition(" ")[2].strip())
        elif line.isdigit() and 1 <= int(line) <= len(self.choices):
            self.send(self.choices[int(line) - 1][1])
        elif channels.typed_text(line):
            # Typed text is never an intent payload: only the numbered choices send those.
            self.send(channels.typed_text(line))
        else:
            self.say(HELP)
        self.show_due()
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
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005",
                        help="a Rasa server, or several replicas separated by commas")
    parser.add_argument("--action-url", default="http://127.0.0.1:5055")
    args = parser.parse_args()
    Chat(args.rasa_url, args.action_url).run()
    sys.stdout.flush()


if __name__ == "__main__":
    main()

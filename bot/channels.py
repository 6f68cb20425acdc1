"""What Samen's channels (Telegram, the local chat) share, so that they only
relay: how Rasa's REST replies are read (texts with buttons, and the
conversation's language the action server attaches), where the action
server's conversation endpoints are (see and delete what is kept), and the
sealed address a reminder is sent to, and which Rasa replica a conversation
goes to (several: RASA_URLS)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from urllib.parse import quote

from bot.core.environment import conversations_token, reminder_key
from bot.core.keys import seal, unseal


# What may precede typed text that must not turn it into an intent payload
# ("/greet"): slashes, any Unicode space or line break, invisible characters.
_LEADING = re.compile(r"^[\s/\u200b-\u200f\u2060\ufeff]+")


def typed_text(text: str | None) -> str:
    """Typed text as Rasa gets it: never an intent payload, which only the
    channel's own buttons and commands send."""
    return _LEADING.sub("", text or "")


@dataclasses.dataclass
class Replies:
    messages: list          # [{"text": ..., "buttons": [...]}], in order
    language: str | None    # the conversation's language, as the action server says


def read_replies(replies: list) -> Replies:
    """Rasa's REST channel answer: displayable messages, and the language
    carried in the replies' custom payloads."""
    messages, language = [], None
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("language"):
            language = custom["language"]
        text = "\n".join(part for part in (reply.get("text"), reply.get("image")) if part)
        if text:
            messages.append({"text": text, "buttons": reply.get("buttons") or []})
    return Replies(messages, language)


def conversation_url(action_server_url: str, sender: str) -> str:
    return f"{action_server_url.rstrip('/')}/conversations/{quote(sender, safe='')}"


def conversation_headers() -> dict:
    return {"Authorization": f"Bearer {conversations_token().decode()}"}


def reply_metadata(channel: str, address: str) -> dict:
    """Message metadata with the address a reminder would be sent to, sealed
    (REMINDER_KEY): the action server keeps it only when the user agrees to
    reminders, and never sees it in clear; it is never kept with the message."""
    return {"reply_to": seal(json.dumps({"address": address}), reminder_key()), "reply_channel": channel}


def reply_address(sealed: str) -> str | None:
    """The address in a sealed reply_to; None if it cannot be opened (another key)."""
    opened = unseal(sealed, reminder_key())
    try:
        return str(json.loads(opened)["address"]) if opened else None
    except (ValueError, KeyError, TypeError):
        return None


def reminders_url(action_server_url: str) -> str:
    return f"{action_server_url.rstrip('/')}/reminders"


def rasa_urls(value: str | list | tuple) -> tuple[str, ...]:
    """The Rasa servers a channel may use: a list, or a comma-separated
    string (RASA_URLS, or one RASA_URL), without trailing slashes."""
    parts = value.split(",") if isinstance(value, str) else value
    urls = tuple(url.strip().rstrip("/") for url in parts if url and url.strip())
    if not urls:
        raise ValueError("no Rasa URL given")
    return urls


def replica_order(urls: tuple[str, ...], sender: str) -> tuple[str, ...]:
    """The replicas to try for one conversation, in order: each conversation
    has a first replica of its own (spread by a stable hash of its pseudonym,
    the same in every channel process), then the others in turn. Sending a
    conversation to one replica while it answers keeps Rasa's lock store from
    ever racing on it (bot/rasa_server/locks.py); the shared tracker store
    lets any other replica carry on when it does not."""
    if len(urls) < 2:
        return tuple(urls)
    first = int.from_bytes(hashlib.sha256(sender.encode()).digest()[:8], "big") % len(urls)
    return tuple(urls[first:]) + tuple(urls[:first])


def fails_over(status: int) -> bool:
    """Whether a replica's answer sends the message to the next replica: a
    server error (the turn did not complete there; Rasa saves a conversation
    only at the end of a turn). A client error would fail everywhere alike."""
    return status >= 500

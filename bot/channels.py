"""What Samen's channels (Telegram, the local chat) share, so that they only
relay: how Rasa's REST replies are read (texts with buttons, and the
conversation's language the action server attaches), and where the action
server's conversation endpoints are (see and delete what is kept)."""
from __future__ import annotations

import dataclasses
import re
from urllib.parse import quote

from bot.core.environment import conversations_token


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

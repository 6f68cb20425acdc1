"""Telegram updates as a user's app would produce them (Bot API objects as
dicts), for injecting into the stand-in."""
from __future__ import annotations

import re
import time


def user(user_id: int, language_code: str | None = None, first_name: str = "Test") -> dict:
    person = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        person["language_code"] = language_code
    return person


def _message(sender: dict, message_id: int, **content) -> dict:
    return {"message_id": message_id, "date": int(time.time()),
            "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
            "from": sender, **content}


def text(sender: dict, message_id: int, body: str) -> dict:
    content = {"text": body}
    command = re.match(r"/[A-Za-z0-9_]{1,32}(@\w+)?", body)     # as Telegram marks commands
    if command:
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    return {"message": _message(sender, message_id, **content)}


def edited(sender: dict, message_id: int, body: str) -> dict:
    return {"edited_message": {**_message(sender, message_id, text=body), "edit_date": int(time.time())}}


def media(sender: dict, message_id: int, kind: str, latitude: float = 52.3567, longitude: float = 6.6627) -> dict:
    """A voice note, photo, sticker, document or location (by default central Almelo)."""
    file = {"file_id": f"{kind}-{message_id}", "file_unique_id": f"u-{kind}-{message_id}"}
    content = {
        "voice": {"voice": {**file, "duration": 4, "mime_type": "audio/ogg"}},
        "photo": {"photo": [{**file, "width": 640, "height": 480}]},
        "sticker": {"sticker": {**file, "type": "regular", "width": 512, "height": 512,
                                "is_animated": False, "is_video": False}},
        "document": {"document": {**file, "file_name": "letter.pdf"}},
        "location": {"location": {"latitude": latitude, "longitude": longitude}},
    }[kind]
    return {"message": _message(sender, message_id, **content)}


def press(sender: dict, bot_message: dict, data: str, query_id: str) -> dict:
    """A press on an inline keyboard button of one of the bot's messages."""
    return {"callback_query": {"id": query_id, "from": sender, "message": bot_message,
                               "chat_instance": f"ci-{sender['id']}", "data": data}}

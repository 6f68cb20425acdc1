"""Secrets shared between Samen's processes, and the pseudonyms made with them.

Telegram user ids never leave the bot in clear: Rasa, the tracker store and
the logs only see a keyed hash (HMAC-SHA256 with SENDER_HASH_KEY), which
cannot be turned back into the id without the key. The channels and the
action server share a token for the conversation endpoints (/forget).
What a channel needs to write to a user later (the chat id of a reminder)
is sealed with REMINDER_KEY (Fernet: AES with an HMAC) by the channel and
stored sealed; only the channels can open it.
A secret comes from the environment, or from a file generated once."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import pathlib
import secrets

from cryptography.fernet import Fernet, InvalidToken

log = logging.getLogger(__name__)
MIN_KEY_BYTES = 16


def sender_id(user_id: int, key: bytes) -> str:
    """The pseudonymous Rasa sender id of a Telegram user."""
    return hmac.new(key, f"telegram:{user_id}".encode(), hashlib.sha256).hexdigest()[:40]


def load_key(value: str | None, fallback_file: pathlib.Path, name: str = "SENDER_HASH_KEY") -> bytes:
    """The secret `name` from the environment (`value`); without it, a random
    key kept in `fallback_file` (created once, readable by its owner only) so
    that it survives restarts (the same user keeps the same conversation)."""
    if value:
        key = value.encode()
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"{name} must be at least {MIN_KEY_BYTES} characters long")
        return key
    if not fallback_file.exists():
        fallback_file.parent.mkdir(parents=True, exist_ok=True)
        draft = fallback_file.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, fallback_file)        # whole file or nothing, even with two processes starting
            log.warning("%s is not set: generated a key in %s (set it in production)", name, fallback_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = fallback_file.read_text().strip().encode()
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"{fallback_file} holds no usable key: delete it or set {name}")
    return key


def fingerprint(key: bytes) -> str:
    """Names a key without revealing it (to compare it with the one recorded)."""
    return hmac.new(key, b"samen:key-fingerprint", hashlib.sha256).hexdigest()[:32]


def _fernet(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"samen:seal:" + key).digest()))


def seal(value: str, key: bytes) -> str:
    """`value` encrypted and authenticated with `key` (a different text every time)."""
    return _fernet(key).encrypt(value.encode()).decode()


def unseal(token: str, key: bytes) -> str | None:
    """What `seal` sealed, or None when it was sealed with another key or altered."""
    try:
        return _fernet(key).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None

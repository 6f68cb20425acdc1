"""The lock store Rasa serialises each conversation's messages with
(endpoints.yml `lock_store`): Rasa's own stores, chosen from the environment.

* embedded (no REDIS_URL): Rasa's InMemoryLockStore, as before: one Rasa
  process, locks in its memory;
* scaled out (REDIS_URL=redis://[:password@]host[:port][/db]): Rasa's
  RedisLockStore, so that several Rasa replicas take a conversation's
  messages one at a time and in order whichever replica gets them. Keys are
  namespaced: REDIS_KEY_PREFIX (alphanumeric, default "samen") gives keys
  "<prefix>:lock:<sender>", so tests and other deployments on one Redis
  never collide.

Rasa's endpoints.yml substitution fails on an unset variable, so the choice
cannot be made there; Rasa builds a custom lock store as
`ConversationLocks(endpoint_config=...)`, and this class returns Rasa's own
store instead of an instance of itself. What it does not change: Rasa's
RedisLockStore reads and writes a conversation's ticket lock without a
transaction, so two replicas receiving messages of one conversation at the
same instant can both go ahead (Rasa Pro's ConcurrentRedisLockStore closes
that); the channels therefore send a conversation to one replica as long as
it answers (bot/channels.py `replica_order`).
"""
from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

DEFAULT_PREFIX = "samen"


class LockStoreConfigError(ValueError):
    """REDIS_URL or REDIS_KEY_PREFIX cannot be used."""


def redis_settings(url: str, prefix: str | None = None) -> dict:
    """RedisLockStore's arguments from a redis:// (or rediss://) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise LockStoreConfigError("REDIS_URL must look like redis://host:6379/0")
    prefix = prefix or DEFAULT_PREFIX
    if not prefix.isalnum():
        # Rasa would silently drop a non-alphanumeric prefix and share the default keys.
        raise LockStoreConfigError("REDIS_KEY_PREFIX must be letters and digits only")
    path = parts.path.strip("/")
    return {"host": parts.hostname, "port": parts.port or 6379, "db": int(path or 0),
            "username": unquote(parts.username) if parts.username else None,
            "password": unquote(parts.password) if parts.password else None,
            "use_ssl": parts.scheme == "rediss", "key_prefix": prefix}


def lock_store(env: dict | None = None) -> LockStore:
    """Rasa's RedisLockStore when REDIS_URL is set, else its InMemoryLockStore."""
    env = os.environ if env is None else env
    url = (env.get("REDIS_URL") or "").strip()
    if not url:
        return InMemoryLockStore()
    return RedisLockStore(**redis_settings(url, env.get("REDIS_KEY_PREFIX")))


class ConversationLocks:
    """endpoints.yml `type: bot.rasa_server.locks.ConversationLocks`."""

    def __new__(cls, endpoint_config=None, **kwargs) -> LockStore:
        return lock_store()

"""Throw-away back ends of a scaled-out Samen: a PostgreSQL database of its own
(created, then dropped) and a Redis key prefix of its own (only its keys are
flushed), so that tests and measurements never touch anyone else's data."""
from __future__ import annotations

import contextlib
import os
import uuid
from urllib.parse import urlsplit, urlunsplit

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def postgres_database(base_url: str = POSTGRES_URL, prefix: str = "samen_test"):
    """A new, empty database samen_test_<random> on the server of `base_url`;
    yields its SQLAlchemy URL and drops it afterwards (closing what still uses it)."""
    import psycopg2

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(base_url.replace("postgresql+psycopg2://", "postgresql://"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield with_database(base_url, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def redis_client(url: str = REDIS_URL):
    import redis

    return redis.Redis.from_url(url, socket_timeout=5)


def prefix_keys(prefix: str, url: str = REDIS_URL) -> list[bytes]:
    return list(redis_client(url).scan_iter(match=f"{prefix}:*"))


@contextlib.contextmanager
def redis_prefix(url: str = REDIS_URL, prefix: str = "samentest"):
    """A Redis key prefix of its own (alphanumeric, as Rasa requires); yields
    it and deletes only the keys under it afterwards."""
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    client = redis_client(url)
    client.ping()
    try:
        yield name
    finally:
        keys = list(client.scan_iter(match=f"{name}:*"))
        if keys:
            client.delete(*keys)
        client.close()

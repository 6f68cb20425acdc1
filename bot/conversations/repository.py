"""What Samen keeps, and its deletion: a conversation is kept under its
pseudonymous sender id in Rasa's tracker store (SQLite or PostgreSQL) and
deleted on request (/forget) or RETENTION_DAYS after its last message; the
reminders a user asked for (bot/conversations/reminders.py) are deleted with it
on /forget, and otherwise once sent.

The one place that reads or deletes stored conversations outside Rasa; only
the action server uses it (bot/action_server.py). Works through Rasa's own
SQL tracker store (its table and sessions), so it covers every SQL database
Rasa supports.
"""
from __future__ import annotations

import json
import logging
import pathlib
import time

from sqlalchemy import func

from bot.conversations import reminders
from bot.nlg.content import load_content

log = logging.getLogger(__name__)
RETENTION_DAYS = load_content().durations["retention"][0]
# What a user can be shown of their conversation (besides its size and age).
SHOWN_SLOTS = ("language", "country", "municipality", "role")


def tracker_store(endpoints: str | pathlib.Path = "endpoints.yml"):
    """Rasa's tracker store as configured in endpoints.yml."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    from bot.core.environment import apply_defaults

    apply_defaults()
    config = read_endpoint_config(str(endpoints), "tracker_store")
    return TrackerStore.create(config)


_STORES: list = []


def shared_store(endpoints: str | pathlib.Path = "endpoints.yml"):
    """The process's one tracker store, made on first use: the action server
    makes it from its endpoints file; the actions then use the same one."""
    if not _STORES:
        _STORES.append(tracker_store(endpoints))
    return _STORES[0]


def prepare(store) -> None:
    """Makes Samen's own tables beside Rasa's (reminders, the key record) at
    start, once, rather than on first use, when replicas could race to it."""
    reminders.count(store, "")
    _key_table(store)


def forget(store, sender_id: str) -> int:
    """Deletes one conversation and its reminders; returns the number of
    conversation events removed."""
    reminders.cancel(store, sender_id)
    with store.session_scope() as session:
        deleted = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
        session.commit()
    return deleted


def purge(store, days: float = RETENTION_DAYS, now: float | None = None) -> int:
    """Deletes every conversation whose last event is older than `days`;
    returns how many conversations were deleted."""
    cutoff = (now or time.time()) - days * 86400
    event = store.SQLEvent
    with store.session_scope() as session:
        stale = [row[0] for row in session.query(event.sender_id)
                 .group_by(event.sender_id).having(func.max(event.timestamp) < cutoff)]
        if stale:
            session.query(event).filter(event.sender_id.in_(stale)).delete(synchronize_session=False)
            session.commit()
    if stale:
        log.info("retention: deleted %d conversations older than %s days", len(stale), days)
    return len(stale)


def summary(store, sender_id: str) -> dict:
    """What is kept of one conversation: how many messages, since and until
    when, and the slots a user can be shown (their last values)."""
    event = store.SQLEvent
    with store.session_scope() as session:
        count, first, last = (session.query(func.count(event.id), func.min(event.timestamp), func.max(event.timestamp))
                              .filter(event.sender_id == sender_id, event.type_name == "user").one())
        rows = (session.query(event.action_name, event.data)
                .filter(event.sender_id == sender_id, event.type_name == "slot",
                        event.action_name.in_(SHOWN_SLOTS))
                .order_by(event.id).all())
    slots = {name: json.loads(data).get("value") for name, data in rows}
    return {"messages": count, "first": first, "last": last,
            "slots": {name: value for name, value in slots.items() if value is not None},
            "reminders": reminders.count(store, sender_id)}


KEY_TABLE = "samen_sender_key"


def _key_table(store):
    import sqlalchemy as sa

    metadata = sa.MetaData()
    table = sa.Table(KEY_TABLE, metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("fingerprint", sa.String(64), nullable=False))
    metadata.create_all(store.engine, checkfirst=True)
    return table


def same_sender_key(store, fingerprint: str) -> bool:
    """Whether the channel's pseudonym key is the one the stored
    conversations were made with (the first key to ask is recorded). A
    different key would silently turn every user into a stranger and leave
    their old conversation behind, out of reach of /forget."""
    table = _key_table(store)
    with store.engine.begin() as connection:
        kept = connection.execute(table.select().where(table.c.id == 1)).fetchone()
        if kept is None:
            connection.execute(table.insert().values(id=1, fingerprint=fingerprint))
            return True
    return kept.fingerprint == fingerprint


def forget_everything(store) -> int:
    """Deletes every conversation, every reminder and the recorded key
    (rotating the key: conversations made with the old one can never be
    reached again)."""
    reminders.forget_everything(store)
    with store.session_scope() as session:
        deleted = session.query(store.SQLEvent).delete()
        session.commit()
    table = _key_table(store)
    with store.engine.begin() as connection:
        connection.execute(table.delete())
    return deleted

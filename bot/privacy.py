"""What Samen keeps, and its deletion: a conversation is kept under its
pseudonymous sender id in Rasa's tracker store (SQLite or PostgreSQL) and
deleted on request (/forget) or RETENTION_DAYS after its last message.

Works through Rasa's own SQLTrackerStore (its table and sessions), so it
covers every SQL database Rasa supports.
"""
from __future__ import annotations

import json
import logging
import pathlib
import time

from sqlalchemy import func

from bot.nlg.content import load

log = logging.getLogger(__name__)
RETENTION_DAYS = load().numbers["retention_days"]


def tracker_store(endpoints: str | pathlib.Path = "endpoints.yml"):
    """Rasa's tracker store as configured in endpoints.yml."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    from bot.settings import apply_defaults

    apply_defaults()
    config = read_endpoint_config(str(endpoints), "tracker_store")
    return TrackerStore.create(config)


def forget(store, sender_id: str) -> int:
    """Deletes one conversation; returns the number of events removed."""
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


def kept_slot(store, sender_id: str, name: str):
    """The last value a conversation's slot was set to (None when unset or
    forgotten), read from the stored events without loading the tracker."""
    event = store.SQLEvent
    with store.session_scope() as session:
        rows = (session.query(event.data)
                .filter(event.sender_id == sender_id, event.type_name == "slot", event.action_name == name)
                .order_by(event.id.desc()).limit(1).all())
    return json.loads(rows[0][0]).get("value") if rows else None

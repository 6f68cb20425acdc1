"""Reminders a user asked for, kept in the tracker store's database (SQLite
embedded, PostgreSQL when scaled out) until they are sent, cancelled
(/reminders) or deleted with the conversation (/forget).

A reminder row holds the pseudonymous sender, the term it is about (rule and
start date, from which its text is made on the day it is sent), the day it
is due, the conversation's language and the channel's sealed address (the
Telegram chat id, encrypted by the channel with REMINDER_KEY; this module
never sees it in clear).

Sending is claimed, not read: a channel claims the due rows (one UPDATE per
row, guarded by its status, so two channel replicas never both get a row),
sends them and confirms each (the row is then deleted). A claim that is not
confirmed within CLAIM_SECONDS (the channel died mid-send) is claimed again.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import time
import uuid

import sqlalchemy as sa

TABLE = "samen_reminder"
PENDING, CLAIMED = "pending", "claimed"
CLAIM_SECONDS = 600


@dataclasses.dataclass(frozen=True)
class Planned:
    """A reminder to keep: its day and kind (bot.timeline.rules.Reminder)."""

    day: dt.date
    kind: str


@dataclasses.dataclass(frozen=True)
class Due:
    """A claimed reminder, for the channel to send."""

    id: str
    rule: str
    start: dt.date
    due: dt.date
    kind: str
    lang: str
    reply_to: str


@functools.lru_cache(maxsize=None)
def _table(engine: sa.engine.Engine) -> sa.Table:
    metadata = sa.MetaData()
    table = sa.Table(
        TABLE, metadata,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sender", sa.String(64), nullable=False, index=True),
        sa.Column("term", sa.String(32), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("start", sa.String(10), nullable=False),      # ISO dates compare as text
        sa.Column("due", sa.String(10), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("reply_to", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False, default=PENDING),
        sa.Column("claimed_at", sa.Float, nullable=True),
        sa.Column("created", sa.Float, nullable=False),
    )
    metadata.create_all(engine, checkfirst=True)
    return table


def schedule(store, sender: str, rule: str, start: dt.date, lang: str, channel: str, reply_to: str,
             planned: list[Planned], now: float | None = None) -> str:
    """Keeps the reminders of one term; a term of the same kind asked for
    before (an earlier date for the same rule) is replaced. Returns the term id."""
    table = _table(store.engine)
    term = uuid.uuid4().hex
    created = now or time.time()
    with store.engine.begin() as connection:
        connection.execute(table.delete().where(table.c.sender == sender, table.c.rule == rule))
        for reminder in planned:
            connection.execute(table.insert().values(
                id=uuid.uuid4().hex, sender=sender, term=term, rule=rule, start=start.isoformat(),
                due=reminder.day.isoformat(), kind=reminder.kind, lang=lang, channel=channel,
                reply_to=reply_to, status=PENDING, created=created))
    return term


def terms(store, sender: str) -> list[dict]:
    """The user's reminders, per term: {term, rule, start, days: [due, ...]}."""
    table = _table(store.engine)
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.term, table.c.rule, table.c.start, table.c.due)
                                  .where(table.c.sender == sender).order_by(table.c.due)).fetchall()
    found: dict[str, dict] = {}
    for row in rows:
        entry = found.setdefault(row.term, {"term": row.term, "rule": row.rule,
                                            "start": dt.date.fromisoformat(row.start), "days": []})
        entry["days"].append(dt.date.fromisoformat(row.due))
    return list(found.values())


def cancel(store, sender: str, term: str | None = None) -> int:
    """Deletes one term's reminders, or all of the sender's; returns how many."""
    table = _table(store.engine)
    condition = table.c.sender == sender
    if term:
        condition = sa.and_(condition, table.c.term == term)
    with store.engine.begin() as connection:
        return connection.execute(table.delete().where(condition)).rowcount


def count(store, sender: str) -> int:
    table = _table(store.engine)
    with store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)
                                  .where(table.c.sender == sender)).scalar_one()


def claim_due(store, channel: str, today: dt.date, sender: str | None = None,
              now: float | None = None) -> list[Due]:
    """Claims the reminders due by `today` on `channel` (one sender's only,
    when given). Of a term's reminders that are all due, only the latest is
    sent: a channel that was down for a week sends "1 day before", not also
    "1 week before"; the others are deleted."""
    table = _table(store.engine)
    now = now or time.time()
    claimable = sa.or_(table.c.status == PENDING, table.c.claimed_at < now - CLAIM_SECONDS)
    condition = sa.and_(table.c.channel == channel, table.c.due <= today.isoformat(), claimable)
    if sender:
        condition = sa.and_(condition, table.c.sender == sender)
    claimed = []
    with store.engine.begin() as connection:
        rows = connection.execute(sa.select(table).where(condition).order_by(table.c.due)).fetchall()
        latest = {row.term: row for row in rows}          # ordered by day: the last one wins
        superseded = [row.id for row in rows if latest[row.term].id != row.id]
        if superseded:
            connection.execute(table.delete().where(table.c.id.in_(superseded)))
        for row in latest.values():
            taken = connection.execute(table.update().where(table.c.id == row.id, claimable)
                                       .values(status=CLAIMED, claimed_at=now)).rowcount
            if taken:
                claimed.append(Due(row.id, row.rule, dt.date.fromisoformat(row.start),
                                   dt.date.fromisoformat(row.due), row.kind, row.lang, row.reply_to))
    return claimed


def sent(store, reminder_id: str) -> bool:
    """A claimed reminder was sent (or can never be: the user blocked the
    bot): it is deleted. False if it was not there (already confirmed)."""
    table = _table(store.engine)
    with store.engine.begin() as connection:
        return bool(connection.execute(table.delete().where(table.c.id == reminder_id)).rowcount)


def forget_everything(store) -> int:
    table = _table(store.engine)
    with store.engine.begin() as connection:
        return connection.execute(table.delete()).rowcount

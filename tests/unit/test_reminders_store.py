"""Reminders are kept until sent, cancelled or forgotten, and each is handed
to one sender exactly once: on SQLite (embedded) and PostgreSQL (scaled out,
where two channel replicas claim at the same time)."""
import datetime as dt
import threading
import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.conversations import reminders, repository

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
DAY = dt.date(2027, 1, 5)
PLANNED = [reminders.Planned(dt.date(2026, 12, 15), "4_weeks_before"), reminders.Planned(DAY, "1_week_before"),
           reminders.Planned(dt.date(2027, 1, 11), "1_day_before")]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield TrackerStore.create(EndpointConfig(type="SQL", dialect="sqlite", db=str(tmp_path / "t.db")),
                                  Domain.empty())
        return
    name = f"samen_reminders_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    made = TrackerStore.create(EndpointConfig(type="SQL", dialect="postgresql", url="127.0.0.1", port=5432,
                                              db=name, username="postgres"), Domain.empty())
    yield made
    made.engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE {name}"))
    admin.dispose()


def keep(store, sender="alice", rule="nl_nareis_term", channel="telegram"):
    return reminders.schedule(store, sender, rule, dt.date(2026, 10, 12), "ar", channel, "sealed-address", PLANNED)


def test_a_reminder_is_handed_out_on_its_day_once_and_deleted_when_sent(store):
    keep(store)
    assert reminders.claim_due(store, "telegram", dt.date(2026, 12, 14)) == []
    [due] = reminders.claim_due(store, "telegram", dt.date(2026, 12, 15))
    assert (due.kind, due.lang, due.reply_to) == ("4_weeks_before", "ar", "sealed-address")
    assert reminders.claim_due(store, "telegram", dt.date(2026, 12, 15)) == []     # claimed: not again
    assert reminders.sent(store, due.id) and not reminders.sent(store, due.id)
    assert [t["days"] for t in reminders.terms(store, "alice")] == [[DAY, dt.date(2027, 1, 11)]]


def test_a_claim_never_confirmed_is_handed_out_again_after_it_expires(store):
    keep(store)
    [first] = reminders.claim_due(store, "telegram", dt.date(2026, 12, 15), now=1000.0)
    assert reminders.claim_due(store, "telegram", dt.date(2026, 12, 15), now=1000.0 + 60) == []
    [again] = reminders.claim_due(store, "telegram", dt.date(2026, 12, 15),
                                  now=1000.0 + reminders.CLAIM_SECONDS + 1)
    assert again.id == first.id


def test_after_a_week_down_only_the_latest_reminder_of_a_term_is_sent(store):
    keep(store)
    [due] = reminders.claim_due(store, "telegram", DAY)
    assert due.kind == "1_week_before"
    assert reminders.count(store, "alice") == 2          # the 4-weeks one is gone, the 1-day one waits


def test_reminders_stay_with_their_channel_and_sender(store):
    keep(store, sender="alice", channel="chat")
    keep(store, sender="bob", channel="chat")
    assert reminders.claim_due(store, "telegram", DAY) == []
    [mine] = reminders.claim_due(store, "chat", DAY, sender="bob")
    assert reminders.count(store, "alice") == 3 and mine.id


def test_a_new_date_for_the_same_term_replaces_its_reminders(store):
    keep(store)
    keep(store)
    keep(store, rule="nl_ind_decision")
    assert reminders.count(store, "alice") == 6 and len(reminders.terms(store, "alice")) == 2


def test_cancelling_one_term_leaves_the_other(store):
    term = keep(store)
    keep(store, rule="nl_mvv_validity")
    assert reminders.cancel(store, "alice", term) == 3
    assert [t["rule"] for t in reminders.terms(store, "alice")] == ["nl_mvv_validity"]


def test_forget_deletes_the_reminders_with_the_conversation(store):
    keep(store, sender="alice")
    keep(store, sender="bob")
    repository.forget(store, "alice")
    assert reminders.count(store, "alice") == 0 and reminders.count(store, "bob") == 3
    assert repository.summary(store, "bob")["reminders"] == 3


def test_two_replicas_claiming_at_once_never_both_get_a_reminder(store):
    for number in range(40):
        keep(store, sender=f"user{number}")
    got, start = [], threading.Barrier(4)

    def claim():
        start.wait()
        got.extend(due.id for due in reminders.claim_due(store, "telegram", dt.date(2026, 12, 15), now=time.time()))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == len(set(got)) == 40

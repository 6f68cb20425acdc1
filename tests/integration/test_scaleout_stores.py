"""The scaled-out stores, as endpoints.yml makes them from the environment:
Samen's tracker store on a real PostgreSQL (TRACKER_STORE_URL), with what the
privacy promise rests on (/forget, retention, reminders, the key record), and
Rasa's RedisLockStore on a real Redis (REDIS_URL), namespaced by
REDIS_KEY_PREFIX. Each test run has a database and a key prefix of its own
(tools/load/backends.py), dropped and flushed afterwards. The embedded
default (SQLite, locks in memory) stays what it was."""
import asyncio
import datetime as dt
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.conversations import reminders, repository
from bot.conversations.store import ConversationStore
from bot.rasa_server import locks
from tests.conftest import ROOT
from tools.load import backends

ENDPOINTS = ROOT / "endpoints.yml"


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def pg_store(monkeypatch, domain):
    """The tracker store endpoints.yml makes with TRACKER_STORE_URL=postgresql://..."""
    with backends.postgres_database() as url:
        monkeypatch.setenv("TRACKER_STORE_URL", url)
        store = repository.tracker_store(ENDPOINTS)
        store.domain = domain
        yield store
        store.engine.dispose()


def save(store, sender, events):
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, store.domain.slots)))


def said(sender, text="hallo", age_days=0.0, **metadata):
    return UserUttered(text, {"name": "greet", "confidence": 1.0}, metadata=metadata or None,
                       timestamp=time.time() - age_days * 86400)


def test_the_tracker_store_is_samens_on_postgresql(pg_store):
    assert isinstance(pg_store, ConversationStore)
    assert pg_store.engine.dialect.name == "postgresql"
    assert pg_store.engine.url.database.startswith("samen_test_")
    save(pg_store, "a", [said("a", location={"lat": 52.35, "lon": 6.66}, language_hint="nl"),
                         SlotSet("language", "ti"), SlotSet("municipality", "GM0141")])
    tracker = asyncio.run(pg_store.retrieve("a"))
    assert tracker.get_slot("language") == "ti" and tracker.get_slot("municipality") == "GM0141"
    [message] = [e for e in tracker.events if isinstance(e, UserUttered)]
    assert "location" not in message.metadata                 # never kept, on PostgreSQL too
    assert message.metadata.get("language_hint") == "nl"
    assert repository.summary(pg_store, "a")["slots"] == {"language": "ti", "municipality": "GM0141"}


def test_forget_deletes_one_conversation_and_its_reminders_on_postgresql(pg_store):
    save(pg_store, "a", [said("a"), SlotSet("language", "ar")])
    save(pg_store, "b", [said("b"), SlotSet("language", "nl")])
    planned = [reminders.Planned(dt.date(2027, 1, 5), "1_week_before")]
    for sender in ("a", "b"):
        reminders.schedule(pg_store, sender, "nl_nareis_term", dt.date(2026, 10, 12), "ar", "telegram",
                           "sealed", planned)
    assert repository.forget(pg_store, "a") == 2
    assert asyncio.run(pg_store.retrieve("a")) is None
    assert repository.summary(pg_store, "a") == {"messages": 0, "first": None, "last": None, "slots": {},
                                                 "reminders": 0}
    assert repository.summary(pg_store, "b")["slots"] == {"language": "nl"}
    assert reminders.count(pg_store, "b") == 1


def test_retention_deletes_only_conversations_past_the_period_on_postgresql(pg_store):
    days = repository.RETENTION_DAYS
    save(pg_store, "old", [said("old", age_days=days + 1)])
    save(pg_store, "recent", [said("recent", age_days=days + 1), said("recent", age_days=days - 1)])
    assert repository.purge(pg_store) == 1
    assert asyncio.run(pg_store.retrieve("old")) is None
    assert len(asyncio.run(pg_store.retrieve("recent")).events) == 2


def test_the_key_record_and_forget_everything_on_postgresql(pg_store):
    save(pg_store, "a", [said("a")])
    assert repository.same_sender_key(pg_store, "fingerprint-1")
    assert not repository.same_sender_key(pg_store, "fingerprint-2")
    assert repository.forget_everything(pg_store) == 1
    assert asyncio.run(pg_store.keys()) == []
    assert repository.same_sender_key(pg_store, "fingerprint-2")      # the new key is recorded


@pytest.fixture
def endpoints_env(monkeypatch):
    """The variables endpoints.yml reads, as the Rasa server has them."""
    from bot.core.environment import helper_urls

    for name, value in {**helper_urls(5055), "TRACKER_STORE_URL": "sqlite:///unused.db"}.items():
        monkeypatch.setenv(name, value)


def endpoint_lock_store():
    return LockStore.create(read_endpoint_config(str(ENDPOINTS), "lock_store"))


def test_without_redis_url_the_lock_store_stays_in_memory(monkeypatch, endpoints_env):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert type(endpoint_lock_store()) is InMemoryLockStore


def test_with_redis_url_two_servers_share_rasas_redis_lock_store(monkeypatch, endpoints_env):
    with backends.redis_prefix() as prefix:
        monkeypatch.setenv("REDIS_URL", backends.REDIS_URL)
        monkeypatch.setenv("REDIS_KEY_PREFIX", prefix)
        first, second = endpoint_lock_store(), endpoint_lock_store()      # as two Rasa replicas make them
        assert type(first) is RedisLockStore

        async def race():
            order = []

            async def handle(store, name, hold):
                async with store.lock("sender-1", wait_time_in_seconds=0.05):
                    order.append(f"{name} in")
                    await asyncio.sleep(hold)
                    order.append(f"{name} out")

            one = asyncio.create_task(handle(first, "first", 0.5))
            await asyncio.sleep(0.1)
            keys = backends.prefix_keys(prefix)
            await asyncio.gather(one, handle(second, "second", 0))
            return order, keys

        order, keys_while_held = asyncio.run(race())
        assert order == ["first in", "first out", "second in", "second out"]    # one at a time, in order
        assert keys_while_held == [f"{prefix}:lock:sender-1".encode()]         # namespaced
        assert backends.prefix_keys(prefix) == []                               # released


def test_a_redis_url_rasa_cannot_use_is_refused():
    with pytest.raises(locks.LockStoreConfigError):
        locks.redis_settings("http://127.0.0.1:6379")
    with pytest.raises(locks.LockStoreConfigError):
        locks.redis_settings("redis://127.0.0.1:6379/0", prefix="samen-test")   # Rasa would drop it silently
    assert locks.redis_settings("rediss://:s%40cret@cache.example:6380/2", prefix="samen") == {
        "host": "cache.example", "port": 6380, "db": 2, "username": None, "password": "s@cret",
        "use_ssl": True, "key_prefix": "samen"}

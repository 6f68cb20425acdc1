"""Samen scaled out, for real: two Rasa servers with the trained model, each
with its own action server, sharing one PostgreSQL tracker store (a
database of this test's own, dropped afterwards) and Rasa's RedisLockStore
(a key prefix of this test's own, flushed afterwards); the Telegram bot
against the Bot API stand-in, given both Rasa URLs (RASA_URLS).

The last test kills a replica: keep it last."""
import os
import threading
import time
import uuid

import pytest
import requests
from rasa.core.lock_store import RedisLockStore

from bot import channels
from bot.core.keys import sender_id
from bot.nlg.render import Renderer
from bot.rasa_server.locks import redis_settings
from bot.run import stack
from tests.conftest import free_port, kept, shown
from tests.e2e.test_telegram import HASH_KEY, Bot, wait_for_polling
from tools.load import backends
from tools.telegram_standin.client import TelegramUser
from tools.telegram_standin.standin import Server

pytestmark = pytest.mark.model
RENDERER = Renderer()
QUESTION_TI = "IND ውሳነ ንምሃብ ክንደይ ግዜ ይወስድ፧"          # how long does the IND take to decide?
ALMELO_TI = "ኣብ ኣልመሎ እየ ዘለኹ"                          # I am in Almelo


def rendered(name, slots):
    return RENDERER.render(name, {"slots": slots, "latest_message": {}})["text"]


ASK_COUNTRY_TI = rendered("utter_ask_country", {"language": "ti"})
WAITING_TI_NL = rendered("utter_reunification_waiting_time", {"language": "ti", "country": "nl"})
IN_ALMELO_TI = RENDERER.render("utter_inform_municipality", {
    "slots": {"language": "ti", "municipality": "GM0141", "place_heard": "GM0141"}})["text"]


@pytest.fixture(scope="module")
def scaled(model_path, pdok):
    """(stack, its environment, the Redis key prefix) of two replicas on PostgreSQL and Redis."""
    with backends.postgres_database() as database, backends.redis_prefix() as prefix:
        fresh = {"TRACKER_STORE_URL": database, "REDIS_URL": backends.REDIS_URL, "REDIS_KEY_PREFIX": prefix,
                 "SERVICES_API_URL": f"http://127.0.0.1:{free_port()}", **pdok}
        saved = {name: os.environ.get(name) for name in fresh}
        os.environ.update(fresh)
        try:
            with stack(str(model_path), [free_port(), free_port()], [free_port(), free_port()],
                       replicas=2) as urls:
                yield urls, {**os.environ, "RASA_URL": urls.rasa_url, "RASA_URLS": ",".join(urls.rasa_urls),
                             "ACTION_SERVER_URL": urls.action_url}, prefix
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def rest(rasa_url, sender, message, timeout=60) -> str:
    reply = requests.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                          timeout=timeout)
    assert reply.status_code == 200, reply.text[:200]
    return "\n\n".join(m["text"] for m in channels.read_replies(reply.json()).messages)


def test_a_conversation_alternating_between_replicas_keeps_language_country_and_municipality(scaled):
    urls, env, _ = scaled
    first, second = urls.rasa_urls
    sender = uuid.uuid4().hex
    assert ASK_COUNTRY_TI in rest(first, sender, QUESTION_TI)
    assert WAITING_TI_NL in rest(second, sender, '/inform_country{"country":"nl"}')
    assert IN_ALMELO_TI in rest(first, sender, ALMELO_TI)
    again = rest(second, sender, QUESTION_TI)
    assert WAITING_TI_NL in again and ASK_COUNTRY_TI not in again        # the country is not asked twice
    for action_url in urls.action_urls:                                  # both see the one store
        summary = kept({**env, "ACTION_SERVER_URL": action_url}, sender)
        assert summary["slots"] == {"language": "ti", "country": "nl", "municipality": "GM0141"}
        assert summary["messages"] == 4


def test_a_replica_waits_for_a_conversation_locked_in_redis(scaled):
    """The replicas use the shared Redis lock store: while another holder has
    the conversation's lock, a replica does not answer it; it does once freed."""
    urls, _, prefix = scaled
    sender = uuid.uuid4().hex
    holder = RedisLockStore(**redis_settings(backends.REDIS_URL, prefix))
    ticket = holder.issue_ticket(sender, lock_lifetime=60)
    answered = {}

    def send():
        answered["text"] = rest(urls.rasa_urls[1], sender, "hello")
        answered["at"] = time.monotonic()

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(4)
    assert "text" not in answered                                       # waiting for the lock
    assert backends.prefix_keys(prefix) == [f"{prefix}:lock:{sender}".encode()]
    released = time.monotonic()
    holder.cleanup(sender, ticket)
    thread.join(60)
    assert answered.get("text") and answered["at"] >= released
    assert backends.prefix_keys(prefix) == []                           # Rasa released it too


def test_chats_spread_over_both_replicas_lose_nothing_and_stay_in_order(scaled):
    from tests.e2e.test_load import correctness

    urls, env, _ = scaled
    report = correctness(urls, env["TRACKER_STORE_URL"], chats=6)
    assert report["replicas"] == 2 and {"rasa-2", "actions-2"} <= set(report["rss"])


def test_a_killed_replica_the_next_telegram_message_is_answered_by_the_other(scaled, tmp_path):
    urls, env, _ = scaled
    standin = Server(free_port()).start()
    bot = Bot(standin.url, env, tmp_path / "bot.log")          # pseudonyms keyed with HASH_KEY
    try:
        wait_for_polling(standin, bot)
        user = TelegramUser(standin.url, 880001 + int(uuid.uuid4().int % 100000), "ti")
        sender = sender_id(user.user["id"], HASH_KEY.encode())
        user.send(QUESTION_TI)
        ask = user.replies()
        assert ASK_COUNTRY_TI in ask[-1]["text"]
        user.press(ask[-1], shown("country.nl", "ti"))
        assert WAITING_TI_NL in "\n\n".join(m["text"] for m in user.replies())

        own = channels.replica_order(urls.rasa_urls, sender)[0]          # the conversation's replica
        name = "rasa" if own == urls.rasa_urls[0] else "rasa-2"
        urls.processes[name].kill()
        urls.processes[name].wait(20)

        user.send(ALMELO_TI)
        replies = "\n\n".join(m["text"] for m in user.replies())
        assert IN_ALMELO_TI in replies                                  # answered, in Tigrinya
        assert shown("chat.unavailable", "ti") not in replies
        assert kept(env, sender)["slots"] == {"language": "ti", "country": "nl", "municipality": "GM0141"}
        assert "Rasa unreachable (replica 1/2" in bot.log()              # its own replica refused; the other answered
        assert ALMELO_TI not in bot.log() and str(user.user["id"]) not in bot.log()

        user.send("/forget")                                            # /forget, on PostgreSQL
        confirm = user.replies()[-1]
        user.press(confirm, shown("telegram.forget.yes", "ti"))
        assert user.replies()[-1]["text"] == shown("chat.forgotten", "ti")
        gone = kept(env, sender)
        assert (gone["messages"], gone["slots"], gone["reminders"]) == (0, {}, 0)
    finally:
        bot.stop()
        standin.stop()

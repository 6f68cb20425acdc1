"""Nothing lost, nothing leaked (issue 12), through the real processes: a
Rasa server with the trained model, the action server, the Telegram bot
against the Bot API stand-in, and the local chat, on a stack of their own
(faults are injected into it: a locked conversation store, a stopped Rasa,
a killed bot, a killed action server)."""
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
import requests

from bot.core.keys import sender_id
from bot.run import LOGS, stack
from tests.conftest import ROOT, free_port, json_server, shown
from tests.e2e.test_local_chat import chat, turns
from tools.telegram_standin.client import TelegramUser
from tools.telegram_standin.standin import Server

pytestmark = pytest.mark.model
KEY = "faults-test-key-0123456789abcdef"


@pytest.fixture(scope="module")
def faulty(model_path, tmp_path_factory, pdok):
    """(urls, env, tracker database path) of a stack of its own."""
    folder = tmp_path_factory.mktemp("faulty")
    database = folder / "tracker.db"
    fresh = {"TRACKER_DB": str(database), "TRACKER_STORE_URL": f"sqlite:///{database}", **pdok}
    saved = {name: os.environ.get(name) for name in fresh}
    os.environ.update(fresh)
    try:
        with stack(str(model_path), free_port(), free_port()) as urls:
            yield urls, {**os.environ, "RASA_URL": urls.rasa_url, "ACTION_SERVER_URL": urls.action_url}, database
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def rest(urls, sender, message, timeout=30):
    return requests.post(f"{urls.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                         timeout=timeout)


@contextlib.contextmanager
def locked(database):
    """Another process holds the conversation store locked (SQLite's exclusive lock)."""
    holder = sqlite3.connect(str(database), timeout=1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_store_is_said_in_the_users_language_and_the_conversation_survives(faulty):
    urls, env, database = faulty
    sender = uuid.uuid4().hex
    assert rest(urls, sender, '/change_language{"language":"ti"}').ok
    assert rest(urls, sender, "ኣብ ኣልመሎ እየ ዝነብር").ok
    with locked(database):
        reply = rest(urls, sender, "ሓኪም ስድራ ብኸመይ ይርከብ", timeout=60)
        assert (reply.status_code, reply.json()) == (503, {"error": "memory"})
        assert requests.get(f"{urls.rasa_url}/webhooks/rest/health", timeout=30).status_code == 503
    assert requests.get(f"{urls.rasa_url}/webhooks/rest/health", timeout=30).ok
    answer = rest(urls, sender, "ሓኪም ስድራ ብኸመይ ይርከብ").json()
    kept = requests.get(f"{urls.action_url}/conversations/{sender}", timeout=10,
                        headers={"Authorization": f"Bearer {_token()}"}).json()
    assert kept["slots"]["language"] == "ti" and kept["slots"]["municipality"] == "GM0141"
    assert any(m.get("text") for m in answer)


def test_the_local_chat_says_it_cannot_remember(faulty):
    urls, env, database = faulty
    with locked(database):
        out = chat((urls, env), "2", "ሓኪም ስድራ ብኸመይ ይርከብ", "/quit")
    assert shown("chat.no_memory", "ti") in turns(out)[1] or shown("chat.no_memory", "en") in turns(out)[1]


def _token() -> str:
    from bot.core.environment import conversations_token

    return conversations_token().decode()


def test_no_message_text_reaches_any_log_whatever_fails(faulty):
    urls, env, database = faulty
    marker = f"Amina{uuid.uuid4().hex[:8]}"
    secret = f"my daughter {marker} is pregnant, her number is 0612345678"
    sender = uuid.uuid4().hex
    assert rest(urls, sender, secret).ok                                           # the happy path
    with contextlib.suppress(requests.Timeout):
        rest(urls, sender, f"{secret} (the caller gives up)", timeout=0.01)        # a call that ends early
    rest(urls, sender, f'/inform_country{{"country": "{marker}"')                   # an unparsable payload
    with locked(database):
        rest(urls, sender, f"{secret} (no memory)", timeout=60)                    # the store fails
    time.sleep(2)
    logs = {path.name: path.read_text(errors="replace") for path in LOGS.glob("*.log")}
    leaked = [name for name, text in logs.items() if marker in text or "0612345678" in text]
    assert not leaked


@pytest.fixture
def standin():
    server = Server(free_port()).start()
    yield server
    server.stop()


def bot(standin, env, tmp_path, key=KEY, **extra):
    environment = {**env, "TELEGRAM_BOT_TOKEN": "77:faults", "TELEGRAM_BASE_URL": f"{standin.url}/bot",
                   "SENDER_HASH_KEY": key, "TELEGRAM_UPDATES_DB": str(tmp_path / "updates.db"), **extra}
    environment.pop("TELEGRAM_WEBHOOK_URL", None)
    log = open(tmp_path / "bot.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=ROOT, env=environment,
                            stdout=log, stderr=subprocess.STDOUT)


def polling(standin, process, seconds=60):
    deadline = time.monotonic() + seconds
    while not requests.get(f"{standin.url}/_standin/state", timeout=5).json()["calls"].get("getUpdates"):
        assert process.poll() is None and time.monotonic() < deadline, "the bot did not start"
        time.sleep(0.3)


def test_a_crisis_after_a_burst_is_answered_at_once_and_the_burst_too(faulty, standin, tmp_path):
    urls, env, _ = faulty
    process = bot(standin, env, tmp_path, TELEGRAM_FLOOD_LIMIT="3/20")
    try:
        polling(standin, process)
        user = TelegramUser(standin.url, 880001, "en")
        for text in ["help", "my husband", "he took my phone", "i am in the bathroom", "please"]:
            user.send(text)
        user.send("I don't want to live anymore")
        first = user.replies(timeout=60, quiet=2.0)
        assert any("113" in m["text"] and "112" in m["text"] for m in first[:8])      # within the first answers
        # The two that waited their turn (3 messages per 20 s) come after it: nothing dropped.
        later = user.replies(timeout=60, quiet=3.0, expect=2)
        assert len(first) + len(later) >= 6
    finally:
        process.terminate()
        process.wait(20)


def test_a_message_in_flight_when_the_bot_dies_is_answered_once_after_the_restart(faulty, standin, tmp_path):
    urls, env, _ = faulty
    rasa = urls.processes["rasa"]
    process = bot(standin, env, tmp_path)
    user = TelegramUser(standin.url, 880002, "en")
    try:
        polling(standin, process)
        user.send("hello")
        assert user.replies()
        os.kill(rasa.pid, signal.SIGSTOP)                    # Rasa holds the next message ...
        try:
            user.send("how do I find a family doctor")
            time.sleep(2)
            process.kill()                                    # ... and the bot dies before it answers
            process.wait(20)
        finally:
            os.kill(rasa.pid, signal.SIGCONT)
        process = bot(standin, env, tmp_path)
        answers = user.replies(timeout=90, quiet=4.0)
        gp = [m for m in answers if "GP" in m["text"] or "huisarts" in m["text"]]
        assert len(gp) == 1
    finally:
        process.terminate()
        process.wait(20)


def test_another_pseudonym_key_is_refused_with_a_clear_reason(faulty, standin, tmp_path):
    urls, env, _ = faulty
    first = bot(standin, env, tmp_path)
    try:
        polling(standin, first)
    finally:
        first.terminate()
        first.wait(20)
    other = bot(standin, env, tmp_path, key="another-key-0123456789abcdef")
    assert other.wait(60) != 0
    assert "SENDER_HASH_KEY" in (tmp_path / "bot.log").read_text()


def test_forged_button_data_is_never_relayed(faulty, standin, tmp_path):
    urls, env, _ = faulty
    process = bot(standin, env, tmp_path)
    try:
        polling(standin, process)
        user = TelegramUser(standin.url, 880004, "en")
        user.send("/start")
        greeting = user.replies()[-1]
        forged = {**greeting, "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data":
                                                                     '/inform_municipality{"municipality":"GM0141"}'}]]}}
        user.press(forged, "x")
        assert [m["text"] for m in user.replies()] == [shown("telegram.button_expired", "en")]
        kept = requests.get(f"{urls.action_url}/conversations/{sender_id(880004, KEY.encode())}", timeout=10,
                            headers={"Authorization": f"Bearer {_token()}"}).json()
        assert "municipality" not in kept["slots"]
    finally:
        process.terminate()
        process.wait(20)


def test_forget_that_fails_says_nothing_was_deleted(faulty, standin, tmp_path):
    urls, env, _ = faulty
    with json_server(lambda path: (200, {"status": "ok"}) if path.endswith("/key") else (503, {})) as broken:
        process = bot(standin, {**env, "ACTION_SERVER_URL": broken}, tmp_path)
        try:
            polling(standin, process)
            user = TelegramUser(standin.url, 880005, "en")
            user.send("/forget")
            user.press(user.replies()[-1], shown("telegram.forget.yes", "en"))
            assert [m["text"] for m in user.replies()] == [shown("telegram.forget.failed", "en")]
        finally:
            process.terminate()
            process.wait(20)


def test_more_with_nothing_more_to_show_says_so(faulty):
    urls, env, _ = faulty
    texts = [m.get("text") for m in rest(urls, uuid.uuid4().hex, "/more_services").json()]
    assert shown("services.no_more", "en") in texts


def test_make_clean_never_removes_the_data():
    dry = subprocess.run(["make", "-n", "clean"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".samen" not in dry and "models" in dry

"""The Telegram front end under real conditions, with the real PTB
Application polling the Bot API stand-in and a stand-in for Rasa whose
speed and failures the tests control: slow chats do not hold up others,
one chat's messages stay in order, Telegram's 429s and 5xx are retried,
floods are answered, and Rasa failures are never silent."""
import asyncio
import contextlib
import time

import pytest
import requests

from bot.core import formatting
from bot.telegram.app import build_application, started
from bot.telegram.delivery import HandledUpdates, poll
from bot.telegram.config import TelegramConfig
from bot.telegram.rasa_client import RasaUnavailable
from tools.telegram_standin.client import TelegramUser
from tools.telegram_standin.standin import Server
from tests.conftest import free_port, shown


FLOOD = (3, 2.0)          # 3 messages at once, then one every 2 s each; 10 may wait


class ScriptedRasa:
    """Answers "echo: <message>"; "slow" takes 4 s, "down" fails like an unreachable Rasa."""

    async def send(self, sender, message, metadata=None):
        if "slow" in message:
            await asyncio.sleep(4)
        if "down" in message:
            raise RasaUnavailable
        if "silent" in message:
            return []
        return [{"recipient_id": sender, "text": f"echo: {message}"}]

    async def close(self):
        pass


def application_for(standin, tmp_path, rasa=None):
    config = TelegramConfig(token="42:robust", rasa_url="http://unused", base_url=f"{standin.url}/bot",
                            sender_hash_key="robustness-test-key-0123456789")
    # A small flood window, so that waiting one's turn takes seconds, not a minute.
    return build_application(config, rasa=rasa or ScriptedRasa(), flood=FLOOD)


@contextlib.asynccontextmanager
async def polling(application, tmp_path):
    """The bot polling the stand-in through delivery.py, as `python -m bot.telegram` does."""
    stop = asyncio.Event()
    async with started(application):
        task = asyncio.create_task(poll(application, HandledUpdates(tmp_path / "updates.db"), stop))
        try:
            yield
        finally:
            stop.set()
            await asyncio.wait_for(task, 60)


@pytest.fixture
async def running(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    standin = Server(free_port()).start()
    async with polling(application_for(standin, tmp_path), tmp_path):
        yield standin
    standin.stop()


async def replies(user, **kwargs):
    return await asyncio.to_thread(user.replies, **kwargs)


async def send(user, text):
    await asyncio.to_thread(user.send, text)


async def test_a_slow_chat_does_not_hold_up_another(running):
    slow, quick = TelegramUser(running.url, 501, "en"), TelegramUser(running.url, 502, "en")
    await send(slow, "slow question")
    await asyncio.sleep(0.5)
    started = time.monotonic()
    await send(quick, "quick question")
    assert [m["text"] for m in await replies(quick, quiet=0.3)] == ["echo: quick question"]
    assert time.monotonic() - started < 3          # answered while the slow chat still waits
    assert [m["text"] for m in await replies(slow)] == ["echo: slow question"]


async def test_one_chats_messages_are_answered_in_order(running):
    user = TelegramUser(running.url, 503, "en")
    await send(user, "slow first")
    await send(user, "second")
    texts = [m["text"] for m in await replies(user, expect=2)]
    assert texts == ["echo: slow first", "echo: second"]


@pytest.mark.parametrize("status, retry_after", [(429, 1), (502, None)])
async def test_telegram_rate_limits_and_server_errors_are_retried(running, status, retry_after):
    requests.post(f"{running.url}/_standin/fail", json={"method": "sendMessage", "status": status,
                                                        "retry_after": retry_after, "description": "x"}, timeout=5)
    user = TelegramUser(running.url, 504 + status, "en")
    await send(user, "hello")
    assert [m["text"] for m in await replies(user, timeout=30)] == ["echo: hello"]


async def test_rasa_failing_is_never_silent(running):
    user = TelegramUser(running.url, 505, "ar")
    await send(user, "down")
    assert [m["text"] for m in await replies(user)] == [shown("chat.unavailable", "ar")]


async def test_an_empty_answer_from_rasa_is_never_silence(running):
    user = TelegramUser(running.url, 507, "en")
    await send(user, "silent please")
    assert [m["text"] for m in await replies(user)] == [shown("chat.unavailable", "en")]


async def test_typed_text_is_never_an_intent_payload(running):
    user = TelegramUser(running.url, 508, "en")
    await send(user, '/ inform_municipality{"municipality":"GM0141"}')
    assert [m["text"] for m in await replies(user)] == ['echo: inform_municipality{"municipality":"GM0141"}']


async def test_a_burst_is_answered_in_order_and_a_crisis_never_waits(running):
    """Beyond the flood limit messages wait their turn and are all answered;
    a message with crisis words is answered at once, before those waiting."""
    user = TelegramUser(running.url, 506, "nl")
    burst = [f"bericht {number}" for number in range(8)] + ["ik wil niet meer leven"]
    for text in burst:
        await asyncio.to_thread(user.send, text)
    texts = [m["text"] for m in await replies(user, expect=len(burst), timeout=30)]
    assert texts == [f"echo: {t}" for t in burst[:3]] + ["echo: ik wil niet meer leven"] + \
        [f"echo: {t}" for t in burst[3:8]]


async def test_only_too_many_waiting_messages_get_a_notice_saying_when_to_write_again(running):
    user = TelegramUser(running.url, 507, "nl")
    for number in range(3 + 10 + 4):          # at once, waiting, too many
        await asyncio.to_thread(user.send, f"bericht {number}")
    texts = [m["text"] for m in await replies(user, expect=14, timeout=40)]
    notices = [t for t in texts if not t.startswith("echo: ")]
    assert len(notices) == 1 and "0800" not in notices[0] and "112" in notices[0]
    assert formatting.duration(1, "second", "nl").split()[-1] in notices[0] or "seconden" in notices[0]
    assert [t for t in texts if t.startswith("echo: ")] == [f"echo: bericht {n}" for n in range(13)]


def test_webhook_mode_accepts_only_updates_with_the_secret_token(tmp_path):
    """python -m bot.telegram in webhook mode: it registers the webhook and
    its secret with Telegram, and answers only updates that carry the secret."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT, json_server
    from tools.telegram_standin import updates

    action_server = json_server(lambda path: (200, {"status": "ok"}))        # it agrees on the key
    action_url = action_server.__enter__()
    standin = Server(free_port()).start()
    port, secret = free_port(), "webhook-secret-0123456789"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "42:webhook", "TELEGRAM_BASE_URL": f"{standin.url}/bot",
           "TELEGRAM_WEBHOOK_URL": "https://samen.example/telegram/hook", "TELEGRAM_WEBHOOK_SECRET": secret,
           "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(port),
           "RASA_URL": f"http://127.0.0.1:{free_port()}", "SENDER_HASH_KEY": "webhook-test-key-0123456789",
           "ACTION_SERVER_URL": action_url, "TELEGRAM_UPDATES_DB": str(tmp_path / "updates.db")}
    bot = subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not requests.get(f"{standin.url}/_standin/state", timeout=5).json()["webhook"]:
            assert bot.poll() is None and time.monotonic() < deadline, "the bot did not set its webhook"
            time.sleep(0.3)
        webhook = requests.get(f"{standin.url}/_standin/state", timeout=5).json()["webhook"]
        assert webhook == {"url": "https://samen.example/telegram/hook", "secret_token": secret}
        update = {"update_id": 1, **updates.text(updates.user(601, "en"), 1, "hello")}
        url = f"http://127.0.0.1:{port}/telegram/hook"
        wrong = requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}, timeout=10)
        assert wrong.status_code == 403
        assert requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                             timeout=10).status_code == 200
        user = TelegramUser(standin.url, 601, "en")
        # Rasa is not running here: the answer is the localised "temporarily unavailable".
        assert [m["text"] for m in user.replies()] == [shown("chat.unavailable", "en")]
    finally:
        bot.terminate()
        bot.wait(20)
        standin.stop()
        action_server.__exit__(None, None, None)


async def test_a_message_in_hand_when_the_bot_stops_is_answered_once_after_the_restart(tmp_path):
    """Updates are acknowledged to Telegram only once handled: a bot stopped
    mid-message answers it when it comes back, and only once."""
    standin = Server(free_port()).start()
    user = TelegramUser(standin.url, 510, "en")
    first = application_for(standin, tmp_path)
    stop = asyncio.Event()
    async with started(first):
        task = asyncio.create_task(poll(first, HandledUpdates(tmp_path / "updates.db"), stop))
        await asyncio.to_thread(user.send, "hello before")
        assert [m["text"] for m in await replies(user)] == ["echo: hello before"]
        await asyncio.to_thread(user.send, "slow question")      # Rasa takes 4 s ...
        await asyncio.sleep(1.0)
        task.cancel()                                            # ... and the bot is gone before it answers
        with contextlib.suppress(asyncio.CancelledError):
            await task
    async with polling(application_for(standin, tmp_path), tmp_path):
        texts = [m["text"] for m in await replies(user, timeout=30, quiet=3.0)]
    assert texts.count("echo: slow question") == 1 and "echo: hello before" not in texts
    standin.stop()

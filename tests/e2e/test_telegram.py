"""Samen on Telegram, end to end: the local Bot API stand-in -> the real
python-telegram-bot client (bot.telegram, its own process) -> the Rasa
server with the trained model -> actions and NLG -> back to the stand-in,
where simulated users read the replies."""
import asyncio
import itertools
import subprocess
import sys
import time

import pytest
import requests

from bot.core.keys import sender_id
from bot.nlg.render import Renderer
from bot.telegram.split import TELEGRAM_LIMIT
from tests.conftest import ROOT, free_port, kept, shown
from tools.telegram_standin.client import TelegramUser
from tools.telegram_standin.standin import Server

pytestmark = pytest.mark.model
HASH_KEY = "e2e-test-key-0123456789abcdef"
TOKEN = "123456:STAND-IN"
USER_IDS = itertools.count(770001)
RENDERER = Renderer()


def rendered(name, slots, arguments=None):
    return RENDERER.render(name, {"slots": slots, "latest_message": {}}, arguments)["text"]


def text_of(messages) -> str:
    return "\n\n".join(m["text"] for m in messages)


class Bot:
    """bot.telegram as a process of its own, talking to the stand-in. Its
    record of handled updates lies beside its log: each stand-in numbers its
    updates from 1, so a record shared between stand-ins would skip them
    (a bot restarted with the same log folder keeps its record)."""

    def __init__(self, standin_url: str, env: dict, log_path):
        self.log_path = log_path
        environment = {"TELEGRAM_UPDATES_DB": str(log_path.parent / "updates.db"), **env,
                       "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": f"{standin_url}/bot",
                       "SENDER_HASH_KEY": HASH_KEY}
        environment.pop("TELEGRAM_WEBHOOK_URL", None)
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=ROOT, env=environment,
                                            stdout=log, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for_polling(standin: Server, bot: Bot, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if bot.process.poll() is not None:
            raise RuntimeError(f"the bot stopped: {bot.log()[-2000:]}")
        state = requests.get(f"{standin.url}/_standin/state", timeout=5).json()
        if state["calls"].get("getUpdates") and len(state["commands"]) == 6:
            return
        time.sleep(0.3)
    raise RuntimeError(f"the bot did not start polling: {bot.log()[-2000:]}")


@pytest.fixture(scope="module")
def telegram(samen, tmp_path_factory):
    """(stand-in, bot, the stack's environment) with the bot polling the stand-in."""
    _, env = samen
    standin = Server(free_port()).start()
    bot = Bot(standin.url, env, tmp_path_factory.mktemp("bot") / "bot.log")
    try:
        wait_for_polling(standin, bot)
        yield standin, bot, env
    finally:
        bot.stop()
        standin.stop()


def new_user(telegram, language_code=None) -> TelegramUser:
    return TelegramUser(telegram[0].url, next(USER_IDS), language_code)


def test_the_command_menu_is_described_in_each_language(telegram):
    commands = requests.get(f"{telegram[0].url}/_standin/state", timeout=5).json()["commands"]
    assert set(commands) == {"", "nl", "ar", "ti", "fa", "en"}
    names = {c["command"] for c in commands["fa"]}
    assert names == {"start", "language", "help", "privacy", "forget", "reminders"}
    described = {c["command"]: c["description"] for c in commands["fa"]}
    assert described["forget"] == shown("telegram.command.forget", "prs")   # Dari for "fa"
    assert {c["command"]: c["description"] for c in commands[""]}["help"] == \
        shown("telegram.command.help", "en")


def test_start_greets_in_the_language_of_the_telegram_app(telegram):
    user = new_user(telegram, "ar")
    user.send("/start")
    replies = user.replies()
    assert replies[0]["text"].startswith(rendered("utter_greet", {"language": "ar"}).split("\n")[0])
    titles = [b["text"] for row in replies[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert shown("topic.find_gp", "ar") in titles


def test_a_deep_link_opens_samen_set_to_the_municipality(telegram):
    user = new_user(telegram, "prs")
    user.send("/start GM0141")
    assert user.replies()
    env = telegram[2]
    assert kept(env, sender_id(user.user["id"], HASH_KEY.encode()))["slots"].get("municipality") == "GM0141"
    other = new_user(telegram, "prs")
    other.send("/start not-a-code")
    assert other.replies()                                # greeted all the same, no municipality
    assert kept(env, sender_id(other.user["id"], HASH_KEY.encode()))["slots"].get("municipality") is None


def test_language_picker_is_an_inline_keyboard_that_switches_the_language(telegram):
    user = new_user(telegram, "en")
    user.send("/language")
    picker = user.replies()[-1]
    titles = [b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
    assert titles == ["العربية", "ትግርኛ", "دری", "Nederlands", "English"]
    user.press(picker, "ትግርኛ")
    replies = user.replies()
    assert rendered("utter_language_changed", {"language": "ti"}) in text_of(replies)
    assert "reply_markup" not in user.message(picker["message_id"])     # pressed once, then gone
    user.send("/help")
    assert user.replies()[0]["text"] == shown("telegram.help", "ti")


@pytest.mark.parametrize("language_code, lang, question", [
    ("ar", "ar", "قديش بتاخد الاي ان دي وقت لتقرر بطلب لم الشمل"),
    ("ti", "ti", "IND ውሳነ ንምሃብ ክንደይ ግዜ ይወስድ፧"),
    ("fa", "prs", "آی ان دی چقدر وقت میگیره تا در باره نارایس فیصله کنه"),
    ("nl", "nl", "hoe lang duurt het voordat de IND beslist over nareis"),
    ("en", "en", "how long does the IND take to decide on family reunification"),
])
def test_a_question_in_each_language_and_a_button_press(telegram, language_code, lang, question):
    user = new_user(telegram, language_code)
    user.send(question)
    ask = user.replies()
    assert rendered("utter_ask_country", {"language": lang}) in ask[-1]["text"]
    user.press(ask[-1], shown("country.nl", lang))
    answer = text_of(user.replies())
    slots = {"language": lang, "country": "nl"}
    assert rendered("utter_reunification_waiting_time", slots) in answer
    assert "https://ind.nl/" in answer


def test_a_crisis_message_gets_the_emergency_numbers_first(telegram):
    user = new_user(telegram, "ar")
    user.send("زوجي بيضربني وخايفة ارجع عالبيت")
    first = user.replies()[0]["text"]
    assert "112" in first[:250] and "0800-2000" in first


def test_forget_deletes_the_tracker_after_confirmation(telegram):
    env = telegram[2]
    user = new_user(telegram, "nl")
    sender = sender_id(user.user["id"], HASH_KEY.encode())
    user.send("hoe vind ik een huisarts")
    assert user.replies()
    assert kept(env, sender)["slots"].get("language") == "nl"
    user.send("/forget")
    confirm = user.replies()[-1]
    assert confirm["text"] == shown("telegram.forget.confirm", "nl")
    user.press(confirm, shown("telegram.forget.yes", "nl"))
    assert user.replies()[-1]["text"] == shown("chat.forgotten", "nl")
    assert kept(env, sender) == {"messages": 0, "first": None, "last": None, "slots": {}, "reminders": 0}


def test_forget_can_be_cancelled(telegram):
    env = telegram[2]
    user = new_user(telegram, "en")
    user.send("hello")
    user.replies()
    user.send("/forget")
    user.press(user.replies()[-1], shown("telegram.forget.no", "en"))
    assert user.replies()[-1]["text"] == shown("telegram.forget.kept", "en")
    assert kept(env, sender_id(user.user["id"], HASH_KEY.encode()))["messages"] > 0


def test_no_telegram_id_or_message_text_in_the_tracker_store_or_the_log(telegram):
    from bot.conversations import repository

    standin, bot, _ = telegram
    store = repository.tracker_store(ROOT / "endpoints.yml")
    user = new_user(telegram, "en")
    secret = "my daughter Amina needs a doctor"
    user.send(secret)
    assert user.replies()
    senders = set(asyncio.run(store.keys()))
    assert sender_id(user.user["id"], HASH_KEY.encode()) in senders
    assert not any(str(user.user["id"]) in s for s in senders)
    log = bot.log()
    assert secret not in log and str(user.user["id"]) not in log and TOKEN not in log


def test_a_10000_character_message_is_read_in_part_and_answered(telegram):
    user = new_user(telegram, "en")
    user.send("where can I find a family doctor " + "please help " * 900)
    replies = user.replies(expect=2)
    assert replies[0]["text"] == shown("telegram.too_long", "en", limit=TELEGRAM_LIMIT)
    assert len(replies) >= 2                              # ... and the question is answered
    assert all(len(m["text"]) <= TELEGRAM_LIMIT for m in replies)
    actions = requests.get(f"{telegram[0].url}/_standin/state", timeout=5).json()["actions"]
    assert {"chat_id": user.chat_id, "action": "typing"} in actions      # "typing..." while Samen thinks


@pytest.mark.parametrize("kind", ["voice", "sticker", "photo", "document"])
def test_what_samen_cannot_read_gets_a_localised_answer(telegram, kind):
    user = new_user(telegram, "ti")
    user.send_media(kind)
    assert user.replies()[0]["text"] == shown("telegram.media", "ti")


def test_a_shared_location_sets_the_municipality(telegram):
    user = new_user(telegram, "ti")
    user.send_media("location")                          # central Almelo (the PDOK stand-in knows it)
    confirmed = RENDERER.render("utter_inform_municipality", {
        "slots": {"language": "ti", "municipality": "GM0141", "place_heard": "GM0141"}})["text"]
    assert confirmed in text_of(user.replies())           # "... you live in Almelo", in Tigrinya
    assert kept(telegram[2], sender_id(user.user["id"], HASH_KEY.encode()))["slots"].get("municipality") == "GM0141"


def test_a_location_outside_the_netherlands_asks_for_the_name(telegram):
    user = new_user(telegram, "ti")
    user.send_media("location", latitude=15.3229, longitude=38.9251)        # Asmara
    assert user.replies()[0]["text"] == rendered("utter_inform_municipality", {"language": "ti"})


def test_an_edited_message_gets_a_localised_answer(telegram):
    user = new_user(telegram, "nl")
    user.edit("hoe lang duurt het")
    assert user.replies()[0]["text"] == shown("telegram.edited", "nl")


def test_rasa_down_gives_a_localised_message_with_the_emergency_numbers(samen, tmp_path):
    _, env = samen
    standin = Server(free_port()).start()
    bot = Bot(standin.url, {**env, "RASA_URL": f"http://127.0.0.1:{free_port()}"}, tmp_path / "bot.log")
    try:
        wait_for_polling(standin, bot)
        user = TelegramUser(standin.url, next(USER_IDS), "ti")
        user.send("ሰላም")
        reply = user.replies(timeout=60)
        assert reply[0]["text"] == shown("chat.unavailable", "ti")
        assert "112" in reply[0]["text"]
        assert bot.process.poll() is None                 # still running, ready for the next message
    finally:
        bot.stop()
        standin.stop()


def test_the_offline_demo_plays_the_telegram_app(telegram):
    """`make run MODE=telegram-demo`: the terminal is the Telegram app; numbers press buttons."""
    from tools.telegram_standin.demo import DemoChat

    lines, shown = iter(["/language", "4", "hoe vind ik een huisarts", "/quit"]), []
    demo = DemoChat(telegram[0].url, "en", read=lambda prompt: next(lines), write=shown.append)
    demo.user.chat_id = demo.user.user["id"] = next(USER_IDS)         # a user of its own in this test run
    demo.user.user["id"] = demo.user.chat_id
    demo.run()
    out = "\n".join(shown)
    assert "[4] Nederlands" in out                                    # the picker, numbered
    assert rendered("utter_language_changed", {"language": "nl"}) in out
    assert rendered("utter_health_find_gp", {"language": "nl"}).split("\n")[0] in out

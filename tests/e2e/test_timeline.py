"""A sponsor's own dates, end to end with the trained model: in each language
the day they got their status becomes their last day for the 3-month term
(in their calendar and digits), they ask for a reminder, agree, and get it
when the clock reaches its day: in the local chat, and on Telegram across a
restart of the bot, exactly once; /forget deletes the reminders."""
import datetime as dt
import time

import pytest

from bot.chat import Chat
from bot.core import formatting
from bot.core.keys import sender_id
from bot.timeline.calendars import format_date, format_solar_hijri
from bot.timeline.rules import deadline, reminders
from tests.conftest import free_port, kept, shown
from tests.e2e.test_telegram import HASH_KEY, USER_IDS, Bot, wait_for_polling
from tools.telegram_standin.client import TelegramUser
from tools.telegram_standin.standin import Server

pytestmark = pytest.mark.model
TODAY = dt.date.today()
RECEIVED = TODAY - dt.timedelta(days=20)
TERM = deadline("nl_nareis_term", RECEIVED, TODAY)
FIRST_REMINDER = reminders(TERM)[0]            # 4 weeks before the last day

# How a sponsor writes it: their own month names and digits (a Solar Hijri date in Dari).
SAID = {
    "en": "I got my status on {date}, until when can I apply for my family?",
    "nl": "Ik heb op {date} mijn status gekregen, tot wanneer kan ik nareis aanvragen?",
    "ar": "أخذت الإقامة بتاريخ {date}، لإيمتى لازم قدم لم الشمل؟",
    "ti": "ብ{date} ስታቱስ ረኺበ፣ ክሳብ መዓስ ንስድራይ ክሓትት እኽእል?",
    "prs": "من به تاریخ {date} اقامت گرفتم، تا چه وقت میتوانم برای فامیلم درخواست بدهم؟",
}
PICKER = {"ar": "1", "ti": "2", "prs": "3", "nl": "4", "en": "5"}


def typed_date(lang: str) -> str:
    return format_solar_hijri(RECEIVED) if lang == "prs" else formatting.date(RECEIVED, lang)


class Script:
    """A user of the local chat who answers what Samen asks: the event
    (I got my status), the country (Netherlands), then the reminder offer."""

    def __init__(self, lang: str):
        self.lang, self.out, self.said, self.done = lang, [], False, set()
        self.pending = [PICKER[lang], SAID[lang].format(date=typed_date(lang))]

    def choice(self, title_key: str) -> str | None:
        title = shown(title_key, self.lang)
        lines = [line.strip() for line in "\n".join(self.out[-12:]).splitlines()]
        return next((line.split(".")[0] for line in lines if line.endswith(f". {title}")), None)

    def read(self, _prompt: str) -> str:
        if self.pending:
            return self.pending.pop(0)
        for key in ("timeline.event.protection", "country.nl", "timeline.remind_me", "reminders.consent.yes"):
            number = self.choice(key)
            if number and key not in self.done:
                self.done.add(key)
                return number
        if not self.said:
            self.said = True
            return f"/later {(FIRST_REMINDER.day - TODAY).days}"
        return "/quit"


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "prs", "en"])
def test_a_sponsor_gets_their_last_day_and_a_reminder_in_their_language(samen, lang):
    urls, _ = samen
    script = Script(lang)
    Chat(urls.rasa_url, urls.action_url, read=script.read, write=script.out.append).run()
    out = "\n".join(script.out)
    last_day = format_date(TERM.last_day, lang)
    assert last_day in out, out[-3000:]                       # the right day, calendar and digits
    assert shown("timeline.not_advice", lang, page="https://ind.nl/en/residence-permits/asylum/"
                                                   "family-member-of-refugee").split("\n")[0] in out
    if lang == "prs":
        assert "(" + format_solar_hijri(TERM.last_day) + ")" in out    # the Solar Hijri date too
    assert shown("reminders.consent", lang)[:40] in out
    reminder = out.split("⏰ Samen: ")[1]                        # shown once the clock reaches its day
    assert last_day in reminder and reminder.count("⏰") == 0


# ---------------------------------------------------------------- Telegram

@pytest.fixture
def standin():
    server = Server(free_port()).start()
    yield server
    server.stop()


def start_bot(standin, env, tmp_path, **extra) -> Bot:
    bot = Bot(standin.url, {**env, "TELEGRAM_REMINDER_EVERY": "1", **extra}, tmp_path / "bot.log")
    wait_for_polling(standin, bot)
    return bot


def press(user, messages, key, lang):
    title = shown(key, lang)
    message = next(m for m in reversed(messages)
                   if any(b["text"] == title for row in m.get("reply_markup", {}).get("inline_keyboard", [])
                          for b in row))
    user.press(message, title)
    return user.replies()


def ask_for_reminders(user, lang: str) -> list:
    replies = user.replies()
    for key in ("timeline.event.protection", "country.nl"):
        if any(shown(key, lang) in str(m.get("reply_markup")) for m in replies):
            replies = press(user, replies, key, lang)
    replies = press(user, replies, "timeline.remind_me", lang)
    return press(user, replies, "reminders.consent.yes", lang)


def test_a_reminder_survives_a_restart_and_is_sent_once_on_its_day(samen, standin, tmp_path):
    _, env = samen
    user = TelegramUser(standin.url, next(USER_IDS), "fa")
    sender = sender_id(user.user["id"], HASH_KEY.encode())
    bot = start_bot(standin, env, tmp_path)
    try:
        user.send(SAID["prs"].format(date=typed_date("prs")))
        answer = "\n".join(m["text"] for m in ask_for_reminders(user, "prs"))
        assert format_date(FIRST_REMINDER.day, "prs") in answer          # the days it will remind on
    finally:
        bot.stop()
    assert kept(env, sender)["reminders"] == 3

    # The day before: nothing. Restarted on the day: the reminder, once.
    bot = start_bot(standin, env, tmp_path, SAMEN_TODAY=(FIRST_REMINDER.day - dt.timedelta(days=1)).isoformat())
    try:
        assert user.replies(timeout=4, expect=0) == []
    finally:
        bot.stop()
    bot = start_bot(standin, env, tmp_path, SAMEN_TODAY=FIRST_REMINDER.day.isoformat())
    try:
        [reminder] = user.replies(timeout=20)
        assert format_date(TERM.last_day, "prs") in reminder["text"]
        assert formatting.duration(28, "day", "prs") in reminder["text"]
        time.sleep(3)                                                       # three more rounds
        assert user.replies(timeout=2, expect=0) == []
    finally:
        bot.stop()
    bot = start_bot(standin, env, tmp_path, SAMEN_TODAY=FIRST_REMINDER.day.isoformat())
    try:
        assert user.replies(timeout=4, expect=0) == []                     # sent is sent, even after a restart
    finally:
        bot.stop()
    assert kept(env, sender)["reminders"] == 2
    log = (tmp_path / "bot.log").read_text(errors="replace")
    assert str(user.user["id"]) not in log and typed_date("prs") not in log


def test_reminders_are_listed_and_forget_deletes_them(samen, standin, tmp_path):
    _, env = samen
    user = TelegramUser(standin.url, next(USER_IDS), "nl")
    sender = sender_id(user.user["id"], HASH_KEY.encode())
    bot = start_bot(standin, env, tmp_path)
    try:
        user.send(SAID["nl"].format(date=typed_date("nl")))
        ask_for_reminders(user, "nl")
        user.send("/reminders")
        listing = user.replies()[-1]
        assert shown("reminders.list", "nl") in listing["text"]
        assert format_date(TERM.last_day - dt.timedelta(days=7), "nl") in listing["text"]
        assert kept(env, sender)["reminders"] == 3
        user.send("/forget")
        confirm = user.replies()[-1]
        user.press(confirm, shown("telegram.forget.yes", "nl"))
        user.replies()
        assert kept(env, sender)["reminders"] == 0
    finally:
        bot.stop()

"""`make run`'s local chat, end to end: the terminal client against the real
Rasa server, action server and NLG endpoint with the trained model."""
import re
import subprocess
import sys

import pytest

from bot.core import catalogs
from bot.nlg.render import Renderer
from tests.conftest import shown

pytestmark = pytest.mark.model
ROOT = catalogs.ROOT


def chat(samen, *lines: str) -> str:
    urls, env = samen
    result = subprocess.run([sys.executable, "-m", "bot.chat", "--rasa-url", urls.rasa_url,
                             "--action-url", urls.action_url],
                            input="\n".join(lines) + "\n", capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


RENDERER = Renderer()


def rendered(name, slots, arguments=None):
    return RENDERER.render(name, {"slots": slots, "latest_message": {}}, arguments)["text"]


@pytest.mark.parametrize("number, lang, question", [
    ("2", "ti", "IND ውሳነ ንምሃብ ክንደይ ግዜ ይወስድ፧"),
    ("1", "ar", "قديش بتاخد الاي ان دي وقت لتقرر بطلب لم الشمل"),
    ("3", "prs", "آی ان دی چقدر وقت میگیره تا در باره نارایس فیصله کنه"),
    ("4", "nl", "hoe lang duurt het voordat de IND beslist over nareis"),
    ("5", "en", "how long does the IND take to decide on family reunification"),
])
def test_choose_a_language_and_ask_how_long_the_ind_takes(samen, number, lang, question):
    # Picker -> language; question -> "Netherlands or Belgium?" -> 1 (Netherlands) -> answer and sources.
    out = chat(samen, number, question, "1", "/quit")
    slots = {"language": lang, "country": "nl"}
    assert rendered("utter_language_changed", {"language": lang}) in out
    assert rendered("utter_ask_country", {"language": lang}) in out
    answer = rendered("utter_reunification_waiting_time", slots)
    assert answer in out                                  # the legal term and the current situation
    source = rendered("utter_source", slots, {"answer": "utter_reunification_waiting_time"})
    assert "https://ind.nl/en/home/when-will-the-ind-start-with-my-application-for-family-reunification" in out
    assert source in out                                  # the links and the checked date, in the user's language


def turns(out: str) -> list:
    """What Samen printed after each line the user typed (the prompt is "> ")."""
    return re.split(r"(?m)^> ", out)[1:]


@pytest.mark.parametrize("number, message", [
    ("5", "my husband hits me and I am scared to go home"),
    ("1", "زوجي بيضربني وخايفة ارجع عالبيت"),
    ("3", "میخواهم خودم را بکشم"),
])
def test_crisis_message_gets_the_numbers_first(samen, number, message):
    reply = turns(chat(samen, number, message, "/quit"))[1]
    assert reply.startswith("Samen: ")
    assert "112" in reply[:250] and "0800-2000" in reply and "113" in reply


def test_forget_deletes_the_conversation(samen):
    import asyncio

    from bot.conversations import repository

    store = repository.tracker_store(ROOT / "endpoints.yml")
    before = set(asyncio.run(store.keys()))
    out = chat(samen, "5", "hello", "/forget", "/quit")
    assert shown("chat.forgotten", "en") in out
    assert "Samen: " in out                               # the conversation did happen ...
    assert set(asyncio.run(store.keys())) == before       # ... and nothing of it is kept


def test_rasa_down_gives_a_clear_message(tmp_path):
    from tests.conftest import free_port

    out = subprocess.run([sys.executable, "-m", "bot.chat", "--rasa-url", f"http://127.0.0.1:{free_port()}",
                          "--action-url", f"http://127.0.0.1:{free_port()}"],
                         input="5\n/quit\n", capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert shown("chat.unavailable", "en") in out

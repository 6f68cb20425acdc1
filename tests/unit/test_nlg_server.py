"""The NLG endpoint answers Rasa's requests in the conversation's language,
and never with nothing (the real server process, over HTTP)."""
import subprocess
import sys

import pytest
import requests

from bot.run import wait_until_up
from tests.conftest import ROOT, free_port


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bot.action_server", "--port", str(port), "--endpoints", ""],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def nlg(server, response, slots, arguments=None):
    body = {"response": response, "arguments": arguments or {}, "channel": {"name": "rest"},
            "tracker": {"sender_id": "x", "slots": slots, "latest_message": {}, "events": None}}
    return requests.post(f"{server}/nlg", json=body, timeout=10)


def test_renders_a_response_with_translated_buttons(server):
    reply = nlg(server, "utter_ask_country", {"language": "nl"})
    assert reply.status_code == 200
    assert [b["title"] for b in reply.json()["buttons"]] == ["Nederland", "België"]
    assert reply.json()["buttons"][1]["payload"] == '/inform_country{"country":"be"}'


def test_an_undeclared_response_gets_the_rephrase_prompt_not_an_error(server):
    reply = nlg(server, "utter_default", {"language": "en"})
    assert reply.status_code == 200 and reply.json()["text"].startswith("Sorry")

"""Several Rasa replicas behind the channels (RASA_URLS): each conversation has
a first replica of its own, and a message goes to the next replica when one
refuses the connection or answers a server error, never to one that may
already be handling it. Replicas here are small local HTTP servers that
count what they get; the real thing is tests/e2e/test_replicas.py."""
import asyncio
import contextlib
import collections

import pytest

from bot import channels
from bot.chat import Chat
from bot.telegram.config import TelegramConfig
from bot.telegram.rasa_client import RasaClient, RasaUnavailable
from tests.conftest import free_port, json_server


def test_rasa_urls_are_read_from_a_list_or_a_comma_separated_string():
    assert channels.rasa_urls("http://a:5005/, http://b:5006") == ("http://a:5005", "http://b:5006")
    assert channels.rasa_urls(["http://a"]) == ("http://a",)
    with pytest.raises(ValueError):
        channels.rasa_urls(" , ")
    config = TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "RASA_URLS": "http://a,http://b",
                                      "RASA_URL": "http://c"})
    assert config.rasa_urls == ("http://a", "http://b")
    assert TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "RASA_URL": "http://c"}).rasa_urls == ("http://c",)


def test_conversations_are_spread_and_each_keeps_its_first_replica():
    urls = ("http://a", "http://b", "http://c")
    firsts = collections.Counter(channels.replica_order(urls, f"sender-{n}")[0] for n in range(300))
    assert set(firsts) == set(urls) and min(firsts.values()) > 60
    order = channels.replica_order(urls, "sender-7")
    assert sorted(order) == sorted(urls)                          # every replica, each once
    assert channels.replica_order(urls, "sender-7") == order      # the same in every process (no hash seed)
    assert channels.replica_order(("http://a",), "x") == ("http://a",)


@contextlib.contextmanager
def replicas(*behaviours):
    """Local servers answering as told (status, body); yields (their URLs, calls per URL)."""
    calls = collections.Counter()
    with contextlib.ExitStack() as stack:
        urls = []
        for index, (status, body) in enumerate(behaviours):
            if status is None:                                     # nothing listens: connection refused
                urls.append(f"http://127.0.0.1:{free_port()}")
                continue

            def answer(path, index=index, status=status, body=body):
                calls[index] += 1
                return status, body
            urls.append(stack.enter_context(json_server(answer)))
        yield urls, calls


REPLY = [{"recipient_id": "s", "text": "ok"}]


def send(urls, sender="s", attempts=2):
    async def run():
        client = RasaClient(urls, attempts=attempts, backoff=0.01)
        try:
            return await client.send(sender, "hello")
        finally:
            await client.close()
    return asyncio.run(run())


def sender_first_on(urls, index):
    return next(f"s{n}" for n in range(1000) if channels.replica_order(tuple(urls), f"s{n}")[0] == urls[index])


@pytest.mark.parametrize("failure", [(None, None), (500, {"error": "unavailable"}), (502, {})])
def test_a_message_goes_to_the_next_replica_when_its_own_refuses_or_fails(failure):
    with replicas(failure, (200, REPLY)) as (urls, calls):
        assert send(urls, sender_first_on(urls, 0)) == REPLY
        assert calls[1] == 1 and calls[0] == (0 if failure[0] is None else 1)    # a failed one is not asked twice


def test_a_message_stays_on_its_own_replica_while_it_answers():
    with replicas((200, REPLY), (200, REPLY)) as (urls, calls):
        for _ in range(3):
            send(urls, sender_first_on(urls, 1))
        assert calls == {1: 3}


def test_all_replicas_failing_is_rasa_unavailable_and_memory_is_said():
    with replicas((500, {"error": "unavailable"}), (500, {"error": "unavailable"})) as (urls, calls):
        with pytest.raises(RasaUnavailable) as failure:
            send(urls)
        assert calls == {0: 1, 1: 1} and not failure.value.memory
    with replicas((503, {"error": "memory"}), (None, None)) as (urls, calls):
        with pytest.raises(RasaUnavailable) as failure:
            send(urls)
        assert failure.value.memory and calls == {0: 1}


def test_a_client_error_is_not_sent_to_another_replica():
    with replicas((400, {"error": "payload"}), (200, REPLY)) as (urls, calls):
        with pytest.raises(RasaUnavailable):
            send(urls, sender_first_on(urls, 0))
        assert calls == {0: 1}


def test_one_rasa_failing_is_not_retried_as_before():
    with replicas((500, {"error": "unavailable"})) as (urls, calls):
        with pytest.raises(RasaUnavailable):
            send(urls, attempts=3)
        assert calls == {0: 1}


def test_the_local_chat_fails_over_too():
    with replicas((None, None), (500, {"error": "unavailable"}), (200, [{"text": "ok", "custom": {"language": "ti"}}])) \
            as (urls, calls):
        shown = []
        chat = Chat(",".join(urls), "http://127.0.0.1:1", write=shown.append)
        chat.sender = sender_first_on(urls, 0)
        assert chat.send("hello")
        assert "Samen: ok" in shown and chat.language == "ti" and calls == {1: 1, 2: 1}

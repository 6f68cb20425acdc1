"""Samen's Rasa server: what its REST channel refuses, and what its logs keep."""
import pytest

from bot.rasa_server.channel import broken_payload
from bot.rasa_server.redaction import REDACTED, redact


@pytest.mark.parametrize("text, broken", [
    ("/greet", False), ('/inform_country{"country":"nl"}', False), ("/more_services", False),
    ('/inform_country{"country": "nl"', True), ("/inform{not json}", True), ("/ inform", True),
    ("hello /greet", False), ("", False),
])
def test_a_payload_rasa_could_not_parse_is_recognised(text, broken):
    assert broken_payload(text) is broken


def test_what_a_user_wrote_is_redacted_from_a_log_event_and_the_rest_kept():
    event = redact(None, "info", {"event": "rest.message.received.failure", "text": "my daughter Amina",
                                  "parse_data_text": "hi", "parse_data_intent": {"name": "greet"}, "sender_id": "x"})
    assert event["text"] == event["parse_data_text"] == REDACTED
    assert event["parse_data_intent"] == {"name": "greet"} and event["event"] == "rest.message.received.failure"

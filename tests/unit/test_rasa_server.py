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


def test_action_results_are_validated_as_before_with_the_schema_checked_once(monkeypatch):
    import jsonschema
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    from bot.rasa_server import schemas

    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)     # undone after the test
    schemas.install()
    schemas._checked_validator.cache_clear()
    checks = []
    monkeypatch.setattr(validators.Draft202012Validator, "check_schema",
                        classmethod(lambda cls, schema: checks.append(schema)))
    action = RemoteAction("action_answer_question", None)
    good = {"events": [{"event": "slot", "name": "language", "value": "nl"}],
            "responses": [{"response": "utter_greet"}]}
    for _ in range(3):
        assert action._validate_action_result(good)
    assert len(checks) == 1
    with pytest.raises(jsonschema.ValidationError) as invalid:
        action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": []})
    assert "Failed to validate Action server response" in invalid.value.message

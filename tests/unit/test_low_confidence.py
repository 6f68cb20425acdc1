"""An unsure message: a possible crisis gets the numbers first, never a bare "please rephrase"."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.low_confidence import last_bot_response, low_confidence_reply
from bot.nlu.safety import SafetyNet, possible_crisis


def unsure(text, ranking):
    message = Message(data={"text": text})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.2})
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.2}, *ranking])
    return message


def test_a_crisis_intent_near_the_top_of_an_unsure_ranking_is_a_possible_crisis():
    ranking = [{"name": "housing", "confidence": 0.18}, {"name": "crisis_domestic_violence", "confidence": 0.15}]
    [message] = SafetyNet().process([unsure("ik kan niet naar huis, ik ben bang voor hem", ranking)])
    assert message.get("crisis_check") is True and message.get("intent")["name"] == "nlu_fallback"


def test_an_unsure_ordinary_message_is_no_crisis():
    ranking = [{"name": "housing", "confidence": 0.18}, {"name": "school_children", "confidence": 0.15}]
    assert not possible_crisis("kan mijn zoon naar een andere school", ranking)


@pytest.mark.parametrize("crisis_check, last, reply", [
    (True, None, "utter_crisis_check"), (True, "utter_rephrase", "utter_crisis_check"),
    (False, None, "utter_rephrase"), (False, "utter_greet", "utter_rephrase"),
    (False, "utter_rephrase", "utter_topics"),
])
def test_what_an_unsure_message_gets(crisis_check, last, reply):
    assert low_confidence_reply(crisis_check, last) == reply


def test_the_last_reply_is_read_from_before_the_latest_message():
    events = [{"event": "user", "text": "a"}, {"event": "bot", "metadata": {"utter_action": "utter_rephrase"}},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "b"}]
    assert last_bot_response(events) == "utter_rephrase"
    assert last_bot_response(events[-1:]) is None

"""The safety net: crisis words win over whatever the classifier predicted."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.core.crisis import crisis_match
from bot.nlu.safety import SafetyNet

# (message, what a classifier could wrongly predict, the crisis intent)
MISCLASSIFIED = [
    ("which documents does my wife need, also my husband hits me when I ask", "reunification_documents", "crisis_domestic_violence"),
    ("we wachten al twee jaar op de IND, ik wil niet meer leven", "reunification_waiting_time", "crisis_suicidal"),
    ("زوجي بيضربني كل ما احكي عن الاوراق", "reunification_documents", "crisis_domestic_violence"),
    ("ننتظر من سنتين وصرت بفكر انتحر", "reunification_waiting_time", "crisis_suicidal"),
    ("ሰብኣየይ ይወቕዓኒ ብዛዕባ ወረቐት ክሓትት ከለኹ", "reunification_documents", "crisis_domestic_violence"),
    ("ካብ ክልተ ዓመት ንጽበ ኣለና ክሞት ደልየ", "reunification_waiting_time", "crisis_suicidal"),
    ("دو سال است منتظر نارایس هستم و دیگه میخواهم بمیرم", "reunification_waiting_time", "crisis_suicidal"),
    ("شوهرم مرا میزند وقتی در باره اسناد میپرسم", "reunification_documents", "crisis_domestic_violence"),
    ("my son is unconscious what do i do", "health_children", "health_emergency"),
    ("mijn vader is bewusteloos", "family_support", "health_emergency"),
]


def classified(text, intent, confidence=0.9):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


@pytest.mark.parametrize("text, wrong, crisis", MISCLASSIFIED)
def test_crisis_words_override_a_wrong_prediction(text, wrong, crisis):
    [message] = SafetyNet().process([classified(text, wrong)])
    assert message.get("intent") == {"name": crisis, "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == crisis
    assert message.get("safety_net") is True


def test_low_confidence_fallback_is_overridden_too():
    [message] = SafetyNet().process([classified("i want to kill myself", "nlu_fallback", 0.3)])
    assert message.get("intent")["name"] == "crisis_suicidal"


def test_a_crisis_prediction_is_not_turned_into_an_emergency():
    [message] = SafetyNet().process([classified("he hits me, call an ambulance", "crisis_domestic_violence")])
    assert message.get("intent")["name"] == "crisis_domestic_violence" and not message.get("safety_net")


@pytest.mark.parametrize("text", [
    "my child hit his head on the table last week, which GP", "ik wil dolgraag Nederlands leren",
    "how long does the IND take", "انا بدي موعد بالسفارة", "ሰነዳት እንታይ የድልዩ", "خانه ما کوچک است",
    "the hit song", "killing time while waiting",
])
def test_ordinary_messages_are_left_alone(text):
    assert crisis_match(text) is None


def test_no_crisis_word_fires_on_an_ordinary_look_alike():
    """Ordinary messages that look like a crisis ("my tooth is killing me",
    "the doctor gave me an injection"), written as traps: no crisis term fires;
    most of them may carry a distress cue, which only matters when Samen is unsure."""
    import pathlib

    import yaml

    lookalikes = yaml.safe_load((pathlib.Path(__file__).with_name("crisis_lookalikes.yml")).read_text("utf-8"))
    fired = [(lang, text) for lang, texts in lookalikes.items() for text in texts if crisis_match(text)]
    assert not fired

"""Safety net: crisis and emergency messages are recognised by their words
too (bot/core/crisis.py), so that they get the emergency numbers even when
the classifier is unsure or wrong (a long message that mentions violence in
passing, a misspelt phrase, a language mix).

`SafetyNet` is the graph component that runs after the classifiers:
* crisis words override the intent (the parse is marked "safety_net": true);
* a message the classifier is unsure about (nlu_fallback) is marked
  "crisis_check": true when a crisis intent ranks near the top or the text
  carries a distress cue: the dialogue then answers with the emergency
  numbers and "did I understand you?", never a bare "please rephrase".
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.crisis import crisis_match, distress_match

CRISIS = ("crisis_suicidal", "crisis_domestic_violence")
FALLBACK = "nlu_fallback"
# A crisis intent this high among the first few of an unsure ranking makes it a possible crisis.
NEAR_TOP, NEAR_CONFIDENCE = 3, 0.1


def possible_crisis(text: str, ranking: list) -> bool:
    """For a message the classifier is unsure about: could it be a crisis?"""
    near = [r for r in ranking if r.get("name") != FALLBACK][:NEAR_TOP]
    return (any(r.get("name") in CRISIS and (r.get("confidence") or 0) >= NEAR_CONFIDENCE for r in near)
            or distress_match(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(GraphComponent):
    """Overrides the predicted intent when crisis words are present, and marks
    unsure messages that may be a crisis."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyNet":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            matched = crisis_match(text)
            predicted = (message.get(INTENT) or {}).get("name")
            ranking = message.get(INTENT_RANKING_KEY) or []
            if matched and predicted != matched and not (predicted in CRISIS and matched not in CRISIS):
                ranking = [r for r in ranking if r.get("name") != matched]
                message.set(INTENT, {"name": matched, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": matched, "confidence": 1.0}, *ranking], add_to_output=True)
                message.set("safety_net", True, add_to_output=True)
            elif predicted == FALLBACK and possible_crisis(text, ranking):
                message.set("crisis_check", True, add_to_output=True)
        return messages

"""Safety net: crisis and emergency messages are recognised by their words
too, so that they get the emergency numbers even when the classifier is
unsure or wrong (a long message that mentions violence in passing, a
misspelt phrase, a language mix).

`crisis_match` is the plain function; `SafetyNet` the graph component that
runs after the classifiers and overrides the intent (and marks the parse
with "safety_net": true).
"""
from __future__ import annotations

import functools
import pathlib
import re
from typing import Any, Dict, List, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.normalise import normalise

TERMS = pathlib.Path(__file__).with_name("crisis_terms.yml")
CRISIS = ("crisis_suicidal", "crisis_domestic_violence")


def _pattern(terms: list) -> re.Pattern:
    parts = []
    for term in terms:
        term = re.escape(normalise(str(term)))
        # Latin terms are whole words; Arabic-script and Ge'ez terms may carry prefixes.
        parts.append(rf"(?<![\w]){term}(?![\w])" if term.isascii() else term)
    return re.compile("|".join(parts))


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple:
    spec = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    return tuple((intent, _pattern([t for terms in by_language.values() for t in terms]))
                 for intent, by_language in spec.items())


def crisis_match(text: str) -> str | None:
    """The crisis or emergency intent whose words the text contains, if any."""
    folded = " ".join(normalise(text or "").replace("’", "'").split())
    for intent, pattern in _patterns():
        if pattern.search(folded):
            return intent
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(GraphComponent):
    """Overrides the predicted intent when crisis words are present."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyNet":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            matched = crisis_match(message.get(TEXT))
            predicted = (message.get(INTENT) or {}).get("name")
            if not matched or predicted == matched or (predicted in CRISIS and matched not in CRISIS):
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != matched]
            message.set(INTENT, {"name": matched, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": matched, "confidence": 1.0}, *ranking], add_to_output=True)
            message.set("safety_net", True, add_to_output=True)
        return messages

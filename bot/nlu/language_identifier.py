"""Graph component that adds the contract's `language` key to every parse."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.entities import GAZETTEER_ENTITIES
from bot.nlu.language_id import identify

LANGUAGE = "language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageIdentifier(GraphComponent):
    """Sets `language: {name, confidence}` on each message (see bot.nlu.language_id).

    Registered as a classifier so that Rasa keeps its output in the parse result."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Language reported, with confidence 0, when a message has no letters.
        return {"default_language": "en"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._default = config["default_language"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageIdentifier":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = message.get(GAZETTEER_ENTITIES)
            places = None if found is None else [
                (e["start"], e["end"]) for e in found if e["entity"] == "municipality"
            ]
            guess = identify(message.get(TEXT) or "", default=self._default, places=places)
            message.set(LANGUAGE, guess.as_dict(), add_to_output=True)
        return messages

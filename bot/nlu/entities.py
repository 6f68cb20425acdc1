"""Graph component for the contract's two entities, found by gazetteer.

`municipality` values are CBS (GM....) or Statbel NIS codes, `language`
values are the contract's language codes. Both come from curated and generated
lists rather than from the classifier: a town name must map to exactly one
code, whatever script or spelling the user typed, and a new municipality must
not need retraining.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES, ENTITY_ATTRIBUTE_CONFIDENCE, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE, TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.geo.gazetteer import default_gazetteer
from bot.nlu.language_names import find_languages

# Message property where the tokenizer leaves the entities it already found.
GAZETTEER_ENTITIES = "gazetteer_entities"


def _entity(kind: str, value: str, start: int, end: int, confidence: float) -> dict:
    return {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: confidence,
    }


def extract(text: str) -> list[dict]:
    """Municipality and language entities in `text` (plain function, unit-tested)."""
    entities = [
        _entity("municipality", m.code, m.start, m.end, 1.0 if m.distance == 0 else 0.8)
        for m in default_gazetteer().find(text)
    ]
    entities += [_entity("language", code, start, end, 1.0) for code, start, end, _ in find_languages(text)]
    return sorted(entities, key=lambda e: e[ENTITY_ATTRIBUTE_START])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class GazetteerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds municipality and language entities to each message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "GazetteerEntityExtractor":
        default_gazetteer()  # load the table at start-up, not on the first message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            known = message.get(GAZETTEER_ENTITIES)
            found = self.add_extractor_name(known if known is not None else extract(message.get(TEXT) or ""))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

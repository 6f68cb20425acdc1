"""Graph component for the `date` entity: the ISO 8601 Gregorian date a
user meant, whatever calendar, month names and digits they wrote, relative
dates resolved against the day of the message (bot.timeline.dates does the
reading; this component only places it in the parse).

An entity carries, besides its value, how precise it is (`granularity`), the
calendar it was written in, a `problem` (impossible, ambiguous or partial)
and the other readings of an ambiguous one (`alternatives`), so that the
dialogue can ask back instead of guessing. The message's language decides
the grammar; the other language of the same script is tried too (an
unsure Arabic/Dari guess must not lose a date).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core import environment, languages
from bot.timeline.dates import FoundDate, find_dates

DATE = "date"


def _grammars(lang: str) -> list[str]:
    """The message's language first, then the others written in its script."""
    script = languages.get(lang).script
    return [lang, *(code for code, language in languages.REGISTRY.items()
                    if language.script == script and code != lang)]


def date_entities(text: str, lang: str, today: dt.date) -> list[dict]:
    """`date` entities for the dates in `text` (plain function, unit-tested)."""
    found: dict[tuple, FoundDate] = {}
    for grammar in _grammars(lang if lang in languages.REGISTRY else languages.FALLBACK):
        for date in find_dates(text, grammar, today):
            if not any(s[0] < date.span[1] and date.span[0] < s[1] for s in found):
                found[date.span] = date
    return [_entity(date) for _, date in sorted(found.items())]


def _entity(date: FoundDate) -> dict:
    return {"entity": DATE, "value": date.date.isoformat() if date.date else None,
            "start": date.span[0], "end": date.span[1], "confidence_entity": 1.0,
            "granularity": date.granularity, "calendar": date.calendar, "problem": date.problem,
            "until": date.until.isoformat() if date.until else None,
            "alternatives": [alternative.isoformat() for alternative in date.alternatives]}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DateEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds `date` entities, after the language identifier."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DateEntityExtractor":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        today = environment.today()
        for message in messages:
            lang = (message.get("language") or {}).get("name") or languages.FALLBACK
            found = self.add_extractor_name(date_entities(message.get(TEXT) or "", lang, today))
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

"""A tokenizer that knows the scripts Samen's users write in.

Tokens keep the text exactly as typed (so entity offsets in the training data
stay valid) and carry the normalised spelling as their lemma, which Rasa's
CountVectorsFeaturizer uses by default (`use_lemma: true`). Words that name a
municipality or a language get a class lemma instead (`__place__`,
`__language__`), and so do Dutch postcodes (`__postcode__`): the classifier
then learns "I live in __place__" once for all 900 towns in every script, and
an unseen town does not look like noise.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entities import GAZETTEER_ENTITIES, extract
from bot.core.postcode import postcode_spans
from bot.core.text import normalise, split_words

CLASS_LEMMAS = {"municipality": "__place__", "language": "__language__"}
POSTCODE_LEMMA = "__postcode__"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ScriptAwareTokenizer(Tokenizer):
    """Splits on whitespace and on Latin, Arabic and Ethiopic punctuation;
    lemmas are the normalised spellings (see bot.core.text)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = [
            Token(word, start, lemma=normalise(word))
            for word, start in split_words(text)
        ]
        if not tokens:
            # Only punctuation or whitespace: one token keeps featurizers fed.
            tokens = [Token(text, 0, lemma=normalise(text))]
        if attribute == TEXT:
            entities = extract(text)
            message.set(GAZETTEER_ENTITIES, entities)
            for entity in entities:
                for token in tokens:
                    if token.start < entity["end"] and token.end > entity["start"]:
                        token.lemma = CLASS_LEMMAS[entity["entity"]]
            for start, end in postcode_spans(text):
                for token in tokens:
                    if token.start < end and token.end > start:
                        token.lemma = POSTCODE_LEMMA
        return self._apply_token_pattern(tokens)

"""The tokenizer feeds the classifier normalised words and class tokens."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import ScriptAwareTokenizer


@pytest.fixture(scope="module")
def tokenize():
    tokenizer = ScriptAwareTokenizer(ScriptAwareTokenizer.get_default_config())

    def run(text):
        message = Message({"text": text})
        return tokenizer.tokenize(message, "text")

    return run


def test_tokens_keep_the_typed_text_and_offsets(tokenize):
    text = "ሠላም፡ ሓኪም ኣበይ፧"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["ሠላም", "ሓኪም", "ኣበይ"]
    assert all(text[t.start:t.end] == t.text for t in tokens)


def test_lemmas_are_normalised_spellings(tokenize):
    assert tokenize("ሠላም")[0].lemma == tokenize("ሰላም")[0].lemma
    assert tokenize("داکتر")[0].lemma == tokenize("داكتر")[0].lemma


def test_places_and_languages_become_class_tokens(tokenize):
    assert [t.lemma for t in tokenize("ik woon in Almelo")] == ["ik", "woon", "in", "__place__"]
    assert [t.lemma for t in tokenize("ኣብ ኣልመሎ")][-1] == "__place__"
    assert [t.lemma for t in tokenize("I want to talk in Arabic")][-1] == "__language__"


def test_postcodes_become_class_tokens_in_any_digits(tokenize):
    assert [t.lemma for t in tokenize("mijn postcode is 7607 AB")][-2:] == ["__postcode__", "__postcode__"]
    assert [t.lemma for t in tokenize("کد پستی ما ۶۵۱۱AB")][-1] == "__postcode__"
    assert "__postcode__" not in [t.lemma for t in tokenize("bel 0800 2000")]


@pytest.mark.parametrize("text", ["", "?!", "👍"])
def test_input_without_words_still_yields_a_token(tokenize, text):
    assert len(tokenize(text)) == 1

"""The normaliser must make the spellings people really type compare equal."""
import pytest

from bot.core.text import normalise, script_of, split_words


@pytest.mark.parametrize("variants", [
    # Persian and Arabic keyboards: ی/ي, ک/ك; hamza forms; ta marbuta; alef maqsura.
    ["داکتر", "داكتر"],
    ["أريد", "إريد", "اريد", "آريد"],
    ["مدرسة", "مدرسه"],
    ["مستشفى", "مستشفي"],
    # Tatweel and diacritics vanish.
    ["مـــرحبا", "مَرْحَبًا", "مرحبا"],
    # ZWNJ inside Persian words.
    ["می\u200cخواهم", "میخواهم"],
    # Tigrinya homophone series and the two ways of writing the glottal a.
    ["ሰላም", "ሠላም"],
    ["ጸሎት", "ፀሎት"],
    ["ሓኪም", "ሐኪም", "ኀኪም"],
    ["ኣሎኹ", "አሎኹ"],
    # Latin case and accents.
    ["Liège", "liege", "LIEGE"],
])
def test_spelling_variants_normalise_to_one_form(variants):
    assert len({normalise(v) for v in variants}) == 1


def test_all_digit_systems_become_ascii():
    assert normalise("٣ شهور") == "3 شهور"
    assert normalise("۱۲ ماه") == "12 ماه"
    assert normalise("0800-2000") == "0800-2000"


def test_distinct_letters_stay_distinct():
    # Folding must not merge letters that make different words.
    assert normalise("ሰላም") != normalise("ሸላም")
    assert normalise("بنت") != normalise("بيت")


@pytest.mark.parametrize("text, words", [
    ("ሰላም፡ከመይ ኣለኹም፧", ["ሰላም", "ከመይ", "ኣለኹም"]),
    ("ሰላም። ሓኪም ኣበይ፣ ይርከብ", ["ሰላም", "ሓኪም", "ኣበይ", "ይርከብ"]),
    ("سلام، چطور استی؟", ["سلام", "چطور", "استی"]),
    ("می‌خواهم داکتر", ["می\u200cخواهم", "داکتر"]),
    ("waar is de huisarts?!", ["waar", "is", "de", "huisarts"]),
    ("'s-Hertogenbosch", ["s-Hertogenbosch"]),
])
def test_split_words_handles_each_scripts_punctuation(text, words):
    assert [w for w, _ in split_words(text)] == words


def test_split_words_offsets_point_into_the_text():
    text = "انا في ألميلو، huisarts?"
    for word, start in split_words(text):
        assert text[start:start + len(word)] == word


@pytest.mark.parametrize("text", ["", "   ", "👍👍", "?!…", "x" * 4000])
def test_edge_input_does_not_fail(text):
    normalise(text)
    split_words(text)


def test_script_of_letters():
    assert script_of("ሰ") == "ethiopic"
    assert script_of("ب") == "arabic"
    assert script_of("ی") == "arabic"
    assert script_of("é") == "latin"
    assert script_of("7") is None
    assert script_of("،") is None

"""The trained assistant understands each language (real model, cached by hash)."""
import pytest

pytestmark = pytest.mark.model

CASES = [
    # (text, intent, language, municipality)
    ("hoe lang duurt het voordat de IND beslist over mijn nareis?", "reunification_waiting_time", "nl", None),
    ("ik woon in Almelo en zoek een huisarts", "health_find_gp", "nl", "GM0141"),
    ("Mijn man slaat me, ik ben niet veilig thuis", "crisis_domestic_violence", "nl", None),
    ("كم تستغرق مدة معاملة لم الشمل", "reunification_waiting_time", "ar", None),
    ("انا ساكن في نايميخن وبدي طبيب عائلة", "health_find_gp", "ar", "GM0268"),
    ("ما بدي عيش بعد الآن", "crisis_suicidal", "ar", None),
    ("IND ክንደይ ግዜ ይወስድ ውሳነ ንምሃብ፧", "reunification_waiting_time", "ti", None),
    ("ኣብ ኣልመሎ ሓኪም ስድራ ከመይ ይርከብ", "health_find_gp", "ti", "GM0141"),
    ("ሰብኣየይ ይወቕዓኒ ኣሎ ኣብ ገዛ ውሑስ ኣይኮንኩን", "crisis_domestic_violence", "ti", None),
    ("آی ان دی چند وقت می‌گیره تا در باره درخواست فامیلی تصمیم بگیره", "reunification_waiting_time", "prs", None),
    ("در آلملو زندگی میکنم، داکتر فامیلی چطور پیدا کنم", "health_find_gp", "prs", "GM0141"),
    ("می‌خواهم خودم را بکشم", "crisis_suicidal", "prs", None),
    ("how long does the IND take to decide on family reunification", "reunification_waiting_time", "en", None),
    ("we live in Nijmegen, how do I register with a GP", "health_find_gp", "en", "GM0268"),
    ("I want to talk in Arabic", "change_language", "en", None),
]


@pytest.mark.parametrize("text, intent, lang, municipality", CASES)
def test_parse_in_every_language(parse, text, intent, lang, municipality):
    result = parse(text)
    assert result["intent"]["name"] == intent
    assert result["language"]["name"] == lang
    assert 0.0 <= result["language"]["confidence"] <= 1.0
    places = [e["value"] for e in result["entities"] if e["entity"] == "municipality"]
    assert places == ([municipality] if municipality else [])


def test_change_language_carries_the_language_entity(parse):
    result = parse("ብትግርኛ ተዛረበኒ በጃኻ")
    assert result["intent"]["name"] == "change_language"
    assert [e["value"] for e in result["entities"] if e["entity"] == "language"] == ["ti"]


def test_parse_result_has_the_contract_keys(parse):
    result = parse("salaam")
    assert {"text", "intent", "entities", "language"} <= set(result)
    assert result["language"]["confidence"] <= 0.5  # a lone greeting is ambiguous


@pytest.mark.parametrize("text", ["", "👍", "1234", "x" * 4000])
def test_odd_input_still_parses(parse, text):
    result = parse(text)
    assert "intent" in result and "language" in result

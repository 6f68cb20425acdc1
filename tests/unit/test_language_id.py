"""Language identification as users will meet it: each script, mixed and edge input."""
import pytest

from bot.nlu.language_id import LANGUAGES, identify


@pytest.mark.parametrize("text, lang", [
    ("ሰላም ከመይ ኣለኹም፧ ሓኪም ኣበይ ይርከብ", "ti"),
    ("ሠላም ፡ ሐኪም ዶ ኣሎ", "ti"),
    ("انا بدي جيب مرتي وولادي من سوريا شو لازم اعمل", "ar"),
    ("شلون اكدر اسجل عند دكتور العائلة", "ar"),
    ("كيف اقدم على لم الشمل", "ar"),
    ("من می‌خواهم خانمم و اولادهایم را بیاورم، چطور درخواست بدهم؟", "prs"),
    ("داکتر فامیلی کجا پیدا کنم", "prs"),
    ("ميخواهم خانمم را بياورم چطور", "prs"),  # Dari typed on an Arabic keyboard
    ("hoe lang duurt de procedure bij de IND", "nl"),
    ("ik wil weten hoe lang duren nareis voor mijn vrouw", "nl"),
    ("kunt ge mij helpen met gezinshereniging", "nl"),
    ("how long does the IND take to decide", "en"),
    ("how i can bring my wife and childs", "en"),
])
def test_each_language_is_recognised(text, lang):
    guess = identify(text)
    assert guess.name == lang
    assert guess.confidence >= 0.7


@pytest.mark.parametrize("text, lang", [
    # Dutch official terms and towns do not make a message Dutch.
    ("how do I register with a huisarts in Almelo", "en"),
    ("who does maatschappelijke begeleiding in Nijmegen", "en"),
    ("schuldhulp وين", "ar"),
    ("maatschappelijke begeleiding ከመይ ይርከብ", "ti"),
    ("در هنگلو consultatiebureau کجاست", "prs"),
    ("hello مرحبا كيف حالك", "ar"),
])
def test_mixed_messages_follow_the_users_own_words(text, lang):
    assert identify(text).name == lang


@pytest.mark.parametrize("text", ["ok", "salaam", "salam", "hi", "Almelo", "ኣልመሎ", "huisarts?", "IND"])
def test_short_or_ambiguous_messages_get_low_confidence(text):
    assert identify(text).confidence <= 0.5


@pytest.mark.parametrize("text", ["", "   ", "👍", "😀😀😀", "12345", "٣٤٥", "?!"])
def test_no_letters_means_no_confidence(text):
    guess = identify(text)
    assert guess.confidence == 0.0
    assert guess.name in LANGUAGES


@pytest.mark.parametrize("sentence, lang", [("ik wil graag weten hoe lang het duurt ", "nl"),
                                             ("where can I find a family doctor please help ", "en")])
def test_long_message_is_handled(sentence, lang):
    guess = identify(sentence * 110)  # ~4,500 characters
    assert guess.name == lang
    assert guess.confidence > 0.9


def test_result_matches_the_contract_shape():
    result = identify("hallo").as_dict()
    assert set(result) == {"name", "confidence"}
    assert result["name"] in LANGUAGES
    assert 0.0 <= result["confidence"] <= 1.0

"""Every response renders in every language: translated, placeholders intact,
short enough for a phone, with sources, and with the emergency numbers."""
import logging
import string

import pytest
from babel.messages.pofile import read_po

from bot.core import catalogs, languages
from tools.i18n.extract import response_keys
from bot.nlg.content import load_content
from bot.nlg.render import Renderer, catalog_keys_of, settling_keys, source_keys

LANGUAGES = list(languages.CODES)
MAX_MESSAGE = 700
CONTENT = load_content()
SLOT_SETS = [  # conversations that select every variant
    {"country": "nl", "role": "sponsor", "municipality": "GM0141"},
    {"country": "be", "role": "family", "municipality": "21004"},
    {"role": "family"},
    {},
]


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


def catalog(lang):
    with catalogs.po_path(lang).open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def placeholders(text):
    """The named placeholders of a text, or of all plural forms together (an
    Arabic dual may leave out the number its other forms show)."""
    forms = text if isinstance(text, tuple) else (text,)
    return sorted({name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_is_translated_with_the_english_placeholders(lang):
    english, translated = catalog("en"), catalog(lang)
    with (catalogs.LOCALES_DIR / "messages.pot").open("rb") as handle:
        keys = {m.id for m in read_po(handle) if m.id}
    assert keys == set(english), "locales/messages.pot is stale: run make i18n"
    problems = [key for key in keys if not translated.get(key) or not all(
        translated[key].string if isinstance(translated[key].string, tuple) else [translated[key].string])]
    problems += [key for key in keys if translated.get(key) and translated[key].string
                 and placeholders(translated[key].string) != placeholders(english[key].string)]
    assert not problems


def test_the_template_holds_every_key_the_domain_declares():
    import yaml

    domain = yaml.safe_load((catalogs.ROOT / "domain.yml").read_text())
    declared = {key for key, _ in response_keys(domain)}
    assert declared <= set(catalog("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_response_renders_in_every_language(renderer, lang):
    for name in CONTENT.responses:
        if CONTENT.responses[name].composed:
            continue        # made of parts: tests/unit/test_timeline_dialogue.py renders every one
        for slots in SLOT_SETS:
            arguments = {"answer": "utter_reunification_waiting_time"} if name == "utter_source" else {}
            message = renderer.render(name, {"slots": {**slots, "language": lang}, "latest_message": {}}, arguments)
            text = message["text"]
            assert text and "utter_" not in text and "{" not in text, (name, slots)
            visible = text.translate({code: None for code in range(0x2066, 0x206A)})   # bidi isolates
            assert len(visible) <= MAX_MESSAGE, (name, slots, len(visible))
            for button in message["buttons"]:
                assert button["title"] and "." not in button["title"][-3:], (name, button)


def test_answers_are_in_the_conversation_language_with_localised_figures(renderer):
    tracker = {"slots": {"language": "ar", "country": "nl"}, "latest_message": {}}
    text = renderer.render("utter_reunification_waiting_time", tracker)["text"]
    assert "IND" in text and "٩٠" in text and "٦٦" in text
    dari = renderer.render("utter_source", {"slots": {"language": "prs"}}, {"answer": "utter_health_find_gp"})["text"]
    assert "https://gpinfo.nl/choosing-gp" in dari and "۲۰۲۶" in dari


def test_variants_follow_country_role_and_municipality(renderer):
    def key_text(name, slots, lang="en", latest=None):
        return renderer.render(name, {"slots": {"language": lang, **slots}, "latest_message": latest or {}})["text"]

    assert "Immigration Office (DVZ)" in key_text("utter_reunification_waiting_time", {"country": "be"})
    assert "You do not apply yourself" in key_text("utter_reunification_apply", {"country": "nl", "role": "family"})
    assert "Almelo" in key_text("utter_inform_municipality", {"municipality": "GM0141"},
                                latest={"entities": [{"entity": "municipality", "value": "GM0141"}]})
    assert "did not recognise" in key_text("utter_inform_municipality", {})


def test_every_procedure_health_and_settling_answer_has_sources():
    keys = catalog_keys_of(CONTENT, source_keys(CONTENT) | settling_keys(CONTENT))
    assert len(keys) > 30
    missing = [key for key in keys if not CONTENT.sources.get(key)]
    assert not missing
    assert all(url.startswith("https://") for urls in CONTENT.sources.values() for url in urls)


NL_NUMBERS = ["112", "113", "0800-0113", "0800-2000"]
BE_NUMBERS = ["112", "101", "1813", "1712"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["utter_crisis_suicidal", "utter_crisis_domestic_violence"])
def test_crisis_answers_carry_the_emergency_numbers_in_every_language(renderer, lang, name):
    netherlands = renderer.render(name, {"slots": {"language": lang}})["text"]
    belgium = renderer.render(name, {"slots": {"language": lang, "country": "be"}})["text"]
    assert all(number in netherlands for number in NL_NUMBERS)
    assert all(number in belgium for number in BE_NUMBERS)
    # The numbers come first: within the first lines, before any other advice.
    assert netherlands.index("112") < 250


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_emergency_answer_starts_with_112(renderer, lang):
    text = renderer.render("utter_health_emergency", {"slots": {"language": lang}})["text"]
    assert "112" in text.splitlines()[0]


def test_the_unreviewed_notice_is_added_once_and_never_in_the_middle_of_an_answer(renderer):
    slots = {"language": "ti", "review_notice": "ti"}
    notice = catalogs.translate("notice.unreviewed", "ti")[0]
    body = renderer.render("utter_health_find_gp", {"slots": slots}, {"more_follows": True})["text"]
    source = renderer.render("utter_source", {"slots": slots}, {"answer": "utter_health_find_gp"})["text"]
    assert notice not in body and source.endswith(notice)
    assert notice not in renderer.render("utter_greet", {"slots": {"language": "ti"}})["text"]


def test_a_missing_translation_falls_back_to_english_and_is_logged(renderer, monkeypatch, caplog):
    original = catalogs._lookup
    monkeypatch.setattr(catalogs, "_lookup", lambda lang, key: None if lang == "ti" else original(lang, key))
    with caplog.at_level(logging.WARNING):
        text = renderer.render("utter_thank", {"slots": {"language": "ti"}})["text"]
    assert text == catalogs.translate("utter_thank", "en")[0]
    assert "no ti translation for utter_thank" in caplog.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unreviewed_translations_are_flagged_and_counted(lang):
    from tools.i18n.report import counts

    flagged = sum(catalogs.UNREVIEWED in m.flags for m in catalog(lang).values() if m.string)
    c = counts(lang)
    assert c["translated"] - c["reviewed"] == flagged
    assert catalogs.unreviewed_share(lang) == pytest.approx(flagged / c["translated"])

"""Municipalities are found in every script and normalised to one code."""
import csv
import json
import pathlib

import pytest

from bot.geo.gazetteer import default_gazetteer
from tools.gazetteer.transliterate import to_arabic_script, to_geez
from bot.nlu.entities import extract
from bot.core.environment import shared_dir

SHARED = shared_dir() / "geo" / "gemeenten.csv"


def codes(text):
    return [m.code for m in default_gazetteer().find(text)]


@pytest.mark.parametrize("text, code", [
    ("ik woon in Almelo", "GM0141"),
    ("we zijn in almelo geplaatst", "GM0141"),
    ("we live in the hague", "GM0518"),
    ("wij wonen in Den Haag", "GM0518"),
    ("'s-Gravenhage", "GM0518"),
    ("we moved to Den Bosch", "GM0796"),
    ("Nijmegn", "GM0268"),              # typo
    ("انا ساكن في نيميغن", "GM0268"),
    ("انا بالميلو", "GM0141"),           # glued Arabic "in"
    ("نحن في لاهاي", "GM0518"),
    ("ما در آلملو زندگی میکنیم", "GM0141"),
    ("ኣብ ኣልመሎ ንነብር", "GM0141"),
    ("ኣብ ናይመገን እየ", "GM0268"),
    ("ሄግ", "GM0518"),
    ("Hoofddorp", "GM0394"),             # town inside Haarlemmermeer
    ("ik woon in Antwerpen", "11002"),   # Belgian NIS code
    ("in Liège", "62063"),
])
def test_municipality_is_found_and_coded(text, code):
    assert codes(text) == [code]


@pytest.mark.parametrize("text", [
    "I did my best", "it goes well", "hoe lang duurt het", "ik wil mijn vrouw halen",
    "عندي مشكلة في الفلوس", "انا مش امن في البيت", "ሰላም ከመይ ኣለኹም", "من از کابل به ایران رفتم",
    "middelbare school", "every day", "thuis",
    # "it goes up" (one edit from "in Almere"), "not like that at all",
    # "next time", "the care" (Elburg)
    "دوج کوین بالا میره یا پایین؟", "بالا میره", "مش هيك بالمرة", "من المرة الجاية",
    "في الزورخ فرسيكرينغ",
])
def test_everyday_words_are_not_towns(text):
    assert codes(text) == []


def test_ambiguous_names_are_not_guessed():
    # Two municipalities are called Bergen (L. and NH.): no code is better than a wrong one.
    assert codes("Bergen") == []
    assert codes("Bergen op Zoom") == ["GM0748"]


def test_every_cbs_municipality_is_in_the_table():
    with SHARED.open(encoding="utf-8") as handle:
        official = {row["GemeentecodeGM"]: row["Gemeentenaam"] for row in csv.DictReader(handle)}
    gazetteer = default_gazetteer()
    assert set(official) <= set(gazetteer.municipalities)
    for code, name in official.items():
        if name not in {"Bergen (L.)", "Bergen (NH.)"}:
            assert gazetteer.lookup(name)[0] == code, name


def test_generated_spellings_look_like_what_people_write():
    assert "الميلو" in to_arabic_script("Almelo")
    assert "نايمخن" in to_arabic_script("Nijmegen")
    assert "ኣልመሎ" in to_geez("Almelo")
    assert "ናይመገን" in to_geez("Nijmegen")


def test_display_names_per_language():
    almelo = default_gazetteer().get("GM0141")
    assert almelo.display_name("ar") == "ألميلو"
    assert almelo.display_name("ti") == "ኣልመሎ"
    assert almelo.display_name("nl") == "Almelo"
    assert default_gazetteer().get("GM0518").display_name("nl") == "Den Haag"


def test_entities_carry_codes_and_offsets():
    text = "I want to talk in Arabic, we live in Nijmegen"
    entities = extract(text)
    assert [(e["entity"], e["value"]) for e in entities] == [("language", "ar"), ("municipality", "GM0268")]
    for e in entities:
        assert text[e["start"]:e["end"]] in {"Arabic", "Nijmegen"}


@pytest.mark.parametrize("text, lang", [
    ("بالعربي لو سمحت", "ar"), ("ብትግርኛ", "ti"), ("به دری صحبت کن", "prs"),
    ("kan je nederlands praten", "nl"), ("english please", "en"), ("farsi", "prs"), ("tigrinia", "ti"),
])
def test_language_entity(text, lang):
    assert [e["value"] for e in extract(text) if e["entity"] == "language"] == [lang]


@pytest.mark.parametrize("text, code", [
    ("انا بنيوخاين", "GM0356"), ("اشتغل بروترادم", "GM0599"),
])
def test_a_misspelt_town_after_a_glued_arabic_in_is_found(text, code):
    assert codes(text) == [code]


@pytest.mark.parametrize("text, lang", [
    ("رجعني للعربي", "ar"), ("حاكيني بالانقليزي", "en"), ("تقدر تتكلم تغريني؟", "ti"), ("لفارسي", "prs"),
])
def test_arabic_spellings_of_language_names(text, lang):
    assert [e["value"] for e in extract(text) if e["entity"] == "language"] == [lang]


@pytest.mark.parametrize("text", ["نحتاج مساعدة بالتربية", "انا في هولندا", "جيت بدري"])
def test_words_one_letter_from_a_language_name_are_not_one(text):
    # upbringing (بالعربية), the Netherlands (هولندي), early (بـ + دري)
    assert [e for e in extract(text) if e["entity"] == "language"] == []


def test_committed_table_is_what_the_generator_makes_from_the_cbs_list():
    """bot/geo/data/municipalities.json is generated, not edited by hand."""
    from tools.gazetteer.build import dutch_municipalities

    committed = {m["code"]: m for m in json.loads(
        (pathlib.Path(__file__).resolve().parents[2] / "bot" / "geo" / "data" / "municipalities.json").read_text()
    )["municipalities"]}
    for record in dutch_municipalities(SHARED):
        forms = committed[record["code"]]["forms"]
        assert committed[record["code"]]["name"] == record["name"]
        assert set(record["latin"]) <= set(forms["latin"])
        assert set(to_arabic_script(record["spoken"])) <= set(forms["arabic"])
        assert set(to_geez(record["spoken"])) <= set(forms["ethiopic"])

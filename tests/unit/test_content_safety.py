"""Answers people act on: the facts that cost most when wrong are stated
right, the same everywhere, and for both countries (issue 11)."""
import re

import pytest

from bot.core import catalogs, formatting, languages
from bot.nlg.content import load_content
from bot.nlg.render import Renderer

CONTENT = load_content()
RENDERER = Renderer()
LANGS = list(languages.CODES)


def text(name, lang, **slots):
    return RENDERER.render(name, {"slots": {"language": lang, **slots}})["text"]


@pytest.mark.parametrize("name, role", [("utter_reunification_apply", "sponsor"),
                                        ("utter_reunification_apply", "family"),
                                        ("utter_reunification_deadline", None)])
def test_the_3_month_term_runs_from_receiving_the_positive_decision(name, role):
    english = text(name, "en", country="nl", **({"role": role} if role else {}))
    assert "positive" in english and "decision" in english and "3 months" in english
    assert "of your asylum permit" not in english and "of their permit" not in english


def test_insurance_is_stated_the_same_way_in_every_answer_that_mentions_it():
    """From the day the residence permit starts (NL-HI1), never from registering with the municipality."""
    for name in ["utter_health_insurance", "utter_health_pregnancy", "utter_reunification_arrival"]:
        english = text(name, "en", country="nl")
        assert "residence permit starts" in english, name
        assert "register with the municipality" not in english and "registration" not in english, name
    assert "COA" in text("utter_health_insurance", "en", country="nl")


BELGIAN = ["utter_health_find_gp", "utter_health_insurance", "utter_health_mental", "utter_health_pregnancy",
           "utter_health_children", "utter_health_interpreter", "utter_health_dental", "utter_find_local_service",
           "utter_money_debt", "utter_school_children", "utter_language_integration", "utter_housing",
           "utter_family_support", "utter_reunification_apply", "utter_reunification_deadline"]
DUTCH_ONLY = ["Veilig Thuis", "zorgtoeslag", "Zorgverzekeringslijn", "CAK", "consultatiebureau", "Zevenaar",
              "Civic Integration Act 2021", "huisartsenpost", "113 "]


@pytest.mark.parametrize("name", BELGIAN)
def test_belgian_users_get_belgian_answers(name):
    assert "be" in CONTENT.responses[name].variants, name
    belgian = text(name, "en", country="be")
    assert any(mark in belgian for mark in ["Belgium", "CAW", "OCMW", "1712", "1813", "1733", "health fund", "106"])
    assert not [term for term in DUTCH_ONLY if term in belgian], name


def test_the_belgian_deadline_is_stated_with_its_start_and_the_law():
    belgian = text("utter_reunification_apply", "en", country="be")
    assert "6 months" in belgian and "protection" in belgian and "18 August 2025" in belgian


@pytest.mark.parametrize("lang", LANGS)
def test_the_outage_message_gives_both_countries_crisis_lines(lang):
    outage = catalogs.text("chat.unavailable", lang)
    assert all(number in outage for number in ["112", "113", "0800-2000", "1813", "1712"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_violence_answer_says_how_to_delete_the_conversation(lang):
    for country in ("nl", "be"):
        assert "/forget" in text("utter_crisis_domestic_violence", lang, country=country)


@pytest.mark.parametrize("lang", LANGS)
def test_the_crisis_check_gives_both_countries_numbers_first(lang):
    check = text("utter_crisis_check", lang)
    assert check.index("112") < 120 and all(n in check for n in ["113", "0800-2000", "1813", "1712"])


@pytest.mark.parametrize("amount, unit, expected", [(2, "week", "أسبوعين"), (2, "year", "سنتين"),
                                                    (3, "month", "٣ أشهر"), (90, "day", "٩٠ يومًا")])
def test_arabic_durations_take_the_forms_of_their_number(amount, unit, expected):
    assert formatting.duration(amount, unit, "ar") == expected


def test_no_arabic_answer_puts_a_2_before_a_singular_unit():
    """"٢ أسبوع" (2 week) is wrong in Arabic, which says أسبوعين; durations come from the plural forms."""
    dual = re.compile(r"(?<![٠-٩0-9])[٢2]\s*(أسبوع|سنة|شهر|يوم)\b")
    found = [name for name in CONTENT.responses if name != "utter_source" and dual.search(text(name, "ar", country="nl"))]
    assert not found


def test_the_arabic_sponsor_is_never_a_guarantor():
    arabic = "\n".join(m.string for m in _catalog("ar") if isinstance(m.string, str))
    dari = "\n".join(m.string for m in _catalog("prs") if isinstance(m.string, str))
    assert "الكفيل" not in arabic and "ضامن" not in arabic and "ضامن" not in dari


def _catalog(lang):
    from babel.messages.pofile import read_po

    with catalogs.po_path(lang).open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_rules_named_for_one_country_have_their_own_figures():
    """A Dutch and a Belgian rule never share one figure (they may change apart)."""
    assert {"wait_nl", "wait_be", "exempt_be", "decision_be", "term"} <= set(CONTENT.durations)

"""The latest waiting figure the IND or DVZ published, as editors keep it in
the directory: said with its date and source, flagged when stale, and left
out (never an error) when there is none or it cannot be read."""
import datetime as dt

import pytest

from bot.dialogue import waiting
from bot.dialogue.timeline import NOT_ADVICE, answer, parse_value, with_parts
from bot.nlg.render import Renderer

FIGURE = {"country": "nl", "authority": "IND", "started_up_to": "2024-06", "people_waiting": 12500,
          "note": None, "published_on": "2026-11-20", "source_url": "https://ind.nl/en/waiting", "stale": False}


def test_a_figure_is_said_with_its_date_and_source():
    parts = waiting.figure_parts(FIGURE)
    assert [p["key"] for p in parts] == [waiting.STARTED, waiting.PEOPLE, waiting.SOURCE]
    assert parts[0]["periods"]["month"] == ["2024-06-01", "2024-06-30"]
    text = Renderer().composed({"parts": parts}, "ar")[0]
    assert "٢٠ تشرين الثاني ٢٠٢٦" in text and "حزيران ٢٠٢٤" in text and "https://ind.nl/en/waiting" in text
    assert "١٢" in text and "٥٠٠" in text and "12" not in text                # Arabic-Indic digits


def test_a_stale_figure_says_it_may_be_out_of_date():
    parts = waiting.figure_parts({**FIGURE, "stale": True, "started_up_to": None})
    assert [p["key"] for p in parts] == [waiting.PEOPLE, waiting.STALE, waiting.SOURCE]


@pytest.mark.parametrize("figure", [None, {}, {**FIGURE, "published_on": "yesterday"},
                                    {**FIGURE, "started_up_to": None, "people_waiting": None},
                                    {**FIGURE, "source_url": "javascript:alert(1)"}])
def test_no_or_unreadable_figure_adds_nothing(figure):
    assert waiting.figure_parts(figure) == []


def test_the_figure_goes_into_a_decision_answer_before_the_legal_note():
    plan = answer("nl_ind_decision", parse_value("2026-11-03"), dt.date(2026, 12, 7))
    parts = with_parts(plan, waiting.figure_parts(FIGURE)).messages[0][1]["parts"]
    assert [p["key"] for p in parts][-4:] == [waiting.STARTED, waiting.PEOPLE, waiting.SOURCE, NOT_ADVICE]

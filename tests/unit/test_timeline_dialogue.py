"""A user's own dates in the dialogue: which term a date counts for, the
questions asked back instead of guessing, the answer's parts, and every
timeline and reminder text rendered in every language."""
import datetime as dt
import json
import re

import pytest

from bot.core import languages
from bot.dialogue import reminders
from bot.dialogue.timeline import (ANSWERS, ASK_EVENT, FUTURE, IMPOSSIBLE, NEED_DAY, NO_DATE, NON_WORKING_DAY, NOT_ADVICE,
                                   PARTIAL, PENDING, WHICH_DATE, answer, parse_value, plan_timeline, state,
                                   wants_timeline)
from bot.nlg.render import Renderer
from bot.nlu.dates import date_entities
from bot.timeline.rules import deadline, load_rules

TODAY = dt.date(2026, 12, 7)
NL = {"country": "nl"}
LANGUAGES = list(languages.CODES)
MAX_MESSAGE = 1000   # a computed answer with its notes; Telegram's own limit is 4096


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


def plan(intent, text, lang="en", slots=NL, today=TODAY):
    return plan_timeline(intent, date_entities(text, lang, today), dict(slots), today)


def keys(result):
    [(response, arguments)] = result.messages
    assert response == "utter_timeline"
    return [part["key"] for part in arguments["parts"]]


def payload_entities(payload):
    intent, _, entities = payload.partition("{")
    return intent, [{"entity": k, "value": v} for k, v in json.loads("{" + entities).items()]


def test_a_sponsor_who_asks_with_the_day_of_the_decision_gets_the_last_day_and_a_reminder_offer():
    result = plan("reunification_deadline", "I got my status on 12 October 2026, am I too late?")
    assert keys(result) == [ANSWERS["nl_nareis_term"]["open"], NOT_ADVICE]
    [(_, arguments)] = result.messages
    part = arguments["parts"][0]
    assert part["dates"]["last_day"] == "2027-01-12" and part["days"]["left"] == 36
    assert arguments["choices"][0]["payload"] == "/request_reminder"
    assert json.loads(result.slots["timeline"]) == {"rule": "nl_nareis_term", "start": "2026-10-12"}


def test_the_question_tells_the_event_a_date_counts_from():
    assert keys(plan("reunification_waiting_time", "we applied on 3 November 2026"))[0] == \
        ANSWERS["nl_ind_decision"]["open"]
    assert keys(plan("reunification_travel", "the MVV is valid from 1 December 2026"))[0] == \
        ANSWERS["nl_mvv_validity"]["open"]
    be = {"country": "be"}
    assert keys(plan("reunification_deadline", "recognised on 1 October 2026", slots=be))[0] == \
        ANSWERS["be_refugee_window"]["open"]
    assert keys(plan("reunification_status", "applied 1 October 2026", slots=be))[0] == \
        ANSWERS["be_dvz_decision"]["open"]


def test_a_date_alone_is_asked_its_event_with_buttons_that_carry_the_date():
    result = plan("inform_date", "I got it on 12 March 2026")
    assert keys(result) == [ASK_EVENT]
    choices = result.messages[0][1]["choices"]
    assert [c["payload"] for c in choices] == [
        '/inform_date{"date":"2026-03-12","date_event":"protection"}',
        '/inform_date{"date":"2026-03-12","date_event":"application"}',
        '/inform_date{"date":"2026-03-12","date_event":"visa"}']
    intent, entities = payload_entities(choices[0]["payload"])
    pressed = plan_timeline(intent[1:], entities, NL, TODAY)
    assert keys(pressed)[0] == ANSWERS["nl_nareis_term"]["passed"]


def test_a_date_after_samen_asked_for_it_counts_from_the_event_asked():
    result = plan("inform_date", "3 November 2026", slots={**NL, "timeline_event": "application"})
    assert keys(result)[0] == ANSWERS["nl_ind_decision"]["open"]


def test_an_impossible_date_is_asked_again_and_the_event_kept():
    result = plan("reunification_deadline", "I got my status on 31/02/2026")
    assert keys(result) == [IMPOSSIBLE] and result.slots["timeline_event"] == "protection"


def test_no_date_in_a_date_message_is_asked_for():
    assert keys(plan("inform_date", "i got my status")) == [NO_DATE]


def test_a_two_digit_year_is_not_read_as_a_century_ago():
    assert keys(plan("reunification_waiting_time", "we applied on 3/11/26"))[0] == ANSWERS["nl_ind_decision"]["open"]


def test_a_truly_ambiguous_date_offers_its_readings():
    # In December, "January" may be the last one or the coming one: a visa may be valid from either.
    result = plan("reunification_travel", "the visa starts on 5 January")
    assert keys(result) == [WHICH_DATE]
    assert [c["payload"] for c in result.messages[0][1]["choices"]] == [
        '/inform_date{"date":"2026-01-05","date_event":"visa"}',
        '/inform_date{"date":"2027-01-05","date_event":"visa"}']


def test_a_decision_in_the_future_is_asked_again():
    assert keys(plan("reunification_deadline", "I got my status on 3 March 2027")) == [FUTURE]


def test_a_year_is_not_enough():
    assert keys(plan("reunification_deadline", "I got my status in 2025")) == [NEED_DAY]


def test_a_month_counts_from_its_first_day_and_says_so_without_a_reminder():
    result = plan("reunification_deadline", "I got my status in November 2026")
    assert keys(result) == [ANSWERS["nl_nareis_term"]["open"], PARTIAL, NOT_ADVICE]
    part = result.messages[0][1]["parts"][1]
    assert part["dates"]["last_day"] == "2027-02-01" and part["dates"]["last_day_latest"] == "2027-02-28"
    assert result.messages[0][1]["choices"] == [] and result.slots["timeline"] is None


def test_the_country_is_asked_with_the_date_kept_for_the_answer():
    asked = plan("reunification_deadline", "I got my status on 12 October 2026", slots={})
    assert asked.messages == [("utter_ask_country", {})]
    assert asked.slots == {"timeline_event": "protection", "timeline_date": "2026-10-12",
                           "pending_question": PENDING}
    assert wants_timeline("inform_country", [], PENDING)
    answered = plan_timeline("inform_country", [], {"country": "be", **asked.slots}, TODAY)
    assert keys(answered)[0] == ANSWERS["be_refugee_window"]["open"]


def test_only_date_questions_with_a_date_become_timelines():
    entities = date_entities("we applied on 3 March 2026", "en", TODAY)
    assert wants_timeline("reunification_waiting_time", entities, None)
    assert not wants_timeline("reunification_waiting_time", [], None)
    assert not wants_timeline("health_find_gp", entities, None)


@pytest.mark.parametrize("rule, start, today, state", [
    ("nl_nareis_term", "2026-09-07", "2026-12-07", "today"),
    ("nl_nareis_term", "2026-09-06", "2026-12-07", "passed"),
    ("nl_ind_decision", "2026-09-08", "2026-12-07", "open"),       # due 7 Dec
    ("nl_ind_decision", "2026-09-07", "2026-12-07", "extended"),   # due 6 Dec, extended to 6 Mar
    ("nl_ind_decision", "2026-06-01", "2026-12-07", "passed"),
    ("be_dvz_decision", "2025-10-01", "2026-12-07", "extended"),   # 9 months: 1 Jul 2026; 15: 1 Jan 2027
    ("be_dvz_decision", "2025-05-01", "2026-12-07", "passed"),
])
def test_the_answer_follows_the_state_of_the_term(rule, start, today, state):
    result = answer(rule, parse_value(start), dt.date.fromisoformat(today))
    assert keys(result)[0] == ANSWERS[rule][state]


def test_an_end_on_a_sunday_is_flagged():
    result = answer("nl_nareis_term", parse_value("2026-03-07"), dt.date(2026, 6, 1))   # ends Sunday 7 June
    assert NON_WORKING_DAY in keys(result)


def test_every_answer_sends_to_the_authoritys_page():
    for rule in load_rules():
        parts = answer(rule, parse_value("2026-11-01"), TODAY).messages[0][1]["parts"]
        assert parts[-1] == {"key": NOT_ADVICE, "links": {"page": load_rules()[rule].check_page}}


# ---------------------------------------------------------------- reminders

@pytest.mark.parametrize("intent, entities, pending, has_term, decision", [
    ("request_reminder", [], None, True, reminders.ASK_CONSENT),
    ("request_reminder", [], None, False, reminders.NEED_DATE),
    ("request_reminder", [{"entity": "consent", "value": "yes"}], reminders.CONSENT, True, reminders.SCHEDULE),
    ("request_reminder", [{"entity": "consent", "value": "no"}], reminders.CONSENT, True, reminders.DECLINE),
    ("affirm", [], reminders.CONSENT, True, reminders.SCHEDULE),
    ("deny", [], reminders.CONSENT, True, reminders.DECLINE),
    ("affirm", [], None, True, reminders.AFFIRM),          # a yes to nothing asked is only acknowledged
    ("deny", [], None, False, reminders.DENY),
    ("request_reminder", [{"entity": "reminder_action", "value": "list"}], None, False, reminders.LIST),
    ("request_reminder", [{"entity": "reminder_action", "value": "cancel"}], None, False, reminders.CANCEL),
])
def test_reminders_are_kept_only_after_an_explicit_yes(intent, entities, pending, has_term, decision):
    assert reminders.decide(intent, entities, pending, has_term) == decision


def test_a_reminder_tells_the_truth_on_the_day_it_is_sent():
    start = dt.date(2026, 10, 12)       # last day 12 Jan 2027
    before = reminders.reminder_parts("nl_nareis_term", start, dt.date(2027, 1, 5), dt.date(2027, 1, 5))
    assert before[0]["key"] == reminders.BEFORE and before[0]["days"]["left"] == 7
    late = reminders.reminder_parts("nl_nareis_term", start, dt.date(2027, 1, 5), dt.date(2027, 1, 12))
    assert late[0]["key"] == reminders.TODAY
    decision = reminders.reminder_parts("nl_ind_decision", dt.date(2026, 9, 1), dt.date(2026, 12, 1),
                                        dt.date(2026, 12, 1))
    assert decision[0]["key"] == reminders.DECISION_DUE


# ---------------------------------------------------------------- rendering

def every_message():
    """One of each timeline and reminders message."""
    yield plan("inform_date", "I got it on 12 March 2026")
    yield plan("reunification_deadline", "I got my status on 31/02/2026")
    yield plan("reunification_travel", "the visa starts on 5 January")
    yield plan("reunification_deadline", "I got my status in 2025")
    yield plan("reunification_deadline", "I got my status on 3 March 2027")
    yield plan("inform_date", "i got my status")
    yield plan("reunification_deadline", "I got my status in November 2026")
    for rule, states in ANSWERS.items():     # a start date for each state of each term
        starts = {}
        for days_ago in range(0, 800):
            start = TODAY - dt.timedelta(days=days_ago)
            starts.setdefault(state(deadline(rule, start, TODAY)), start)
        assert set(starts) == set(states), rule
        for start in starts.values():
            yield answer(rule, parse_value(start.isoformat()), TODAY)
    yield answer("nl_nareis_term", parse_value("2026-03-07"), dt.date(2026, 6, 1))   # ends on Sunday 7 June
    for make in (reminders.consent_question, lambda: reminders.listing([]),
                 lambda: reminders.scheduled("nl_ind_decision", [dt.date(2027, 1, 1)]),
                 lambda: reminders.listing([{"term": "t1", "rule": "be_dvz_decision", "start": TODAY,
                                             "days": [dt.date(2027, 9, 8)]}])):
        yield type("Plan", (), {"messages": [make()]})
    for key in (reminders.DECLINED, reminders.NEED_DATE_TEXT, reminders.NO_CHANNEL, reminders.CANCELLED,
                reminders.GONE):
        yield type("Plan", (), {"messages": [reminders.message(key)]})
    for rule in ANSWERS:
        for days in (0, 1, 7, 40, 200, 400):
            parts = reminders.reminder_parts(rule, dt.date(2026, 1, 10), TODAY, TODAY + dt.timedelta(days=days))
            yield type("Plan", (), {"messages": [("utter_timeline", {"parts": parts, "choices": []})]})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_timeline_message_renders_in_every_language(renderer, lang):
    seen = set()
    for result in every_message():
        for name, arguments in result.messages:
            message = renderer.render(name, {"slots": {"language": lang, "country": "nl"}}, arguments)
            text = message["text"]
            assert text and "{" not in text and not re.search(r"\b(timeline|reminders?)\.[a-z]", text), text
            visible = text.translate({code: None for code in range(0x2066, 0x206A)})
            assert len(visible) <= MAX_MESSAGE, (arguments, len(visible))
            assert all(button["title"] for button in message["buttons"])
            seen.update(part["key"] for part in arguments.get("parts", []))
    assert {key for states in ANSWERS.values() for key in states.values()} <= seen


def test_dates_are_written_in_the_users_calendar_and_digits(renderer):
    result = plan("reunification_deadline", "I got my status on 12 October 2026")
    [(name, arguments)] = result.messages
    text = {lang: renderer.render(name, {"slots": {"language": lang}}, arguments)["text"] for lang in LANGUAGES}
    assert "12 januari 2027" in text["nl"] and "12 January 2027" in text["en"]
    assert "١٢ كانون الثاني ٢٠٢٧" in text["ar"]
    assert "۲۰۲۷" in text["prs"] and "جدی ۱۴۰۵" in text["prs"]          # with the Solar Hijri date
    assert "ጥሪ 2027" in text["ti"]

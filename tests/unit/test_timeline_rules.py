"""Deadline arithmetic at the edges: month ends, 29 February, year ends,
today == the last day and the day after."""
import datetime as dt

import pytest

from bot.timeline.rules import (
    DEADLINE, DECISION_PERIOD, VALIDITY, Reminder, deadline, dutch_public_holidays, load_rules,
    reminders, term_end,
)

D = dt.date


@pytest.mark.parametrize("start, months, end", [
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2023, 11, 30), 3, D(2024, 2, 29)),   # leap year
    (D(2026, 5, 31), 3, D(2026, 8, 31)),
    (D(2026, 3, 31), 3, D(2026, 6, 30)),
    (D(2026, 2, 28), 3, D(2026, 5, 28)),    # the same day number, not the month end
    (D(2024, 2, 29), 3, D(2024, 5, 29)),
    (D(2025, 10, 15), 3, D(2026, 1, 15)),   # over the year end
    (D(2026, 12, 31), 3, D(2027, 3, 31)),
    (D(2025, 5, 31), 9, D(2026, 2, 28)),
])
def test_month_terms(start, months, end):
    assert term_end(start, months=months) == end


def test_day_terms():
    assert term_end(D(2026, 1, 1), days=90) == D(2026, 4, 1)
    assert term_end(D(2024, 1, 1), days=90) == D(2024, 3, 31)            # 29 Feb counts
    assert term_end(D(2026, 1, 1), days=90, first_day_counts=True) == D(2026, 3, 31)


def test_every_rule_has_a_source_and_a_status():
    rules = load_rules()
    assert set(rules) == {"nl_nareis_term", "nl_ind_decision", "nl_mvv_validity", "be_dvz_decision",
                          "be_approval_validity", "be_refugee_window"}
    for rule in rules.values():
        assert rule.sources and all(s.url.startswith("https://") for s in rule.sources), rule.id
        # the page the answer sends the user to is the authority's own
        assert rule.check_page.startswith(("https://ind.nl/", "https://dofi.ibz.be/")), rule.id
        assert rule.status in {"confirmed", "uncertain", "unconfirmed"}
        assert rule.kind in {DEADLINE, DECISION_PERIOD, VALIDITY}
        assert rule.months or rule.days
    assert rules["be_refugee_window"].status == "unconfirmed"
    assert "UNCONFIRMED" in rules["be_refugee_window"].start_event
    assert "9 months" in rules["nl_ind_decision"].pending_change


def test_nareis_term_days_left_and_passed_around_the_last_day():
    received = D(2025, 11, 30)
    on_last_day = deadline("nl_nareis_term", received, today=D(2026, 2, 28))
    assert (on_last_day.last_day, on_last_day.days_left, on_last_day.passed) == (D(2026, 2, 28), 0, False)
    day_after = deadline("nl_nareis_term", received, today=D(2026, 3, 1))
    assert (day_after.days_left, day_after.passed) == (-1, True)
    assert deadline("nl_nareis_term", received, today=received).days_left == 90


def test_nareis_term_is_not_extended_past_a_weekend_but_flagged():
    """28 February 2026 is a Saturday: the last day stays, the answer warns."""
    term = deadline("nl_nareis_term", D(2025, 11, 30), today=D(2026, 1, 1))
    assert term.last_day == D(2026, 2, 28)
    assert term.ends_on_non_working_day
    assert not deadline("nl_nareis_term", D(2026, 5, 31), today=D(2026, 6, 1)).ends_on_non_working_day  # Monday


def test_dutch_holidays_of_the_termijnenwet():
    holidays = dutch_public_holidays(2026)
    assert {D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25), D(2026, 4, 27), D(2026, 5, 5)} <= holidays
    assert D(2025, 4, 26) in dutch_public_holidays(2025)        # 27 April 2025 was a Sunday
    assert deadline("nl_nareis_term", D(2025, 9, 25), today=D(2025, 10, 1)).ends_on_non_working_day  # Christmas


def test_ind_decision_period():
    term = deadline("nl_ind_decision", D(2026, 1, 1), today=D(2026, 4, 1))
    assert (term.last_day, term.passed) == (D(2026, 4, 1), False)
    assert deadline("nl_ind_decision", D(2026, 1, 1), today=D(2026, 4, 2)).passed


def test_mvv_last_travel_day_counts_the_first_day():
    term = deadline("nl_mvv_validity", D(2026, 12, 1), today=D(2026, 12, 1))
    assert term.last_day == D(2027, 2, 28)
    assert term.days_left == 89


def test_belgian_decision_period_and_its_extensions():
    term = deadline("be_dvz_decision", D(2025, 5, 31), today=D(2025, 6, 1))
    assert (term.last_day, term.latest_day) == (D(2026, 2, 28), D(2026, 8, 31))  # 9 and 15 months


def test_belgian_terms_of_six_months():
    assert deadline("be_approval_validity", D(2025, 8, 31), today=D(2025, 9, 1)).last_day == D(2026, 2, 28)
    assert deadline("be_refugee_window", D(2027, 8, 29), today=D(2027, 9, 1)).last_day == D(2028, 2, 29)


def test_reminders_before_a_deadline_skip_the_past():
    term = deadline("nl_nareis_term", D(2026, 3, 5), today=D(2026, 3, 6))      # last day 5 June
    assert reminders(term) == [Reminder(D(2026, 5, 8), "4_weeks_before"), Reminder(D(2026, 5, 29), "1_week_before"),
                               Reminder(D(2026, 6, 4), "1_day_before")]
    late = deadline("nl_nareis_term", D(2026, 3, 5), today=D(2026, 6, 1))
    assert reminders(late) == [Reminder(D(2026, 6, 4), "1_day_before")]
    assert reminders(deadline("nl_nareis_term", D(2026, 3, 5), today=D(2026, 6, 4))) == [
        Reminder(D(2026, 6, 4), "1_day_before")]                               # today still counts
    assert reminders(deadline("nl_nareis_term", D(2026, 3, 5), today=D(2026, 6, 5))) == []


def test_reminder_for_a_decision_period_is_the_day_it_passes():
    term = deadline("nl_ind_decision", D(2026, 1, 1), today=D(2026, 1, 2))
    # 90 days (due 1 April), and the IND may extend once by 3 months (due 1 July).
    assert reminders(term) == [Reminder(D(2026, 4, 2), "passed"), Reminder(D(2026, 7, 2), "passed")]
    belgian = deadline("be_dvz_decision", D(2025, 5, 31), today=D(2026, 3, 1))
    assert reminders(belgian) == [Reminder(D(2026, 3, 1), "passed"), Reminder(D(2026, 9, 1), "passed")]
    later = deadline("be_dvz_decision", D(2025, 5, 31), today=D(2026, 3, 2))  # the 9 months are over
    assert reminders(later) == [Reminder(D(2026, 9, 1), "passed")]

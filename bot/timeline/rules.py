"""Deadline arithmetic for Dutch and Belgian family reunification.

The numbers and their sources live in rules.yml, one place for a legal
reviewer to check; this module only counts. Pure functions of dates: the
caller passes `today`, so answers and tests do not depend on the clock.
"""
from __future__ import annotations

import datetime as dt
import functools
import pathlib
from dataclasses import dataclass, field
from typing import NamedTuple

import yaml
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

RULES_FILE = pathlib.Path(__file__).with_name("rules.yml")
DEADLINE, DECISION_PERIOD, VALIDITY = "deadline", "decision_period", "validity"
# Reminders before the last day of a deadline or a validity: (days, kind).
REMIND_BEFORE = ((28, "4_weeks_before"), (7, "1_week_before"), (1, "1_day_before"))


class Source(NamedTuple):
    url: str
    note: str


@dataclass(frozen=True)
class Rule:
    """One legal term, as rules.yml states it."""

    id: str
    country: str
    kind: str
    summary: str
    start_event: str
    status: str
    sources: tuple[Source, ...]
    check_page: str
    months: int = 0
    days: int = 0
    first_day_counts: bool = False
    extension_count: int = 0
    extension_months: int = 0
    extend_to_working_day: bool = False
    flag_non_working_end: bool = False
    pending_change: str | None = None
    uncertainty: str | None = None


@dataclass(frozen=True)
class Deadline:
    """A rule applied to a start date, seen from `today`.

    `last_day` is the last day of the term: the last day to act (deadline),
    the day the decision is due (decision period) or the last valid day
    (validity). `latest_day` adds every possible extension.
    """

    rule: Rule
    start: dt.date
    today: dt.date
    last_day: dt.date
    latest_day: dt.date
    ends_on_non_working_day: bool = field(default=False)

    @property
    def days_left(self) -> int:
        """0 on the last day itself, negative once it has passed."""
        return (self.last_day - self.today).days

    @property
    def passed(self) -> bool:
        return self.today > self.last_day


class Reminder(NamedTuple):
    day: dt.date
    kind: str  # "4_weeks_before", "1_week_before", "1_day_before" or "passed"


@functools.lru_cache(maxsize=None)
def load_rules(path: pathlib.Path = RULES_FILE) -> dict[str, Rule]:
    """The rules of rules.yml by id."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = {}
    for rule_id, entry in data.items():
        entry = dict(entry)
        extensions = entry.pop("extensions", {})
        sources = tuple(Source(s["url"], s["note"]) for s in entry.pop("sources"))
        rules[rule_id] = Rule(id=rule_id, sources=sources, extension_count=extensions.get("count", 0),
                              extension_months=extensions.get("months", 0), **entry)
    return rules


def term_end(start: dt.date, months: int = 0, days: int = 0, first_day_counts: bool = False) -> dt.date:
    """The last day of a term from `start`. Months keep the day number or
    fall back to the month's last day (relativedelta): 31 May + 3 months =
    31 Aug, 30 Nov + 3 months = 28 Feb (29 in a leap year)."""
    end = start + relativedelta(months=months, days=days)
    return end - dt.timedelta(days=1) if first_day_counts else end


def dutch_public_holidays(year: int) -> set[dt.date]:
    """The 'algemeen erkende feestdagen' of Algemene termijnenwet art. 3,
    with Good Friday (art. 3(2)); King's Day moves to 26 April on a Sunday."""
    easter_sunday = easter(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    return {
        dt.date(year, 1, 1), easter_sunday - dt.timedelta(days=2), easter_sunday + dt.timedelta(days=1),
        easter_sunday + dt.timedelta(days=39), easter_sunday + dt.timedelta(days=50), kings_day,
        dt.date(year, 5, 5), dt.date(year, 12, 25), dt.date(year, 12, 26),
    }


def is_dutch_non_working_day(day: dt.date) -> bool:
    return day.weekday() >= 5 or day in dutch_public_holidays(day.year)


def _next_dutch_working_day(day: dt.date) -> dt.date:
    while is_dutch_non_working_day(day):
        day += dt.timedelta(days=1)
    return day


def deadline(rule_id: str, start: dt.date, today: dt.date) -> Deadline:
    """Apply rule `rule_id` of rules.yml to `start` (the date of its start event)."""
    rule = load_rules()[rule_id]
    last = term_end(start, rule.months, rule.days, rule.first_day_counts)
    if rule.extend_to_working_day:
        last = _next_dutch_working_day(last)
    latest = last
    if rule.extension_count:
        extra = rule.extension_count * rule.extension_months
        # A term in months grows from its own start (9 + 3 + 3 = 15 months, so
        # 31 May ends 31 Aug, not 28 Aug after clamping at February); a term in
        # days (90) is extended from its end.
        latest = (term_end(start, rule.months + extra, 0, rule.first_day_counts) if not rule.days
                  else term_end(last, extra))
    flagged = rule.flag_non_working_end and is_dutch_non_working_day(last)
    return Deadline(rule, start, today, last, latest, flagged)


def reminders(term: Deadline) -> list[Reminder]:
    """The days to remind the user, none in the past. A deadline or a
    validity: 4 weeks, 1 week and 1 day before its last day. A decision
    period: the day after the decision was due (the authority is late; for
    an extendable period also the day after the latest extension)."""
    if term.rule.kind == DECISION_PERIOD:
        due = sorted({term.last_day, term.latest_day})
        planned = [Reminder(day + dt.timedelta(days=1), "passed") for day in due]
    else:
        planned = [Reminder(term.last_day - dt.timedelta(days=n), kind) for n, kind in REMIND_BEFORE]
    return [reminder for reminder in planned if reminder.day >= term.today]

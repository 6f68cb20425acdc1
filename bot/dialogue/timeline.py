"""What Samen says when a user gives a date: their own last day, or first
the one question that makes it certain.

A date counts from an event: the positive asylum decision (protection), the
application, or the visa. The intent tells which ("am I too late?" is about
the decision; "how long still?" about the application), or the question
Samen just asked, or else the user is asked with buttons that carry the
date back. Nothing is guessed: an impossible date, an ambiguous one
(3/4/26), a bare year or an event "in the future" gets a question back.

The answer is one message made of catalog parts (bot/nlg/render.py fills
and formats them): the term, what to do, notes (an end on a non-working
day, a pending change of the law, a date given to the month only), and
always "this is not legal advice" with the official page to check. A term
with reminders still ahead offers them (a button).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from calendar import monthrange

from bot.core.catalogs import N_
from bot.timeline import calendars
from bot.timeline.rules import DECISION_PERIOD, Deadline, deadline, load_rules, reminders

PROTECTION, APPLICATION, VISA = "protection", "application", "visa"
EVENTS = (PROTECTION, APPLICATION, VISA)
EVENT_RULES = {
    ("nl", PROTECTION): "nl_nareis_term", ("nl", APPLICATION): "nl_ind_decision", ("nl", VISA): "nl_mvv_validity",
    ("be", PROTECTION): "be_refugee_window", ("be", APPLICATION): "be_dvz_decision",
    ("be", VISA): "be_approval_validity",
}
# Questions whose answer changes with the user's date, and the event they count from.
INTENT_EVENTS = {
    "reunification_deadline": PROTECTION,
    "reunification_waiting_time": APPLICATION, "reunification_status": APPLICATION,
    "reunification_embassy": VISA, "reunification_travel": VISA,
}
TIMELINE_INTENTS = frozenset(INTENT_EVENTS) | {"inform_date"}
# Events that have happened when a user counts from them (a visa may be valid from a coming day).
PAST_EVENTS = frozenset({PROTECTION, APPLICATION})
PENDING = "timeline"   # pending_question while the country is asked

EVENT_TITLES = {PROTECTION: N_("timeline.event.protection"), APPLICATION: N_("timeline.event.application"),
                VISA: N_("timeline.event.visa")}
ASK_EVENT = N_("timeline.ask_event")
NO_DATE = N_("timeline.no_date")
IMPOSSIBLE = N_("timeline.impossible")
WHICH_DATE = N_("timeline.which_date")
NEED_DAY = N_("timeline.need_day")
FUTURE = N_("timeline.future")
PARTIAL = N_("timeline.partial")
NON_WORKING_DAY = N_("timeline.non_working_day")
NOT_ADVICE = N_("timeline.not_advice")
REMIND_ME = N_("timeline.remind_me")
OFFERS = {PROTECTION: N_("timeline.offer.protection"), APPLICATION: N_("timeline.offer.application"),
          VISA: N_("timeline.offer.visa")}
# The answer per rule and state: open (days left), today (the last day), passed;
# a decision period extendable by the authority also "extended" (past the
# normal term, within the longest extension).
ANSWERS = {
    "nl_nareis_term": {"open": N_("timeline.nl_nareis_term.open"), "today": N_("timeline.nl_nareis_term.today"),
                       "passed": N_("timeline.nl_nareis_term.passed")},
    "nl_ind_decision": {"open": N_("timeline.nl_ind_decision.open"),
                        "extended": N_("timeline.nl_ind_decision.extended"),
                        "passed": N_("timeline.nl_ind_decision.passed")},
    "nl_mvv_validity": {"open": N_("timeline.nl_mvv_validity.open"), "today": N_("timeline.nl_mvv_validity.today"),
                        "passed": N_("timeline.nl_mvv_validity.passed")},
    "be_refugee_window": {"open": N_("timeline.be_refugee_window.open"),
                          "today": N_("timeline.be_refugee_window.today"),
                          "passed": N_("timeline.be_refugee_window.passed")},
    "be_dvz_decision": {"open": N_("timeline.be_dvz_decision.open"),
                        "extended": N_("timeline.be_dvz_decision.extended"),
                        "passed": N_("timeline.be_dvz_decision.passed")},
    "be_approval_validity": {"open": N_("timeline.be_approval_validity.open"),
                             "today": N_("timeline.be_approval_validity.today"),
                             "passed": N_("timeline.be_approval_validity.passed")},
}
PENDING_CHANGE = {"nl_ind_decision": N_("timeline.nl_ind_decision.pending_change")}
# What each term is, in a reminder or in the list of reminders.
WHAT = {
    "nl_nareis_term": N_("timeline.what.nl_nareis_term"), "nl_ind_decision": N_("timeline.what.nl_ind_decision"),
    "nl_mvv_validity": N_("timeline.what.nl_mvv_validity"),
    "be_refugee_window": N_("timeline.what.be_refugee_window"),
    "be_dvz_decision": N_("timeline.what.be_dvz_decision"),
    "be_approval_validity": N_("timeline.what.be_approval_validity"),
}


@dataclasses.dataclass(frozen=True)
class Given:
    """A date as the user gave it: a day, or a period (a month, a week)."""

    first: dt.date
    last: dt.date
    problem: str | None = None          # "impossible", "ambiguous", "partial"
    granularity: str = "day"
    alternatives: tuple = ()            # other readings (Given) of an ambiguous date

    @property
    def value(self) -> str:
        """The date as a button payload carries it: '2026-03-03' or '2026-03-01/2026-03-31'."""
        return self.first.isoformat() if self.first == self.last else f"{self.first}/{self.last}"


@dataclasses.dataclass
class Plan:
    messages: list          # [(response name, arguments)]
    slots: dict             # slot name -> value
    rule: str | None = None  # the term computed, if any


def with_parts(plan: Plan, parts: list[dict]) -> Plan:
    """The plan with `parts` added to its answer, before "not legal advice"."""
    if not parts or not plan.rule:
        return plan
    (response, arguments), *rest = plan.messages
    answer_parts = arguments["parts"]
    at = next(i for i, part in enumerate(answer_parts) if part["key"] == NOT_ADVICE)
    merged = {**arguments, "parts": [*answer_parts[:at], *parts, *answer_parts[at:]]}
    return dataclasses.replace(plan, messages=[(response, merged), *rest])


def _period_end(first: dt.date, granularity: str, calendar: str) -> dt.date:
    if granularity == "week":
        return first + dt.timedelta(days=6)
    if granularity == "month":
        if calendar == "solar_hijri":
            year, month, _ = calendars.to_solar_hijri(first)
            return calendars.solar_hijri_month(year, month)[1]
        return first.replace(day=monthrange(first.year, first.month)[1])
    if granularity == "year":
        if calendar == "solar_hijri":
            return calendars.solar_hijri_year(calendars.to_solar_hijri(first)[0])[1]
        return dt.date(first.year, 12, 31)
    return first


def parse_value(value: str | None) -> Given | None:
    """A date from a button payload ('2026-03-03' or 'first/last'); None if unreadable."""
    try:
        first, _, last = str(value or "").partition("/")
        start = dt.date.fromisoformat(first)
        end = dt.date.fromisoformat(last) if last else start
    except ValueError:
        return None
    if end < start:
        return None
    return Given(start, end, None if start == end else "partial", "day" if start == end else "period")


def given_date(entity: dict) -> Given | None:
    """The date an entity holds: the extractor's (with its problem and other
    readings) or a payload's (a plain value)."""
    if "granularity" not in entity:
        return parse_value(entity.get("value"))
    if entity.get("problem") == "impossible" or not entity.get("value"):
        return Given(dt.date.min, dt.date.min, "impossible")
    first = dt.date.fromisoformat(entity["value"])
    last = dt.date.fromisoformat(entity["until"]) if entity.get("until") else first
    granularity, calendar = entity["granularity"], entity.get("calendar") or "gregorian"
    alternatives = tuple(Given(alt, _period_end(alt, granularity, calendar),
                               None if granularity == "day" else "partial", granularity)
                         for alt in map(dt.date.fromisoformat, entity.get("alternatives") or ()))
    return Given(first, last, entity.get("problem"), granularity, alternatives)


PLAUSIBLE_YEARS = 30


def plausible(readings: list, event: str | None, today: dt.date) -> list:
    """The readings of an ambiguous date that can be meant: within the last
    PLAUSIBLE_YEARS years (26 is not 1926), and not ahead for an event that
    has happened. All of them when none is."""
    earliest = today.replace(year=today.year - PLAUSIBLE_YEARS)
    kept = [r for r in readings if r.last >= earliest
            and not (event in PAST_EVENTS and r.first > today)
            and r.first <= today.replace(year=today.year + 2)]
    return kept or readings


def _entity(entities: list, name: str) -> dict | None:
    return next((e for e in entities if e.get("entity") == name and e.get("value") is not None
                 or e.get("entity") == name and e.get("problem") == "impossible"), None)


def _part(key: str, **values) -> dict:
    return {"key": key, **{kind: spec for kind, spec in values.items() if spec}}


def _say(*parts: dict, choices: list | None = None) -> tuple:
    return "utter_timeline", {"parts": list(parts), "choices": choices or []}


def _payload(given: Given, event: str | None) -> str:
    entities = {"date": given.value, **({"date_event": event} if event else {})}
    return "/inform_date" + json.dumps(entities, separators=(",", ":"))


def wants_timeline(intent: str | None, entities: list, pending: str | None) -> bool:
    """Whether a question is answered with the user's own dates: it came
    with a date, or it answers the country asked for one."""
    if pending == PENDING and intent in ("inform_country", "inform_role"):
        return True
    return intent in INTENT_EVENTS and _entity(entities, "date") is not None


def offer(event: str, before: list | None = None) -> tuple:
    """After a general answer: tell me your date and I work out yours
    (after other parts, such as the latest waiting figure)."""
    return _say(*(before or []), _part(OFFERS[event]))


def plan_timeline(intent: str | None, entities: list, slots: dict, today: dt.date) -> Plan:
    """What to say for a message that gives (or should give) a date.

    `slots`: country, timeline_event (the event Samen asked the date of),
    timeline_date (a date kept while the country was asked)."""
    keep = {"timeline_event": None, "timeline_date": None, "pending_question": None}
    event_entity = _entity(entities, "date_event")
    event = ((event_entity or {}).get("value") if (event_entity or {}).get("value") in EVENTS else None) \
        or INTENT_EVENTS.get(intent) or slots.get("timeline_event")
    date_entity = _entity(entities, "date")
    given = given_date(date_entity) if date_entity else parse_value(slots.get("timeline_date"))
    asking = {**keep, "timeline_event": event}

    if given is None:
        return Plan([_say(_part(NO_DATE))], asking)
    if given.problem == "impossible":
        return Plan([_say(_part(IMPOSSIBLE))], asking)
    if given.problem == "ambiguous":
        readings = plausible([dataclasses.replace(given, problem=None if given.first == given.last else "partial",
                                                  alternatives=()), *given.alternatives], event, today)
        if len(readings) == 1:
            given = readings[0]
    if given.problem == "ambiguous":
        choices = [{"title": {"period": [r.first.isoformat(), r.last.isoformat()]},
                    "payload": _payload(r, event)} for r in readings]
        return Plan([_say(_part(WHICH_DATE), choices=choices)], asking)
    if given.granularity == "year":
        return Plan([_say(_part(NEED_DAY))], asking)
    if event is None:
        choices = [{"title": {"key": EVENT_TITLES[e]}, "payload": _payload(given, e)} for e in EVENTS]
        return Plan([_say(_part(ASK_EVENT, periods={"given": [given.first.isoformat(), given.last.isoformat()]}),
                          choices=choices)], keep)
    if event in PAST_EVENTS and given.first > today:
        return Plan([_say(_part(FUTURE, periods={"given": [given.first.isoformat(), given.last.isoformat()]}))],
                    asking)
    country = slots.get("country")
    if country not in ("nl", "be"):
        return Plan([("utter_ask_country", {})],
                    {**keep, "pending_question": PENDING, "timeline_event": event, "timeline_date": given.value})
    return answer(EVENT_RULES[(country, event)], given, today)


def state(term: Deadline) -> str:
    """open / today / extended / passed (see ANSWERS)."""
    if term.rule.kind == DECISION_PERIOD:
        if term.today <= term.last_day:
            return "open"
        return "extended" if term.today <= term.latest_day and term.latest_day > term.last_day else "passed"
    if term.today < term.last_day:
        return "open"
    return "today" if term.today == term.last_day else "passed"


def term_values(term: Deadline) -> dict:
    """The placeholders of a term's texts: its dates and the days left."""
    return {"dates": {"start": term.start.isoformat(), "last_day": term.last_day.isoformat(),
                      "latest_day": term.latest_day.isoformat()},
            "days": {"left": max(term.days_left, 0), "latest_left": max((term.latest_day - term.today).days, 0)}}


def answer(rule_id: str, given: Given, today: dt.date) -> Plan:
    """The computed answer for a date that is certain enough."""
    rule = load_rules()[rule_id]
    term = deadline(rule_id, given.first, today)
    parts = [_part(ANSWERS[rule_id][state(term)], **term_values(term))]
    if given.first != given.last:
        latest = deadline(rule_id, given.last, today)
        parts.append(_part(PARTIAL, periods={"given": [given.first.isoformat(), given.last.isoformat()]},
                           dates={"from": given.first.isoformat(), "last_day": term.last_day.isoformat(),
                                  "last_day_latest": latest.last_day.isoformat()}))
    if term.ends_on_non_working_day and not term.passed:
        parts.append(_part(NON_WORKING_DAY, dates={"last_day": term.last_day.isoformat()}))
    if rule.pending_change and rule_id in PENDING_CHANGE:
        parts.append(_part(PENDING_CHANGE[rule_id]))
    parts.append(_part(NOT_ADVICE, links={"page": rule.check_page}))
    exact = given.first == given.last
    remindable = exact and bool(reminders(term))
    choices = [{"title": {"key": REMIND_ME}, "payload": "/request_reminder"}] if remindable else []
    kept = json.dumps({"rule": rule_id, "start": given.first.isoformat()}) if remindable else None
    return Plan([_say(*parts, choices=choices)],
                {"timeline_event": None, "timeline_date": None, "pending_question": None, "timeline": kept},
                rule_id)

"""Reminders, only when asked: what the user wants (the decision), what
Samen says, and the text of a reminder on the day it is sent.

Keeping what is needed to write to a user later (their chat id, sealed by
the channel) takes an explicit yes to a question that says what is kept and
for how long; "Remind me" alone is not consent. /reminders lists the terms
with a cancel button each.
"""
from __future__ import annotations

import datetime as dt
import json

from bot.core.catalogs import N_
from bot.dialogue.timeline import NOT_ADVICE, WHAT, term_values
from bot.timeline.rules import DECISION_PERIOD, deadline, load_rules

CONSENT = "reminder_consent"          # pending_question while the yes is awaited
ASK_CONSENT, SCHEDULE, DECLINE, LIST, CANCEL, NEED_DATE, AFFIRM, DENY = (
    "ask_consent", "schedule", "decline", "list", "cancel", "need_date", "affirm", "deny")

CONSENT_QUESTION = N_("reminders.consent")
CONSENT_YES = N_("reminders.consent.yes")
CONSENT_NO = N_("reminders.consent.no")
SCHEDULED = N_("reminders.scheduled")
DECLINED = N_("reminders.declined")
NEED_DATE_TEXT = N_("reminders.need_date")
NO_CHANNEL = N_("reminders.no_channel")
NONE = N_("reminders.none")
LISTED = N_("reminders.list")
LIST_ITEM = N_("reminders.list.item")
CANCEL_BUTTON = N_("reminders.cancel_button")
CANCELLED = N_("reminders.cancelled")
GONE = N_("reminders.gone")
BEFORE = N_("reminder.before")
TODAY = N_("reminder.today")
ENDED = N_("reminder.ended")
DECISION_DUE = N_("reminder.decision_passed")
DECISION_EXTENDED = N_("reminder.decision_passed_extended")
FOOTER = N_("reminder.footer")


def decide(intent: str | None, entities: list, pending: str | None, has_term: bool) -> str:
    """What a request_reminder, affirm or deny message asks for."""
    values = {e.get("entity"): e.get("value") for e in entities}
    if intent in ("affirm", "deny"):
        if pending != CONSENT:
            return AFFIRM if intent == "affirm" else DENY
        return SCHEDULE if intent == "affirm" else DECLINE
    if values.get("reminder_action") == "list":
        return LIST
    if values.get("reminder_action") == "cancel":
        return CANCEL
    if values.get("consent") in ("yes", "no"):
        if not has_term:
            return NEED_DATE
        return SCHEDULE if values["consent"] == "yes" else DECLINE
    return ASK_CONSENT if has_term else NEED_DATE


def kept_term(timeline_slot: str | None) -> tuple[str, dt.date] | None:
    """(rule, start) of the last computed term the user can be reminded of."""
    try:
        term = json.loads(timeline_slot or "")
        return term["rule"], dt.date.fromisoformat(term["start"])
    except (ValueError, KeyError, TypeError):
        return None


def _say(*parts: dict, choices: list | None = None) -> tuple:
    return "utter_timeline", {"parts": list(parts), "choices": choices or []}


def consent_question() -> tuple:
    return _say({"key": CONSENT_QUESTION}, choices=[
        {"title": {"key": CONSENT_YES}, "payload": '/request_reminder{"consent":"yes"}'},
        {"title": {"key": CONSENT_NO}, "payload": '/request_reminder{"consent":"no"}'}])


def scheduled(rule: str, days: list[dt.date]) -> tuple:
    """The days the user will be reminded on (one part per day)."""
    listed = [{"key": LIST_ITEM, "dates": {"day": day.isoformat()}, "texts": {"what": WHAT[rule]}} for day in days]
    return _say({"key": SCHEDULED}, *listed)


def listing(terms: list[dict]) -> tuple:
    """The user's reminders, with a cancel button per term."""
    if not terms:
        return _say({"key": NONE})
    parts = [{"key": LISTED}]
    choices = []
    for term in terms:
        parts += [{"key": LIST_ITEM, "dates": {"day": day.isoformat()}, "texts": {"what": WHAT[term["rule"]]}}
                  for day in term["days"]]
        payload = json.dumps({"reminder_action": "cancel", "reminder_id": term["term"]}, separators=(",", ":"))
        choices.append({"title": {"key": CANCEL_BUTTON, "texts": {"what": WHAT[term["rule"]]}},
                        "payload": f"/request_reminder{payload}"})
    return _say(*parts, choices=choices)


def message(key: str) -> tuple:
    return _say({"key": key})


def reminder_parts(rule_id: str, start: dt.date, due: dt.date, today: dt.date) -> list[dict]:
    """A reminder's text on the day it is sent, computed then (a late send
    still tells the truth): what ends when, what to do, where to check."""
    rule = load_rules()[rule_id]
    term = deadline(rule_id, start, today)
    values = term_values(term)
    what = {"what": WHAT[rule_id]}
    if rule.kind == DECISION_PERIOD:
        extended = term.latest_day > term.last_day and due > term.last_day + dt.timedelta(days=1)
        key = DECISION_EXTENDED if extended else DECISION_DUE
    elif term.today < term.last_day:
        key = BEFORE
    elif term.today == term.last_day:
        key = TODAY
    else:
        key = ENDED
    return [{"key": key, "texts": what, **values},
            {"key": FOOTER}, {"key": NOT_ADVICE, "links": {"page": rule.check_page}}]

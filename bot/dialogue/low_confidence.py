"""What Samen says when it is unsure what a message means (nlu_fallback).

A message that may be about a crisis (the safety net marks it
"crisis_check") gets the emergency numbers first and "did I understand
you?"; otherwise Samen asks once to rephrase, then offers topic buttons.
"""
from __future__ import annotations

REPHRASE, TOPICS, CRISIS_CHECK = "utter_rephrase", "utter_topics", "utter_crisis_check"


def low_confidence_reply(crisis_check: bool, last_reply: str | None) -> str:
    """The response for an unsure message, given Samen's previous reply."""
    if crisis_check:
        return CRISIS_CHECK
    return TOPICS if last_reply == REPHRASE else REPHRASE


def answers_date_question(crisis_check: bool, entities: list, waiting_event: str | None) -> bool:
    """An unsure message that holds a date while Samen waits for one (a
    bare "3 March") is that date; never when it may be about a crisis."""
    return not crisis_check and bool(waiting_event) and any(e.get("entity") == "date" for e in entities)


def last_bot_response(events: list) -> str | None:
    """The response Samen last uttered before the latest user message."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return (event.get("metadata") or {}).get("utter_action")
    return None

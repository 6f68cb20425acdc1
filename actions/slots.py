"""Slots that follow every user message (Rasa runs this validation action
after each message): the conversation language, the municipality the
message gives (name, deep link, shared location or postcode), the country,
the pending question and the once-per-language notice about unreviewed
translations."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot.core import catalogs
from bot.dialogue.answers import ANSWERS
from bot.dialogue.country import next_country
from bot.dialogue.language_switch import next_language
from bot.dialogue.place import heard_place
from bot.dialogue.reminders import CONSENT
from bot.geo import pdok
from bot.geo.gazetteer import default_gazetteer


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


# What answers "may I keep your chat number?", and "which date?".
CONSENT_ANSWERS = ("affirm", "deny", "request_reminder")
DATE_ANSWERS = ("inform_date", "nlu_fallback")

# Answers to which nothing is ever added: the emergency numbers stand alone.
URGENT = frozenset({"crisis_suicidal", "crisis_domestic_violence", "health_emergency"})


def review_notice(language: str | None, given: list, urgent: bool = False) -> tuple[str | None, list]:
    """The notice is due once per conversation and language, while the
    language's catalog still holds unreviewed translations; never on an
    urgent answer (it then comes with the next one)."""
    if language and language not in given and not urgent and catalogs.unreviewed_share(language) > 0:
        return language, [*given, language]
    return None, given


class ValidateSlotMappings(ValidationAction):
    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: dict) -> dict[str, Any]:
        message = tracker.latest_message
        language, chosen = next_language(
            tracker.get_slot("language"), bool(tracker.get_slot("language_chosen")),
            _intent(tracker), message.get("entities") or [], message.get("language"), message.get("text"),
            (message.get("metadata") or {}).get("language_hint"))
        urgent = _intent(tracker) in URGENT or bool(message.get("crisis_check"))
        notice, given = review_notice(language, tracker.get_slot("review_notices_given") or [], urgent)
        return {"language": language, "language_chosen": chosen,
                "review_notice": notice, "review_notices_given": given}

    async def extract_place_heard(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict) -> dict[str, Any]:
        """The municipality this message gives (PDOK for postcodes and shared
        locations; when PDOK cannot say, none, and the user is asked the name)."""
        message = tracker.latest_message
        gazetteer = default_gazetteer()
        code = await asyncio.to_thread(
            heard_place, _intent(tracker), message.get("entities") or [], message.get("metadata") or {},
            message.get("text"), bool(tracker.get_slot("services_waiting")),
            lambda candidate: gazetteer.get(candidate) is not None,
            pdok.municipality_of_location, pdok.municipality_of_postcode)
        return {"place_heard": code}

    async def extract_municipality(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict) -> dict[str, Any]:
        """What the message gave; otherwise what was known stays."""
        heard = tracker.get_slot("place_heard")
        return {"municipality": heard} if heard else {}

    async def extract_country(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict) -> dict[str, Any]:
        message = tracker.latest_message
        return {"country": next_country(tracker.get_slot("country"), _intent(tracker),
                                        message.get("entities") or [], message.get("text"),
                                        tracker.get_slot("place_heard"))}

    async def extract_pending_question(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: dict) -> dict[str, Any]:
        """A question waits only for the very next message (the answer to ours)."""
        pending = tracker.get_slot("pending_question")
        keep = _intent(tracker) in ANSWERS or (pending == CONSENT and _intent(tracker) in CONSENT_ANSWERS)
        return {"pending_question": pending if keep else None}

    async def extract_timeline_event(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: dict) -> dict[str, Any]:
        """The event Samen asked the date of waits for the next message only:
        a date, a bare date Samen could not classify, or the country asked."""
        keep = _intent(tracker) in (*ANSWERS, *DATE_ANSWERS)
        return {"timeline_event": tracker.get_slot("timeline_event") if keep else None}

    async def extract_timeline_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict) -> dict[str, Any]:
        """A date kept while the country is asked: for the answer only."""
        keep = _intent(tracker) in ANSWERS
        return {"timeline_date": tracker.get_slot("timeline_date") if keep else None}

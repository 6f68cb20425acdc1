"""Slots that follow every user message (Rasa runs this validation action
after each message): the conversation language, the country, the
municipality from a postcode, the pending question and the once-per-language
notice about unreviewed translations."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot import i18n
from bot.dialogue.answers import ANSWERS
from bot.dialogue.country import next_country
from bot.dialogue.language import next_language
from bot.localservices.postcode import municipality_of_postcode
from bot.nlu.postcode import find_postcode


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def review_notice(language: str | None, given: list) -> tuple[str | None, list]:
    """The notice is due once per conversation and language, while the
    language's catalog still holds unreviewed translations."""
    if language and language not in given and i18n.unreviewed_share(language) > 0:
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
        notice, given = review_notice(language, tracker.get_slot("review_notices_given") or [])
        return {"language": language, "language_chosen": chosen,
                "review_notice": notice, "review_notices_given": given}

    async def extract_country(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict) -> dict[str, Any]:
        message = tracker.latest_message
        return {"country": next_country(tracker.get_slot("country"), _intent(tracker),
                                        message.get("entities") or [], message.get("text"))}

    async def extract_municipality(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict) -> dict[str, Any]:
        """A Dutch postcode gives the municipality (PDOK); when PDOK cannot say,
        what was known stays, and a new user is asked for the name."""
        message = tracker.latest_message
        if any(e.get("entity") == "municipality" for e in message.get("entities") or []):
            return {}
        # Only where a place is the point of the message: a number in another
        # question must not move (or forget) the user's municipality.
        if _intent(tracker) != "inform_municipality" and not tracker.get_slot("services_waiting"):
            return {}
        postcode = find_postcode(message.get("text"))
        if not postcode:
            return {}
        code = await asyncio.to_thread(municipality_of_postcode, postcode)
        return {"municipality": code} if code else {}

    async def extract_pending_question(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: dict) -> dict[str, Any]:
        """A question waits only for the very next message (the answer to ours)."""
        keep = _intent(tracker) in ANSWERS
        return {"pending_question": tracker.get_slot("pending_question") if keep else None}

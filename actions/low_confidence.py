"""action_low_confidence: the answer to a message Samen did not understand
(bot/dialogue/low_confidence.py decides: a possible crisis gets the
emergency numbers first; otherwise one rephrase prompt, then topics)."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.low_confidence import last_bot_response, low_confidence_reply


class ActionLowConfidence(Action):
    def name(self) -> str:
        return "action_low_confidence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        reply = low_confidence_reply(bool(tracker.latest_message.get("crisis_check")),
                                     last_bot_response(tracker.events))
        dispatcher.utter_message(response=reply)
        return []

"""action_low_confidence: the answer to a message Samen did not understand
(bot/dialogue/low_confidence.py decides: a possible crisis gets the
emergency numbers first; otherwise one rephrase prompt, then topics). A
date given right after Samen asked for one is the answer, whatever the
classifier made of it."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.timeline import timeline_turn
from bot.dialogue.low_confidence import answers_date_question, last_bot_response, low_confidence_reply


class ActionLowConfidence(Action):
    def name(self) -> str:
        return "action_low_confidence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message
        crisis_check = bool(message.get("crisis_check"))
        if answers_date_question(crisis_check, message.get("entities") or [], tracker.get_slot("timeline_event")):
            return await timeline_turn(dispatcher, tracker)
        reply = low_confidence_reply(crisis_check, last_bot_response(tracker.events))
        dispatcher.utter_message(response=reply)
        return []

"""action_answer_question: answers questions about the procedure, health and
settling in, after asking the country or role where that changes the answer
(bot/dialogue/answers.py decides). A question that comes with the user's own
date ("we applied on 3 March, how long still?") gets their own dates
(actions/timeline.py); the general answer to such a question ends with the
offer to work them out (after a waiting-time answer, first the IND's or
DVZ's latest published figure), and the date that follows counts from its
event."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.timeline import timeline_turn, waiting_parts
from bot.dialogue import waiting
from bot.dialogue.answers import plan_answer
from bot.dialogue.timeline import INTENT_EVENTS, offer, wants_timeline
from bot.nlg.content import load_content
from bot.nlg.render import source_keys, settling_keys


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if wants_timeline(intent, tracker.latest_message.get("entities") or [],
                          tracker.get_slot("pending_question")):
            return await timeline_turn(dispatcher, tracker)
        content = load_content()
        plan = plan_answer(intent, tracker.get_slot("pending_question"), tracker.get_slot("country"),
                           tracker.get_slot("role"), source_keys(content) | settling_keys(content))
        for response, arguments in plan.messages:
            dispatcher.utter_message(response=response, **arguments)
        events = [SlotSet("pending_question", plan.pending_question)]
        if plan.answered in INTENT_EVENTS:
            figure = await waiting_parts(tracker.get_slot("country")) if plan.answered in waiting.QUESTIONS else []
            response, arguments = offer(INTENT_EVENTS[plan.answered], figure)
            dispatcher.utter_message(response=response, **arguments)
            events.append(SlotSet("timeline_event", INTENT_EVENTS[plan.answered]))
        return events

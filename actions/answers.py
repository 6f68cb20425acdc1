"""action_answer_question: answers questions about the procedure, health and
settling in, after asking the country or role where that changes the answer
(bot/dialogue/answers.py decides)."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.answers import plan_answer
from bot.nlg.content import load_content
from bot.nlg.render import source_keys, settling_keys


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        content = load_content()
        plan = plan_answer(
            (tracker.latest_message.get("intent") or {}).get("name"),
            tracker.get_slot("pending_question"), tracker.get_slot("country"),
            tracker.get_slot("role"), source_keys(content) | settling_keys(content))
        for response, arguments in plan.messages:
            dispatcher.utter_message(response=response, **arguments)
        return [SlotSet("pending_question", plan.pending_question)]

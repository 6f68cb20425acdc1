"""action_timeline: the user's own last day from the date they gave, or
first the question that makes it certain (bot/dialogue/timeline.py decides;
the NLG endpoint formats the dates in the user's calendar and digits)."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core.environment import today
from bot.dialogue.timeline import plan_timeline

SLOTS = ("country", "timeline_event", "timeline_date")


def timeline_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Says the timeline answer (or question) for the latest message; the slot events."""
    message = tracker.latest_message
    plan = plan_timeline((message.get("intent") or {}).get("name"), message.get("entities") or [],
                         {name: tracker.get_slot(name) for name in SLOTS}, today())
    for response, arguments in plan.messages:
        dispatcher.utter_message(response=response, **arguments)
    return [SlotSet(name, value) for name, value in plan.slots.items()]


class ActionTimeline(Action):
    def name(self) -> str:
        return "action_timeline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        return timeline_turn(dispatcher, tracker)

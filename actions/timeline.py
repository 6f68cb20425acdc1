"""action_timeline: the user's own last day from the date they gave, or
first the question that makes it certain (bot/dialogue/timeline.py decides;
the NLG endpoint formats the dates in the user's calendar and digits). A
decision period is told with the latest waiting figure the IND or DVZ
published (bot/dialogue/waiting.py, from the directory)."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.local_help import CLIENT
from bot.core.environment import today
from bot.dialogue import waiting
from bot.dialogue.timeline import plan_timeline, with_parts
from bot.timeline.rules import load_rules

SLOTS = ("country", "timeline_event", "timeline_date")


async def waiting_parts(country: str | None) -> list[dict]:
    """The latest published waiting figure for the country, as answer parts."""
    if country not in ("nl", "be"):
        return []
    return waiting.figure_parts(await asyncio.to_thread(CLIENT.waiting_figure, country))


async def timeline_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Says the timeline answer (or question) for the latest message; the slot events."""
    message = tracker.latest_message
    plan = plan_timeline((message.get("intent") or {}).get("name"), message.get("entities") or [],
                         {name: tracker.get_slot(name) for name in SLOTS}, today())
    if plan.rule in waiting.RULES:
        plan = with_parts(plan, await waiting_parts(load_rules()[plan.rule].country.lower()))
    for response, arguments in plan.messages:
        dispatcher.utter_message(response=response, **arguments)
    return [SlotSet(name, value) for name, value in plan.slots.items()]


class ActionTimeline(Action):
    def name(self) -> str:
        return "action_timeline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        return await timeline_turn(dispatcher, tracker)

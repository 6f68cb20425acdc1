"""action_find_local_services: after the general answer to a settling-in or
health question, the services of the user's municipality in that category
(bot/dialogue/local_help.py decides what, bot/local_help says it)."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core import catalogs, formatting
from bot.core.catalogs import N_
from bot.core.environment import stats_token
from bot.dialogue.local_help import next_services_step
from bot.local_help.client import DirectoryClient
from bot.local_help.listing import MORE, render_page
from bot.nlg.render import tracker_language

UNAVAILABLE = N_("services.unavailable")
NO_MORE = N_("services.no_more")
CLIENT = DirectoryClient(stats_token=stats_token())


def say(dispatcher: CollectingDispatcher, text: str, lang: str, buttons: list | None = None) -> None:
    """A message written here, not by the NLG endpoint: in its final form for
    its reader, and telling the channel the conversation's language."""
    dispatcher.utter_message(text=formatting.for_reader(text, lang), buttons=buttons or [],
                             json_message={"language": lang})


class ActionFindLocalServices(Action):
    def name(self) -> str:
        return "action_find_local_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        step = next_services_step(
            (tracker.latest_message.get("intent") or {}).get("name"), tracker.get_slot("municipality"),
            tracker.get_slot("services_waiting"), tracker.get_slot("services_category"),
            int(tracker.get_slot("services_offset") or 0))
        lang = tracker_language(tracker.slots, tracker.latest_message)
        if step.nothing_more:
            say(dispatcher, catalogs.text(NO_MORE, lang), lang)
        if step.category is None:
            return [SlotSet("services_waiting", None)]
        if step.ask_municipality:
            dispatcher.utter_message(response="utter_ask_municipality")
            return [SlotSet("services_waiting", step.category)]
        municipality = tracker.get_slot("municipality")
        if step.offset == 0:       # asked now, not "more" of what was asked
            asyncio.get_running_loop().run_in_executor(None, CLIENT.count_question, municipality, step.category, lang)
        result = await asyncio.to_thread(CLIENT.services, municipality, step.category, lang)
        if result is None:
            say(dispatcher, catalogs.text(UNAVAILABLE, lang), lang)
            return [SlotSet("services_waiting", None)]
        messages, next_offset = render_page(result, lang, step.offset)
        for number, text in enumerate(messages, start=1):
            buttons = ([{"title": formatting.for_reader(catalogs.text(MORE, lang), lang), "payload": "/more_services"}]
                       if next_offset is not None and number == len(messages) else [])
            say(dispatcher, text, lang, buttons)
        return [SlotSet("services_waiting", None), SlotSet("services_category", step.category),
                SlotSet("services_offset", next_offset)]

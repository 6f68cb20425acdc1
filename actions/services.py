"""action_find_local_services: after the general answer to a settling-in or
health question, the services of the user's municipality in that category
(bot/dialogue/services.py decides what, bot/localservices renders it)."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import i18n
from bot.dialogue.services import next_services_step
from bot.localservices.client import ServicesClient
from bot.localservices.render import MORE, render_page
from bot.nlg.render import N_, conversation_language

UNAVAILABLE = N_("services.unavailable")
CLIENT = ServicesClient()


class ActionFindLocalServices(Action):
    def name(self) -> str:
        return "action_find_local_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        step = next_services_step(
            (tracker.latest_message.get("intent") or {}).get("name"), tracker.get_slot("municipality"),
            tracker.get_slot("services_waiting"), tracker.get_slot("services_category"),
            int(tracker.get_slot("services_offset") or 0))
        if step.category is None:
            return [SlotSet("services_waiting", None)]
        if step.ask_municipality:
            dispatcher.utter_message(response="utter_ask_municipality")
            return [SlotSet("services_waiting", step.category)]
        lang = conversation_language(tracker.slots, tracker.latest_message)
        result = await asyncio.to_thread(CLIENT.services, tracker.get_slot("municipality"), step.category, lang)
        if result is None:
            dispatcher.utter_message(text=i18n.translate(UNAVAILABLE, lang)[0])
            return [SlotSet("services_waiting", None)]
        messages, next_offset = render_page(result, lang, step.offset)
        for number, text in enumerate(messages, start=1):
            buttons = ([{"title": i18n.translate(MORE, lang)[0], "payload": "/more_services"}]
                       if next_offset is not None and number == len(messages) else [])
            dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet("services_waiting", None), SlotSet("services_category", step.category),
                SlotSet("services_offset", next_offset)]

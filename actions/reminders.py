"""action_reminders: reminders when asked: the consent question, keeping
them, listing and cancelling them (bot/dialogue/reminders.py decides and
words it; bot/conversations/reminders.py keeps them). Also answers a plain
yes or no, which is the consent when Samen has just asked for it."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversations import reminders as kept
from bot.conversations.repository import shared_store
from bot.core.environment import today
from bot.dialogue import reminders
from bot.timeline.rules import deadline, reminders as planned_reminders

CHANNELS = ("telegram", "chat")


def _schedule(tracker: Tracker, term: tuple) -> tuple | None:
    """Keeps the reminders of the last computed term; the message to say,
    or None when the channel gave no address to write to."""
    metadata = tracker.latest_message.get("metadata") or {}
    reply_to, channel = metadata.get("reply_to"), metadata.get("reply_channel")
    if not isinstance(reply_to, str) or channel not in CHANNELS:
        return None
    rule, start = term
    planned = [kept.Planned(r.day, r.kind) for r in planned_reminders(deadline(rule, start, today()))]
    if not planned:
        return reminders.message(reminders.GONE)
    lang = tracker.get_slot("language") or "en"
    kept.schedule(shared_store(), tracker.sender_id, rule, start, lang, channel, reply_to, planned)
    return reminders.scheduled(rule, [p.day for p in planned])


class ActionReminders(Action):
    def name(self) -> str:
        return "action_reminders"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message
        entities = message.get("entities") or []
        term = reminders.kept_term(tracker.get_slot("timeline"))
        decision = reminders.decide((message.get("intent") or {}).get("name"), entities,
                                    tracker.get_slot("pending_question"), term is not None)
        pending = None
        if decision == reminders.AFFIRM:
            say = ("utter_affirm", {})
        elif decision == reminders.DENY:
            say = ("utter_deny", {})
        elif decision == reminders.NEED_DATE:
            say = reminders.message(reminders.NEED_DATE_TEXT)
        elif decision == reminders.ASK_CONSENT:
            say, pending = reminders.consent_question(), reminders.CONSENT
        elif decision == reminders.DECLINE:
            say = reminders.message(reminders.DECLINED)
        elif decision == reminders.SCHEDULE:
            say = await asyncio.to_thread(_schedule, tracker, term) or reminders.message(reminders.NO_CHANNEL)
        elif decision == reminders.LIST:
            say = reminders.listing(await asyncio.to_thread(kept.terms, shared_store(), tracker.sender_id))
        else:
            chosen = next((e.get("value") for e in entities if e.get("entity") == "reminder_id"), None)
            await asyncio.to_thread(kept.cancel, shared_store(), tracker.sender_id, chosen or None)
            say = reminders.message(reminders.CANCELLED)
        response, arguments = say
        dispatcher.utter_message(response=response, **arguments)
        return [SlotSet("pending_question", pending)]

"""The actions around a user's own dates: a question with a date gets the
computed answer, a bare date after Samen asked for one is that date, and
reminders are kept only after a yes, where the channel can deliver them."""
import datetime as dt
import json

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerQuestion
from actions.low_confidence import ActionLowConfidence
from actions.reminders import ActionReminders
from actions.timeline import ActionTimeline
from bot.conversations import reminders as kept
from bot.conversations import repository
from bot.nlu.dates import date_entities
from tests.actions.conftest import tracker

TODAY = dt.date(2026, 12, 7)
TERM = json.dumps({"rule": "nl_nareis_term", "start": "2026-10-12"})


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("SAMEN_TODAY", TODAY.isoformat())


@pytest.fixture
def store(tmp_path, monkeypatch):
    made = TrackerStore.create(EndpointConfig(type="SQL", dialect="sqlite", db=str(tmp_path / "t.db")),
                               Domain.empty())
    monkeypatch.setattr(repository, "_STORES", [made])
    return made


def with_date(intent, text, slots, lang="en"):
    return tracker(intent, text, slots=slots, entities=date_entities(text, lang, TODAY), language=lang)


async def test_a_waiting_time_question_with_a_date_gets_the_computed_answer(dispatcher, domain):
    state = with_date("reunification_waiting_time", "we applied on 3 November 2026, how long still?",
                      {"country": "nl"})
    events = await ActionAnswerQuestion().run(dispatcher, state, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_timeline"
    assert message["parts"][0]["key"] == "timeline.nl_ind_decision.open"
    assert message["parts"][0]["dates"]["last_day"] == "2027-02-01"
    assert SlotSet("timeline", json.dumps({"rule": "nl_ind_decision", "start": "2026-11-03"})) in events


async def test_a_bare_date_samen_could_not_classify_answers_its_date_question(dispatcher, domain):
    state = with_date("nlu_fallback", "3 november 2026", {"country": "nl", "timeline_event": "application"})
    await ActionLowConfidence().run(dispatcher, state, domain)
    assert dispatcher.messages[0]["parts"][0]["key"] == "timeline.nl_ind_decision.open"


async def test_a_bare_date_out_of_the_blue_is_still_not_understood(dispatcher, domain):
    await ActionLowConfidence().run(dispatcher, with_date("nlu_fallback", "3 november 2026", {}), domain)
    assert dispatcher.messages[0]["response"] == "utter_rephrase"


async def test_inform_date_asks_the_event(dispatcher, domain):
    await ActionTimeline().run(dispatcher, with_date("inform_date", "12 maart 2026", {"country": "nl"}, "nl"), domain)
    assert dispatcher.messages[0]["parts"][0]["key"] == "timeline.ask_event"


async def test_remind_me_asks_consent_first_and_keeps_nothing(dispatcher, domain, store):
    events = await ActionReminders().run(dispatcher, tracker("request_reminder", slots={"timeline": TERM}), domain)
    assert dispatcher.messages[0]["parts"] == [{"key": "reminders.consent"}]
    assert events == [SlotSet("pending_question", "reminder_consent")]
    assert kept.count(store, "test") == 0


async def test_yes_keeps_the_reminders_with_the_sealed_address(dispatcher, domain, store):
    state = tracker("affirm", slots={"timeline": TERM, "pending_question": "reminder_consent", "language": "ti"},
                    metadata={"reply_to": "sealed", "reply_channel": "telegram"})
    await ActionReminders().run(dispatcher, state, domain)
    assert dispatcher.messages[0]["parts"][0] == {"key": "reminders.scheduled"}
    [term] = kept.terms(store, "test")
    assert term["days"] == [dt.date(2026, 12, 15), dt.date(2027, 1, 5), dt.date(2027, 1, 11)]
    [due] = kept.claim_due(store, "telegram", dt.date(2026, 12, 15))
    assert (due.reply_to, due.lang) == ("sealed", "ti")


async def test_yes_where_no_reminder_can_be_delivered_keeps_nothing(dispatcher, domain, store):
    state = tracker("request_reminder", slots={"timeline": TERM}, entities=[{"entity": "consent", "value": "yes"}])
    await ActionReminders().run(dispatcher, state, domain)
    assert dispatcher.messages[0]["parts"] == [{"key": "reminders.no_channel"}]
    assert kept.count(store, "test") == 0


async def test_a_yes_to_nothing_asked_is_only_acknowledged(dispatcher, domain, store):
    await ActionReminders().run(dispatcher, tracker("affirm", slots={"timeline": TERM}), domain)
    assert dispatcher.messages[0]["response"] == "utter_affirm"


async def test_reminders_are_listed_with_a_cancel_button_and_cancelled(dispatcher, domain, store):
    term = kept.schedule(store, "test", "nl_nareis_term", dt.date(2026, 10, 12), "en", "telegram", "sealed",
                         [kept.Planned(dt.date(2027, 1, 5), "1_week_before")])
    listing = tracker("request_reminder", entities=[{"entity": "reminder_action", "value": "list"}])
    await ActionReminders().run(dispatcher, listing, domain)
    [choice] = dispatcher.messages[0]["choices"]
    assert term in choice["payload"]
    cancel = tracker("request_reminder", entities=[{"entity": "reminder_action", "value": "cancel"},
                                                   {"entity": "reminder_id", "value": term}])
    await ActionReminders().run(dispatcher, cancel, domain)
    assert kept.count(store, "test") == 0


async def test_the_consent_question_and_the_asked_event_wait_for_the_next_message_only(dispatcher, domain):
    from actions.slots import ValidateSlotMappings

    slots = ValidateSlotMappings()
    asked = {"pending_question": "reminder_consent", "timeline_event": "application"}
    yes = tracker("affirm", slots=asked)
    assert await slots.extract_pending_question(dispatcher, yes, domain) == {"pending_question": "reminder_consent"}
    date = tracker("inform_date", slots=asked)
    assert await slots.extract_timeline_event(dispatcher, date, domain) == {"timeline_event": "application"}
    other = tracker("health_find_gp", slots=asked)
    assert await slots.extract_pending_question(dispatcher, other, domain) == {"pending_question": None}
    assert await slots.extract_timeline_event(dispatcher, other, domain) == {"timeline_event": None}

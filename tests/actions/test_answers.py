"""action_answer_question: the answer and its sources, or first the question that changes it."""
from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerQuestion
from tests.actions.conftest import tracker


async def test_a_procedure_question_without_a_country_asks_it_and_keeps_the_question(dispatcher, domain):
    events = await ActionAnswerQuestion().run(dispatcher, tracker("reunification_deadline"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_country"]
    assert events == [SlotSet("pending_question", "reunification_deadline")]


async def test_the_answer_to_the_country_question_answers_the_question_that_waited(dispatcher, domain):
    state = tracker("inform_country", slots={"pending_question": "reunification_deadline", "country": "be"})
    events = await ActionAnswerQuestion().run(dispatcher, state, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_reunification_deadline", "utter_source",
                                                             "utter_timeline"]
    assert dispatcher.messages[1]["answer"] == "utter_reunification_deadline"
    # the general answer offers to work out the user's own date, and a date that follows counts from the decision
    assert dispatcher.messages[2]["parts"] == [{"key": "timeline.offer.protection"}]
    assert events == [SlotSet("pending_question", None), SlotSet("timeline_event", "protection")]


async def test_a_health_question_is_answered_at_once_with_its_sources(dispatcher, domain):
    await ActionAnswerQuestion().run(dispatcher, tracker("health_find_gp"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_health_find_gp", "utter_source"]

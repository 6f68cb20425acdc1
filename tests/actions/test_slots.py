"""action_validate_slot_mappings: what every user message changes in the
conversation's slots (language, the municipality it gives, country,
the pending question), without a Rasa server and without PDOK."""
import pytest

from actions import slots
from tests.actions.conftest import tracker


def values(events) -> dict:
    return {event["name"]: event["value"] for event in events}


@pytest.fixture
def no_pdok(monkeypatch):
    calls = []

    def location(latitude, longitude):
        calls.append((latitude, longitude))
        return "GM0141" if (latitude, longitude) == (52.357, 6.663) else None

    def postcode(code):
        calls.append(code)
        return {"7607AB": "GM0141"}.get(code)

    monkeypatch.setattr(slots.pdok, "municipality_of_location", location)
    monkeypatch.setattr(slots.pdok, "municipality_of_postcode", postcode)
    return calls


async def run(dispatcher, domain, state):
    return values(await slots.ValidateSlotMappings().run(dispatcher, state, domain))


async def test_a_shared_location_gives_the_municipality_and_the_country(dispatcher, domain, no_pdok):
    state = tracker("inform_municipality", "/inform_municipality",
                    metadata={"location": {"latitude": 52.357, "longitude": 6.663}})
    changed = await run(dispatcher, domain, state)
    assert changed["place_heard"] == "GM0141" and changed["municipality"] == "GM0141" and changed["country"] == "nl"


async def test_a_deep_link_code_gives_the_municipality(dispatcher, domain, no_pdok):
    changed = await run(dispatcher, domain, tracker("greet", "/greet", metadata={"start": "44021"}))
    assert changed["municipality"] == "44021" and changed["country"] == "be"
    assert no_pdok == []                                   # a code needs no lookup


async def test_a_place_the_lookup_cannot_find_changes_nothing_known(dispatcher, domain, no_pdok):
    state = tracker("inform_municipality", "/inform_municipality", slots={"municipality": "GM0268"},
                    metadata={"location": {"latitude": 15.3229, "longitude": 38.9251}})
    changed = await run(dispatcher, domain, state)
    assert changed["place_heard"] is None and "municipality" not in changed


async def test_a_number_in_another_question_is_no_postcode(dispatcher, domain, no_pdok):
    state = tracker("money_debt", "I owe 7607 AB euro", slots={"municipality": "GM0268"})
    changed = await run(dispatcher, domain, state)
    assert changed["place_heard"] is None and no_pdok == []


async def test_a_postcode_counts_when_samen_asked_for_the_place(dispatcher, domain, no_pdok):
    state = tracker("nlu_fallback", "7607 AB", slots={"services_waiting": "debt_help"})
    assert (await run(dispatcher, domain, state))["municipality"] == "GM0141"


async def test_the_language_follows_a_confident_sentence_and_the_notice_is_due_once(dispatcher, domain, no_pdok):
    changed = await run(dispatcher, domain, tracker("health_find_gp", "hoe vind ik een huisarts", language="nl"))
    assert changed["language"] == "nl" and changed["review_notice"] == "nl"
    again = tracker("health_find_gp", "en een tandarts?", language="nl",
                    slots={"language": "nl", "review_notices_given": ["nl"]})
    assert (await run(dispatcher, domain, again)).get("review_notice") is None


async def test_a_pending_question_waits_only_for_the_answer(dispatcher, domain, no_pdok):
    state = tracker("housing", "we need a bigger house", slots={"pending_question": "reunification_apply"})
    assert (await run(dispatcher, domain, state))["pending_question"] is None


@pytest.mark.parametrize("intent, crisis_check", [("crisis_domestic_violence", False), ("health_emergency", False),
                                                  ("nlu_fallback", True)])
async def test_nothing_is_added_to_a_crisis_answer_the_notice_waits(dispatcher, domain, no_pdok, intent,
                                                                     crisis_check):
    state = tracker(intent, "he hits me", language="en")
    state.latest_message["crisis_check"] = crisis_check
    changed = await run(dispatcher, domain, state)
    assert changed["review_notice"] is None and "en" not in changed["review_notices_given"]

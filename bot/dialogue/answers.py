"""What Samen says for a question about the procedure, health or settling
in: the answer and its sources, or first the one question that changes it.

The country is asked once for procedure questions (Dutch and Belgian rules
differ); the role only where the answer differs for the sponsor and the
family member. An unanswered question is not asked again: the general
(Dutch, sponsor) answer follows.
"""
from __future__ import annotations

import dataclasses

COUNTRY_QUESTIONS = frozenset({
    "reunification_info", "reunification_eligibility", "reunification_apply", "reunification_deadline",
    "reunification_documents", "reunification_costs", "reunification_waiting_time",
    "reunification_status", "reunification_rejected", "reunification_embassy",
    "reunification_arrival", "reunification_travel", "residence_permit",
})
ROLE_QUESTIONS = frozenset({"reunification_apply"})
ANSWERS = "inform_country", "inform_role"


@dataclasses.dataclass
class Plan:
    messages: list          # [(response name, arguments)]
    pending_question: str | None
    answered: str | None = None     # the question answered (not asked back)


def plan_answer(intent: str, pending: str | None, country: str | None, role: str | None,
                sourced: set) -> Plan:
    """Messages to send for `intent`; `sourced` holds the responses that
    have sources (they are followed by utter_source)."""
    if intent in ANSWERS:
        if not pending:
            # Out of the blue: acknowledged (or, if no country was recognised, asked).
            if intent == "inform_country" and country is None:
                return Plan([("utter_ask_country", {})], None)
            return Plan([(f"utter_{intent}", {})], None)
        question = pending
    else:
        question = intent
    answered_country = intent == "inform_country"
    answered_role = intent == "inform_role"
    if question in COUNTRY_QUESTIONS and country is None and not (answered_country or answered_role):
        return Plan([("utter_ask_country", {})], question)
    if question in ROLE_QUESTIONS and role is None and country != "be" and not answered_role:
        return Plan([("utter_ask_role", {})], question)
    response = f"utter_{question}"
    if response in sourced:
        return Plan([(response, {"more_follows": True}), ("utter_source", {"answer": response})], None, question)
    return Plan([(response, {})], None, question)

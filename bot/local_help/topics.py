"""Which categories of the municipal directory (bot/directory/categories.py)
answer which question (intent)."""
from __future__ import annotations

INTENT_CATEGORIES = {
    "health_find_gp": "gp_registration",
    "health_insurance": "health_insurance",
    "health_children": "youth_health",
    "health_pregnancy": "maternity",
    "health_mental": "mental_health",
    "health_interpreter": "interpreters",
    "health_dental": "dental_care",
    "find_local_service": "refugee_support",
    "money_debt": "debt_help",
    "school_children": "school_registration",
    "language_integration": "language_courses",
    "housing": "housing",
    "family_support": "family_support",
    "sponsor_support": "sponsor_support",
}


def category_for(intent: str | None) -> str | None:
    return INTENT_CATEGORIES.get(intent or "")

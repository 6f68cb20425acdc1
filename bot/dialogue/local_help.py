"""When and which local services follow an answer: the category of the
question, the municipality (asked once when unknown) and the page ("more")."""
from __future__ import annotations

import dataclasses

from bot.local_help.topics import category_for

MORE = "more_services"


@dataclasses.dataclass
class ServicesStep:
    category: str | None     # what to show (None: nothing to show)
    offset: int = 0
    ask_municipality: bool = False
    nothing_more: bool = False   # "more" asked, and there is no next page


def next_services_step(intent: str | None, municipality: str | None, waiting_category: str | None,
                       shown_category: str | None, next_offset: int | None) -> ServicesStep:
    """What action_find_local_services does after `intent`.

    A settling-in or health question shows its category's services, or first
    asks the municipality; naming the municipality then shows what waited;
    "more" shows the next page of what was shown last."""
    if intent == MORE:
        if shown_category and next_offset:
            return ServicesStep(shown_category, next_offset)
        return ServicesStep(None, nothing_more=True)
    category = category_for(intent)
    if category is None and intent == "inform_municipality":
        category = waiting_category
    if category is None:
        return ServicesStep(None)
    if not municipality:
        return ServicesStep(category, ask_municipality=True)
    return ServicesStep(category)

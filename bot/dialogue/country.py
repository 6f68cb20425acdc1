"""Which country's rules apply: the Netherlands (CBS codes, GM....) or
Belgium (5-digit NIS codes). Set from the user's municipality, the country
buttons, or a typed answer to "Netherlands or Belgium?"."""
from __future__ import annotations

import re

from bot.core.text import normalise

# How users name the two countries (recognition vocabulary, not shown to users).
_NAMES = {
    "nl": """netherlands nederland nederlands holland holanda hollanda nl dutch
             هولندا هولاندا هولنده هولندة هلند هالند هالنډ هلاند نيذرلاند نیدرلند holand
             ሆላንድ ሆላንዳ ኔዘርላንድ ኔዘርላንድስ ሆላንድ""",
    "be": """belgium belgie belgië belgique belgien belgiun belgium belguim be vlaanderen flanders brussel brussels
             بلجيكا بلجيك بلژیک بلجیکا بلجيكه بلژيك بلجیم beljim
             ቤልጅየም ቤልጅም በልጅዩም ቤልጁም ቤልጂየም""",
}
_INDEX = {normalise(word): code for code, words in _NAMES.items() for word in words.split()}
_PREFIXES = ("بال", "ب", "در", "ال", "ኣብ", "ብ", "ን")


def country_of_municipality(code: str | None) -> str | None:
    if not code:
        return None
    if code.startswith("GM"):
        return "nl"
    return "be" if re.fullmatch(r"\d{5}", code) else None


def country_in_text(text: str | None) -> str | None:
    """The country a typed answer names, if exactly one."""
    found = set()
    for word in normalise(text or "").split():
        word = word.strip(".,!?;:()")
        candidates = [word] + [word[len(p):] for p in _PREFIXES if word.startswith(p) and len(word) > len(p) + 2]
        found.update(_INDEX[c] for c in candidates if c in _INDEX)
    return found.pop() if len(found) == 1 else None


def next_country(current: str | None, intent: str | None, entities: list, text: str | None,
                 place: str | None = None) -> str | None:
    """The country after a message: one it names, else that of the
    municipality it gives (`place`), else the answer to "which country?"."""
    for entity in entities:
        if entity.get("entity") == "country" and entity.get("value") in ("nl", "be"):
            return entity["value"]
    if place:
        return country_of_municipality(place) or current
    if intent == "inform_country":
        return country_in_text(text) or current
    return current

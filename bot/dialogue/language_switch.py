"""The conversation's language follows the user.

An explicit choice (change_language with a language, or the language picker)
wins over detection from then on. Otherwise a confidently detected language
of a real sentence switches the conversation; a one-word greeting in another
script ("salaam", "hi") or a low-confidence guess does not. Before any of
that, the channel's hint (the language of the user's Telegram app) is the
first guess.
"""
from __future__ import annotations

from bot.core.languages import CODES as LANGUAGES

SWITCH_CONFIDENCE = 0.8
SWITCH_MIN_WORDS = 2


def next_language(current: str | None, chosen: bool, intent: str | None,
                  entities: list, detected: dict | None, text: str | None,
                  hint: str | None = None) -> tuple[str | None, bool]:
    """(language, chosen) after a user message."""
    if current is None and hint in LANGUAGES:
        current = hint
    if intent == "change_language":
        named = [e.get("value") for e in entities if e.get("entity") == "language" and e.get("value") in LANGUAGES]
        if named:
            return named[-1], True
    if not detected or detected.get("name") not in LANGUAGES:
        return current, chosen
    name, confidence = detected["name"], float(detected.get("confidence") or 0.0)
    if current is None:
        return (name, False) if confidence > 0 else (None, False)
    if chosen or name == current:
        return current, chosen
    if confidence >= SWITCH_CONFIDENCE and len((text or "").split()) >= SWITCH_MIN_WORDS:
        return name, False
    return current, chosen

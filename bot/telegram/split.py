"""Long answers are split below Telegram's limit of 4,096 characters per
message, at the last paragraph, line or sentence boundary that fits, so
that no sentence is cut in two unless one sentence alone is too long."""
from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
# Latin, Arabic (؟ ۔) and Ethiopic (። ፧ ፨) sentence ends, followed by a space.
_SENTENCE_END = re.compile(r"[.!?؟۔።፧፨]\s+")


def _cut(text: str, limit: int) -> int:
    """Where to cut `text` (longer than limit): the best boundary at or before limit."""
    window = text[:limit]
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator)
        if at > limit // 3:
            return at + len(separator)
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > limit // 3:
        return ends[-1]
    at = window.rfind(" ")
    return at + 1 if at > limit // 3 else limit


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts of `text`, each at most `limit` characters, none empty."""
    parts = []
    text = text.strip()
    while len(text) > limit:
        at = _cut(text, limit)
        parts.append(text[:at].strip())
        text = text[at:].strip()
    if text:
        parts.append(text)
    return [part for part in parts if part]

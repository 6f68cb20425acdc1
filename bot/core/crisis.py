"""Crisis words, in every language (crisis_terms.yml).

Two kinds, matched on normalised text (bot/core/text.py):
* crisis terms mean suicide, violence at home or a medical emergency on
  their own: they decide the answer whatever the classifier says;
* distress cues (fear, a raised hand, pills, being tired of living...) do
  not on their own, but a message the classifier is unsure about that
  carries one gets the emergency numbers and "did I understand you?"
  instead of a bare "please rephrase".
Plain functions, so that every process can use them: the NLU pipeline's
safety net, and the channels, which never let a flood limit stand between a
person and the crisis answer.
"""
from __future__ import annotations

import functools
import pathlib
import re

import yaml

from bot.core.text import normalise

TERMS = pathlib.Path(__file__).with_name("crisis_terms.yml")
DISTRESS = "distress"


def _pattern(terms: list) -> re.Pattern:
    parts = []
    for term in terms:
        term = re.escape(normalise(str(term)))
        # Latin terms are whole words; Arabic-script and Ge'ez terms may carry prefixes.
        parts.append(rf"(?<![\w]){term}(?![\w])" if term.isascii() else term)
    return re.compile("|".join(parts))


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple:
    spec = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    return tuple((kind, _pattern([t for terms in by_language.values() for t in terms]))
                 for kind, by_language in spec.items())


def _folded(text: str | None) -> str:
    return " ".join(normalise(text or "").replace("’", "'").split())


def crisis_match(text: str | None) -> str | None:
    """The crisis or emergency intent whose words the text contains, if any."""
    folded = _folded(text)
    for kind, pattern in _patterns():
        if kind != DISTRESS and pattern.search(folded):
            return kind
    return None


def distress_match(text: str | None) -> bool:
    """Whether the text carries a sign of distress (see the module's docstring)."""
    folded = _folded(text)
    return any(kind == DISTRESS and pattern.search(folded) for kind, pattern in _patterns())

"""Spell Dutch (and Belgian) place names the way Arabic, Dari and Tigrinya
speakers write them.

Users write "Nijmegen" as نايميخن, نيميغن or ናይመገን: there is no standard,
but the sounds follow Dutch spelling rules. We split a name into Dutch
spelling units (ij, sch, oe...), then render each unit in the target script,
producing a few variants at the points where writers really differ (Dutch g
as خ or غ, a short e written or not). The gazetteer matches user text against
these forms with a small edit distance, so the variants need not be exhaustive.
"""
from __future__ import annotations

import itertools
import re

from bot.core.text import normalise

_UNITS = re.compile(r"sch|ch|ng|dt|ck|aa|ee|oo|uu|ie|oe|ij|ei|ui|au|ou|eu|[a-z]")
VOWELS = {"a", "e", "i", "o", "u", "y", "aa", "ee", "oo", "uu", "ie", "oe", "ij", "ei", "ui", "au", "ou", "eu"}
MAX_VARIANTS = 24


def dutch_units(word: str) -> list[str]:
    """'nijmegen' -> ['n', 'ij', 'm', 'e', 'g', 'e', 'n']; doubled consonants merge."""
    word = normalise(word).replace("'", "").replace("-", " ")
    units: list[str] = []
    for unit in _UNITS.findall(word):
        if units and unit == units[-1] and unit not in VOWELS:
            continue
        units.append(unit)
    return units


# --- Arabic script -----------------------------------------------------------
_AR_CONSONANTS = {
    "b": ["ب"], "c": ["ك"], "ch": ["خ"], "sch": ["سخ"], "d": ["د"], "dt": ["ت"], "f": ["ف"],
    "g": ["خ", "غ", "گ"], "h": ["ه"], "j": ["ي"], "k": ["ك"], "ck": ["ك"], "l": ["ل"], "m": ["م"],
    "n": ["ن"], "ng": ["نغ", "نخ", "نگ"], "p": ["ب", "پ"], "q": ["ك"], "r": ["ر"], "s": ["س"],
    "t": ["ت"], "v": ["ف", "و"], "w": ["و", "ف"], "x": ["كس"], "z": ["ز"],
}
_AR_VOWELS_MEDIAL = {
    "a": ["ا", ""], "aa": ["ا"], "e": ["", "ي"], "ee": ["ي"], "i": ["ي", ""], "ie": ["ي"],
    "o": ["و"], "oo": ["و"], "u": ["و", ""], "uu": ["و"], "oe": ["و"], "y": ["ي"],
    "ij": ["اي", "ي"], "ei": ["اي", "ي"], "ui": ["اوي", "و"], "au": ["او"], "ou": ["او"], "eu": ["و", "ي"],
}
_AR_VOWELS_INITIAL = {
    "a": ["ا"], "aa": ["ا"], "e": ["ا", "اي"], "ee": ["اي"], "i": ["اي", "ا"], "ie": ["اي"],
    "o": ["او"], "oo": ["او"], "u": ["او"], "uu": ["او"], "oe": ["او"], "y": ["اي"],
    "ij": ["اي"], "ei": ["اي"], "ui": ["او"], "au": ["او"], "ou": ["او"], "eu": ["او"],
}
_AR_VOWELS_FINAL = {"e": ["ه", "ي"], "a": ["ا", "ه"]}


def to_arabic_script(name: str) -> list[str]:
    """A few Arabic-script spellings of a Dutch name (Persian letters included)."""
    words = []
    for word in name.split():
        units = dutch_units(word)
        options = []
        for i, unit in enumerate(units):
            if unit in VOWELS:
                if i == 0:
                    options.append(_AR_VOWELS_INITIAL[unit])
                elif i == len(units) - 1 and unit in _AR_VOWELS_FINAL:
                    options.append(_AR_VOWELS_FINAL[unit])
                else:
                    options.append(_AR_VOWELS_MEDIAL[unit])
            elif unit == "s" and 0 < i < len(units) - 1 and units[i - 1] in VOWELS and units[i + 1] in VOWELS:
                options.append(["س", "ز"])  # Dutch s between vowels sounds [z]: Roosendaal
            else:
                options.append(_AR_CONSONANTS.get(unit, [unit]))
        words.append(options)
    return _combine(words)


# --- Ge'ez script (Tigrinya) -------------------------------------------------
_GEEZ_ROWS = {
    "h": 0x1200, "l": 0x1208, "m": 0x1218, "r": 0x1228, "s": 0x1230, "k": 0x12A8, "c": 0x12A8,
    "ck": 0x12A8, "q": 0x1240, "b": 0x1260, "v": 0x1268, "t": 0x1270, "dt": 0x1270, "n": 0x1290,
    "w": 0x12C8, "z": 0x12D8, "j": 0x12E8, "d": 0x12F0, "f": 0x1348, "p": 0x1350, "g": 0x1308,
    "ch": 0x12B8, "x": 0x12A8,
}
_GEEZ_ALTERNATIVE_ROWS = {"g": [0x12B8, 0x1308], "v": [0x1268, 0x1348], "p": [0x1350, 0x1260]}
_GLOTTAL = 0x12A0
_GEEZ_SPLIT = {"sch": ["s", "ch"], "ng": ["n", "g"]}
_Y_ROW = 0x12E8
_W_ROW = 0x12C8
# Vowel -> (order, trailing glide row or None). Orders: 0 ä, 1 u, 2 i, 3 a, 4 e, 5 none, 6 o.
_GEEZ_VOWELS = {
    "a": [(3, None)], "aa": [(3, None)], "e": [(0, None), (4, None)], "ee": [(4, None)],
    "i": [(2, None)], "ie": [(2, None)], "y": [(2, None)], "o": [(6, None)], "oo": [(6, None)],
    "u": [(1, None)], "uu": [(1, None)], "oe": [(1, None)], "eu": [(4, None), (1, None)],
    "ij": [(3, _Y_ROW), (4, None)], "ei": [(3, _Y_ROW), (4, None)], "ui": [(6, _Y_ROW)],
    "au": [(3, _W_ROW)], "ou": [(3, _W_ROW)],
}


def _syllable(row: int, order: int) -> str:
    return chr(row + order)


def to_geez(name: str) -> list[str]:
    """A few Ge'ez spellings of a Dutch name, e.g. Almelo -> ኣልመሎ."""
    words = []
    for word in name.split():
        # Ge'ez writes consonant clusters syllable by syllable: s+ch, n+g.
        units = [part for unit in dutch_units(word) for part in _GEEZ_SPLIT.get(unit, [unit])]
        options: list[list[str]] = []
        i = 0
        while i < len(units):
            unit = units[i]
            if unit in VOWELS:
                options.append([_syllable(_GLOTTAL, o) + (_syllable(g, 5) if g else "") for o, g in _GEEZ_VOWELS[unit]])
                i += 1
                continue
            rows = _GEEZ_ALTERNATIVE_ROWS.get(unit, [_GEEZ_ROWS.get(unit, _GLOTTAL)])
            nxt = units[i + 1] if i + 1 < len(units) else None
            if nxt in VOWELS:
                options.append([
                    _syllable(r, o) + (_syllable(g, 5) if g else "")
                    for r in rows for o, g in _GEEZ_VOWELS[nxt]
                ])
                i += 2
            else:
                options.append([_syllable(r, 5) for r in rows])
                i += 1
        words.append(options)
    return _combine(words)


def _combine(words: list[list[list[str]]]) -> list[str]:
    """Every combination of the per-unit options, the most common first, capped."""
    spellings = []
    per_word = [list(itertools.islice(("".join(p) for p in itertools.product(*w)), MAX_VARIANTS)) for w in words]
    for combo in itertools.islice(itertools.product(*per_word), MAX_VARIANTS):
        spelled = " ".join(combo)
        if spelled not in spellings:
            spellings.append(spelled)
    return spellings

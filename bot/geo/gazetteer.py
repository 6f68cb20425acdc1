"""Find municipalities in free text, in any script, and name them by code.

The table (bot/geo/data/municipalities.json) is generated from the CBS and
Statbel lists by tools.gazetteer.build. Matching runs on normalised text
(bot.core.text), over windows of up to four words, exact first and then
with a small edit distance that grows with the length of the name, so
"Nijmegn", "نيميغن" and "ናይመገን" all find GM0268 while short words do not
turn into towns by accident.
"""
from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.text import normalise, script_of, split_words

DATA = pathlib.Path(__file__).resolve().parent / "data" / "municipalities.json"
MAX_WINDOW = 4
# Arabic one-letter proclitics glued to a name: بالميلو "in Almelo", ولاهاي "and The Hague".
_ARABIC_PROCLITICS = ("ب", "و", "ل", "ف")
# Town names that are also everyday words: they need the same signs of a
# place as a weak match (see Gazetteer._in_context).
_COMMON_WORDS = frozenset({"best", "goes", "buren", "duiven", "putten", "bergen", "beek", "sluis", "hulst",
                           "laren", "son", "stein", "mill", "oss", "ede", "epe", "echt", "zele", "hamme", "lint",
                           "ham", "bree", "peer", "hove", "essen", "bever", "mol", "halle", "namen", "anders",
                           "dour", "ans", "spa", "huy", "hal", "tienen", "boom", "lier", "zelzate", "waver",
                           "borne", "baarn", "urk", "uden", "weert", "vaals", "mook", "gent"})
# Cities abroad that users name often and whose spelling equals a generated
# spelling of a small Dutch municipality (Kabul / Kapelle).
_ABROAD = frozenset(normalise(w) for w in """
كابل کابل هرات حلب اسمرا اسمره بغداد دمشق الخرطوم خرطوم ادلب حمص درعا
""".split())
# Everyday words that are also a spelling of a town, with or without a glued
# cue: المرة "the time, the woman" (Almere; بالمرة "at all"), الزورخ "de zorg"
# (Elburg).
_EVERYDAY_WORDS = "المرة الزورخ"
# Words after which a name is a place: "in", "ik woon in", "في", "در", "ኣብ"...
_PLACE_CUES = frozenset(normalise(w) for w in """
in uit naar bij gemeente from to near at city municipality van rond omgeving stad live living wonen woon
woonplaats regio around town
في فى ب الى إلى على عل من مدينة مدينه بلدية بلديه عند قرب جنب ساكن ساكنين نسكن اسكن ساكنه بمدينة
در ده به از شهر شهرداری نزدیک
ኣብ አብ ናብ ካብ ከተማ
""".split())


@dataclass(frozen=True)
class Municipality:
    code: str
    country: str
    name: str
    display: dict = field(hash=False, compare=False)

    def display_name(self, lang: str) -> str:
        """The name to show a user writing `lang` (Dutch name when none is curated)."""
        return self.display.get(lang) or self.display.get("nl") or self.name


@dataclass(frozen=True)
class Match:
    code: str
    start: int
    end: int
    text: str
    distance: int


def compact(text: str) -> str:
    """Comparison key: normalised, without spaces, hyphens and apostrophes."""
    return re.sub(r"[\s\-'’.()]", "", normalise(text))


_EVERYDAY = frozenset(compact(w) for w in _EVERYDAY_WORDS.split())


def _decompose_ethiopic(key: str) -> str:
    """ናይ -> ነ3የ5: the consonant row and the vowel order as two symbols, so
    that a different vowel costs one edit, not a whole syllable."""
    out = []
    for char in key:
        code = ord(char)
        if 0x1200 <= code <= 0x137F:
            out.append(chr(code & ~0x7))
            out.append(str(code & 0x7))
        else:
            out.append(char)
    return "".join(out)


def _allowed_distance(key: str, script: str) -> int:
    """Spelling differences tolerated: none in short names, one or two in
    long ones. Scripts without a standard spelling of Dutch names get more."""
    if script == "ethiopic":
        syllables = len(key) // 2
        return 0 if syllables < 3 else 1 if syllables < 6 else 2
    if script == "arabic":
        return 0 if len(key) < 6 else 1 if len(key) < 9 else 2
    return 0 if len(key) < 7 else 1 if len(key) < 10 else 2


def _script(key: str) -> str:
    for char in key:
        s = script_of(char)
        if s:
            return s
    return "latin"


class Gazetteer:
    """Lookup from spellings to municipalities (immutable once built)."""

    def __init__(self, records: list[dict]):
        self.municipalities = {
            r["code"]: Municipality(r["code"], r["country"], r["name"], r["display"]) for r in records
        }
        owners: dict[str, set] = {}
        self._words: dict[str, int] = {}  # words in the shortest form of each key
        curated: dict[str, str] = {}
        strong: set[str] = set()
        for r in records:
            curated_forms = set(r.get("curated_forms", []))
            for script, forms in r["forms"].items():
                for form in forms:
                    key = compact(form)
                    if script == "ethiopic":
                        key = _decompose_ethiopic(key)
                    if len(key) < 3:
                        continue
                    owners.setdefault(key, set()).add(r["code"])
                    self._words[key] = min(self._words.get(key, 99), len(form.split()))
                    if form in curated_forms:
                        curated.setdefault(key, r["code"])
                    # Evidence on its own: a well-known spelling, or the official
                    # Dutch name. Generated spellings and Belgian names need context.
                    if form in curated_forms or (script == "latin" and r["country"] == "NL" and len(key) >= 5):
                        strong.add(key)
        # A spelling shared by two places (Bergen NH / Bergen L) names neither,
        # unless one of them is a curated, well-known place.
        self._index = {k: (curated.get(k) or next(iter(v))) for k, v in owners.items() if len(v) == 1 or k in curated}
        self._ambiguous = frozenset(k for k in owners if k not in self._index)
        self._strong = frozenset(k for k in strong if k in self._index and k not in _COMMON_WORDS)
        self._keys_by_script: dict[str, list[str]] = {}
        for key in self._index:
            self._keys_by_script.setdefault(_script(key), []).append(key)

    @classmethod
    def load(cls, path: pathlib.Path = DATA) -> "Gazetteer":
        return cls(json.loads(path.read_text(encoding="utf-8"))["municipalities"])

    def get(self, code: str) -> Municipality | None:
        return self.municipalities.get(code)

    def lookup(self, text: str) -> tuple[str, int, bool] | None:
        """(code, edit distance, strong) for a string that names a municipality.
        Strong: the spelling is evidence enough without context, or a glued
        Arabic "in"/"to" (بـ, لـ) says that a place is meant. A near miss
        never spans more words than the name: "بالا میره", "it goes up", is
        two words one edit from "بالمیره", "in Almere"."""
        key = compact(text)
        script = _script(key)
        if key in _ABROAD:
            return None
        if script == "ethiopic":
            key = _decompose_ethiopic(key)
        candidates = [(key, False)]
        if script == "arabic" and key.startswith(_ARABIC_PROCLITICS) and len(key) > 4:
            candidates.append((key[1:], key[0] in "بل"))
        if any(candidate in _EVERYDAY for candidate, _ in candidates):
            return None
        for candidate, glued_cue in candidates:
            if candidate in self._index:
                return self._index[candidate], 0, candidate in self._strong or glued_cue
        if any(candidate in self._ambiguous for candidate, _ in candidates):
            return None
        for candidate, glued_cue in candidates:
            allowed = _allowed_distance(candidate, script)
            if not allowed:
                continue
            best = process.extractOne(candidate, self._keys_by_script.get(script, []),
                                      scorer=Levenshtein.distance, score_cutoff=allowed)
            if best and len(text.split()) <= self._words.get(best[0], 1):
                return self._index[best[0]], int(best[1]), glued_cue
        return None

    def find(self, text: str) -> list[Match]:
        """Every municipality named in `text`: the closest spans win, then the
        longest, so "in Den Haag" yields "Den Haag" and not a fuzzy "in Den Haag"."""
        words = split_words(text)
        candidates = []
        for size in range(1, min(MAX_WINDOW, len(words)) + 1):
            for i in range(len(words) - size + 1):
                start = words[i][1]
                end = words[i + size - 1][1] + len(words[i + size - 1][0])
                span = text[start:end]
                if any(normalise(w) in _ABROAD for w, _ in words[i:i + size]):
                    continue
                hit = self.lookup(span)
                if hit and (hit[2] or self._in_context(words, i, size, exact=hit[1] == 0)):
                    candidates.append((hit[1], -size, i, Match(hit[0], start, end, span, hit[1])))
        found, taken = [], set()
        for _, negative_size, i, match in sorted(candidates, key=lambda c: c[:3]):
            span_words = set(range(i, i - negative_size))
            if not taken & span_words:
                found.append(match)
                taken |= span_words
        return sorted(found, key=lambda m: m.start)

    @staticmethod
    def _in_context(words: list, i: int, size: int, exact: bool) -> bool:
        """A weak match (generated spelling, typo, Belgian or common-word name)
        counts after a place cue ("in", "في", "در", "ኣብ"), or as a reply that
        is just the name ("Apeldorn"; exact with one more word: "Zaanstad pls")."""
        short_reply = len(words) == size or (exact and len(words) == size + 1)
        after_cue = i > 0 and normalise(words[i - 1][0]) in _PLACE_CUES
        return short_reply or after_cue


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped table, loaded once per process (read-only)."""
    return Gazetteer.load()

"""How users name Samen's five languages, in each of them, for the
`language` entity ("I want to talk in Arabic", "ብትግርኛ", "به دری").

Recognition vocabulary only: the names Samen shows come from the catalogs.
"""
from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.text import normalise, split_words

NAMES = {
    "ar": """arabic arab arabisch arabische arabi arbi عربي عربى العربي العربية عربية بالعربي بالعربية عربی
             عربيه العربيه ዓረብኛ ዓረቢ ዓረብ ዐረብኛ""",
    "nl": """dutch nederlands nederlandse hollands vlaams flemish
             هولندي هولندى الهولندية هولنديه الهولندي بالهولندي بالهولندية هلندی هالندی هولندی
             هولاندي الهولاندي
             ሆላንድኛ ሆላንድ ደች ሆላንዲ ዳች ኔዘርላንድኛ""",
    "en": """english engels engelse inglish englisch انجليزي انكليزي الانجليزية الانكليزية انجليزى
             بالانجليزي بالانكليزي انگلیسی انگلیسي انگليسی انګلیسی እንግሊዝኛ ኢንግሊዝኛ እንግሊዘኛ እንግሊዝ
             الانجليزي الانكليزي انقليزي الانقليزي الانقليزية انجليزية انكليزية""",
    "ti": """tigrinya tigrinia tigrigna tigrinja tigrina tigrinyan tigrino
             تغرينية التغرينية تيغرينيا التيغرينية تغرينيا تيغرينية تگرینیا تیگرینیا تگرینی
             تغريني التغريني تيغريني
             ትግርኛ ትግሪኛ ትግርኘ ትግረኛ ብትግርኛ""",
    "prs": """dari farsi persian perzisch perzische persisch darie
              دري الدرية الدارية دارية فارسي الفارسية الفارسي فارسى بالفارسي دری فارسی پارسی دري افغانی
              فارسية فارسيه
              ዳሪ ፋርሲ ፋርስኛ""",
}
# Prefixes glued to a language name: Arabic ب/بال "in", ل/لل "to",
# Tigrinya ብ "in".
_PREFIXES = ("بال", "لل", "ب", "ل", "ብ")
_INDEX = {normalise(word): code for code, words in NAMES.items() for word in words.split()}
# Words one letter from a language name (or a prefix + one) that mean
# something else: the Netherlands, upbringing, the midwife, early.
_NOT_LANGUAGES = frozenset(normalise(w) for w in """
هولندا هولنده بهولندا لهولندا الهولنديه بالتربية التربية تربية الداية الدورية بدري
""".split())


def _key(word: str) -> str:
    return re.sub(r"['’]s$", "", normalise(word))


def find_languages(text: str) -> list[tuple[str, int, int, str]]:
    """(code, start, end, surface text) for each language named in `text`."""
    found = []
    for word, start in split_words(text):
        key = _key(word)
        code = _INDEX.get(key)
        if code is None and key not in _NOT_LANGUAGES:
            for prefix in _PREFIXES:
                if key.startswith(prefix) and key[len(prefix):] in _INDEX:
                    code = _INDEX[key[len(prefix):]]
                    break
        if code is None and len(key) >= 6 and key not in _NOT_LANGUAGES:
            best = process.extractOne(key, list(_INDEX), scorer=Levenshtein.distance, score_cutoff=1)
            code = _INDEX[best[0]] if best else None
        if code:
            found.append((code, start, start + len(word), word))
    return found

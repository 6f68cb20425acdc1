"""Script-aware text normalisation.

People type the same word in many ways: Arabic and Persian keyboards give
different codepoints for the same letters (ي/ی, ك/ک), hamza forms and
diacritics come and go, Tigrinya writers mix homophone syllable series
(ሰ/ሠ, ጸ/ፀ, ሀ/ሐ/ኀ, አ/ኣ/ዐ), and digits arrive in three systems. The
classifier should see one spelling for all of them. The functions here are
pure and used both by the tokenizer (token lemmas) and by the gazetteer.
"""
from __future__ import annotations

import re
import unicodedata

import regex

# Arabic-script letters folded to one representative (features only: the
# language identifier looks at the raw text, where ی/ک are a Dari signal).
_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ة": "ه", "ە": "ه", "ھ": "ه", "ۀ": "ه", "ہ": "ه",
    "ؤ": "و",
}
# Tatweel, Arabic diacritics (harakat, shadda, sukun, superscript alef...),
# Quranic marks and invisible joiners / direction marks.
_ARABIC_DROP = re.compile(
    "[\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200B\u200C\u200D\u200E\u200F\u061C\u2066-\u2069\uFEFF]"
)
# Ethiopic syllable rows (8 codepoints each) whose consonants Tigrinya
# writers use interchangeably: the row on the left is folded to the right.
_ETHIOPIC_ROW_FOLD = {
    0x1220: 0x1230,  # ሠ -> ሰ
    0x1340: 0x1338,  # ፀ -> ጸ
    0x1280: 0x1200,  # ኀ -> ሀ
    0x1210: 0x1200,  # ሐ -> ሀ
    0x12D0: 0x12A0,  # ዐ -> አ
    0x1250: 0x1240,  # ቐ -> ቀ
    0x12B8: 0x12A8,  # ኸ -> ከ
}
# The glottal/pharyngeal "a" and the h-sounds are written with the first or
# the fourth order (አ/ኣ, ዐ/ዓ, ሐ/ሓ, ሀ/ሃ) depending on Eritrean or Ethiopian
# habit; after the row fold these become one.
_ETHIOPIC_A = {"ኣ": "አ", "ዓ": "አ", "ሃ": "ሀ", "ሓ": "ሀ", "ኃ": "ሀ"}
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Ethiopic word space and punctuation act as separators.
ETHIOPIC_PUNCTUATION = "\u1361\u1362\u1363\u1364\u1365\u1366\u1367\u1368"
ARABIC_PUNCTUATION = "\u060C\u061B\u061F\u066A\u066B\u066C\u06D4"


def fold_ethiopic_char(char: str) -> str:
    """Fold one Ethiopic syllable to its representative spelling."""
    char = _ETHIOPIC_A.get(char, char)
    code = ord(char)
    row = code & ~0x7
    if row in _ETHIOPIC_ROW_FOLD:
        return chr(_ETHIOPIC_ROW_FOLD[row] + (code - row))
    return char


def _fold_char(char: str) -> str:
    if char in _DIGITS:
        return _DIGITS[char]
    if char in _ARABIC_FOLD:
        return _ARABIC_FOLD[char]
    if "\u1200" <= char <= "\u137F":
        return fold_ethiopic_char(char)
    return char


def strip_latin_accents(text: str) -> str:
    """é -> e, ü -> u, but leave non-Latin scripts alone (NFD would split
    Arabic hamza letters, which the fold table already handles)."""
    out = []
    for char in text:
        if char.isascii() or not ("\u00C0" <= char <= "\u024F"):
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base)
    return "".join(out)


def normalise(text: str) -> str:
    """Return the comparison form of `text`: NFC, lower case, folded letter
    variants, ASCII digits, no diacritics, tatweel or invisible joiners.
    Whitespace and punctuation are kept (the tokenizer decides on them)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _ARABIC_DROP.sub("", text)
    text = "".join(_fold_char(c) for c in text)
    text = strip_latin_accents(text.casefold())
    return text


def script_of(char: str) -> str | None:
    """The writing system of one letter: 'ethiopic', 'arabic', 'latin' or None."""
    if "\u1200" <= char <= "\u139F" or "\u2D80" <= char <= "\u2DDF" or "\uAB00" <= char <= "\uAB2F":
        return "ethiopic"
    if ("\u0600" <= char <= "\u06FF" or "\u0750" <= char <= "\u077F" or "\u08A0" <= char <= "\u08FF"
            or "\uFB50" <= char <= "\uFDFF" or "\uFE70" <= char <= "\uFEFF"):
        return "arabic" if char.isalpha() else None
    if char.isalpha() and (char.isascii() or "\u00C0" <= char <= "\u024F"):
        return "latin"
    return None


# A token is a run of letters, marks, digits and joiners (ZWNJ keeps Persian
# words like می‌خواهم whole), or a single symbol/emoji. Ethiopic, Arabic and
# Latin punctuation, and the Ethiopic word space ፡, separate tokens.
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d\u0640]+(?:['’.\-][\p{L}\p{N}]+)*|[\p{So}\p{Sk}]")


def split_words(text: str) -> list[tuple[str, int]]:
    """The words of `text` with their start offsets, punctuation dropped."""
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text or "")]

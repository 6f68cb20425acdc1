"""Dutch postcodes in a message ("7607 AB", also typed with Arabic or
Persian digits): the tokenizer turns them into a class token, the dialogue
looks them up (bot/localservices/postcode.py)."""
from __future__ import annotations

import re

# "7607AB", "7607ab" or "7607 AB"; not "7607 ab", which is mostly a year or an
# amount followed by a word ("sinds 2019 in", "since 2018 my wife").
POSTCODE = re.compile(r"(?<![0-9])([1-9][0-9]{3})(?:([A-Za-z]{2})|\s([A-Z]{2}))(?![A-Za-z])")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def postcode_spans(text: str | None) -> list[tuple[int, int]]:
    """Where Dutch postcodes are in a message (character offsets)."""
    return [m.span() for m in POSTCODE.finditer((text or "").translate(_DIGITS))]


def find_postcode(text: str | None) -> str | None:
    """The first Dutch postcode in a message, normalised ("7607AB")."""
    match = POSTCODE.search((text or "").translate(_DIGITS))
    return f"{match.group(1)}{(match.group(2) or match.group(3)).upper()}" if match else None

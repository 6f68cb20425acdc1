"""How numbers, dates, durations and mixed-direction text are shown to a user.

Numbers and dates are formatted by Babel for the language's locale and then
written in the digits its readers use (Arabic-Indic for Arabic, Persian for
Dari). Durations ("3 months") take the catalog's plural forms, so that Arabic
says أسبوعين and not "٢ أسبوع".

Right-to-left text: in Arabic or Dari, a phone number, link, code or Latin
term is a left-to-right island. Left alone, the Unicode bidi algorithm turns
"0800-0113" after an Arabic word into "0113-0800" on screen. Every such run
is wrapped in a left-to-right isolate (LRI ... PDI), which also keeps a line
that starts with "IND" right-to-left.
"""
from __future__ import annotations

import datetime
import re

from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal

from bot.core import catalogs, languages
from bot.core.catalogs import NP_

LRI, PDI = "\u2066", "\u2069"
UNITS = {"second": NP_("unit.second", "unit.second.plural"), "day": NP_("unit.day", "unit.day.plural"),
         "week": NP_("unit.week", "unit.week.plural"), "month": NP_("unit.month", "unit.month.plural"),
         "year": NP_("unit.year", "unit.year.plural")}
_BIDI_CONTROLS = re.compile("[\u2066-\u2069]")
# A link, or Latin words, codes and numbers written with Western digits, with
# the spaces and joiners between them ("Veilig Thuis 0800-2000", "0800 64 64 644",
# "GM0141", "zelfmoord1813.be", "+31 6 12345678", a command: "/forget"). A run starts and ends on a
# letter or digit; brackets and trailing punctuation stay outside, where the
# bidi algorithm mirrors and places them for the surrounding text.
_WORD = r"/?[A-Za-z0-9À-ɏ+@](?:[A-Za-z0-9À-ɏ@._/:%&=?#~+\-’'*]*[A-Za-z0-9À-ɏ/])?"
_LTR_RUN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\"().,;:!?،؛]"
    rf"|{_WORD}(?:[ \u00A0]{_WORD})*"
)


def isolate_ltr(text: str) -> str:
    """`text` with every left-to-right run isolated (idempotent)."""
    plain = _BIDI_CONTROLS.sub("", text)
    return _LTR_RUN.sub(lambda match: f"{LRI}{match.group(0)}{PDI}", plain)


def for_reader(text: str, lang: str) -> str:
    """The final form of a text for a reader of `lang`: isolated runs in
    right-to-left languages, unchanged otherwise."""
    return isolate_ltr(text) if languages.get(lang).rtl else text


def localise_digits(text: str, lang: str) -> str:
    digits = languages.get(lang).digits
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def number(value: float, lang: str) -> str:
    return localise_digits(format_decimal(value, locale=languages.get(lang).locale), lang)


# Month names as readers write them where CLDR differs: Eritreans write May ግንቦት (CLDR ጉንበት).
_SPELLINGS = {"ti": (("ጉንበት", "ግንቦት"),)}


def _readers_spelling(text: str, lang: str) -> str:
    for cldr, theirs in _SPELLINGS.get(lang, ()):
        text = text.replace(cldr, theirs)
    return localise_digits(text, lang)


def date(value: datetime.date, lang: str) -> str:
    language = languages.get(lang)
    return _readers_spelling(format_date(value, language.date_pattern, locale=language.locale), lang)


def period(first: datetime.date, last: datetime.date, lang: str) -> str:
    """A period in the user's locale: a day, "March 2026" for a whole
    month, else "3–9 March 2026"."""
    locale = languages.get(lang).locale
    if first == last:
        return date(first, lang)
    if first.day == 1 and (last + datetime.timedelta(days=1)).day == 1 and (first.year, first.month) == (last.year, last.month):
        return _readers_spelling(format_skeleton("yMMMM", first, locale=locale), lang)
    return _readers_spelling(format_interval(first, last, "yMMMMd", locale=locale), lang)


def time_interval(start: datetime.time, end: datetime.time, lang: str) -> str:
    return localise_digits(format_interval(start, end, "Hm", locale=languages.get(lang).locale), lang)


def duration(amount: int, unit: str, lang: str) -> str:
    """"3 months" in `lang`, with the plural form its grammar needs (the
    catalog keys unit.day / unit.week / unit.month / unit.year / unit.second)."""
    template = catalogs.ngettext(UNITS[unit], amount, lang)
    return template.format(n=number(amount, lang))

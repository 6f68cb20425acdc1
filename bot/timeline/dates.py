"""The dates a user means in a message: "we applied on 3 March", «قبل
شهرين», «۱۵ سنبله ۱۴۰۵», «ቅድሚ ክልተ ወርሒ».

The message is folded to one spelling (bot.core.text: ASCII digits,
one form of each Arabic, Persian and Ethiopic letter) with a map back to
the original offsets, then matched against a small grammar per language.
Each match becomes a FoundDate: the Gregorian period meant, how precise it
is, the calendar it was written in and whether something is wrong with it.

Reading rules (the dialogue decides what a future date means):
- Numbers are day first (3/4/2026 is 3 April), except a four-digit year
  first (2026-04-03, and Persian ۱۴۰۵/۰۶/۱۵). When day-first is impossible
  but month-first is valid (12/25/2026), the month-first reading is taken.
- A day or month without a year is its last occurrence that is not in the
  future. It is "ambiguous" when the next occurrence begins within
  AMBIGUOUS_AHEAD days: in December, "in January" may be the coming one.
- A two-digit year is read in the century that keeps it at most a year
  ahead (25 -> 2025, 85 -> 1985) and flagged "ambiguous".
- In Dari, a year from 1300 to 1499 is Solar Hijri; elsewhere such a year
  (an Islamic lunar year in Arabic) is not read as a date.
- A lone month name or year is a date only after a cue ("in August",
  "sinds 2019", «بآذار», «ብነሓሰ») or when the dialogue expects a date:
  "may", "march", «مهر» (a stamp), «اب» (father) are ordinary words too.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from bot.core.languages import CODES as LANGUAGES
from bot.core.text import normalise
from bot.timeline import calendars
from bot.timeline.vocab import GREGORIAN, SOLAR_HIJRI, months, relative

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
IMPOSSIBLE, AMBIGUOUS, PARTIAL = "impossible", "ambiguous", "partial"
AMBIGUOUS_AHEAD = 61  # days: the coming occurrence is this close -> ambiguous
_CUE_REACH = 24       # characters before a match searched for a cue word
_SOLAR_YEARS = range(1300, 1500)
_GREGORIAN_YEARS = range(1900, 2200)

Period = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class FoundDate:
    """One date in a message.

    `date` is the day meant, or the first day of the week, month or year
    meant; `until` the last day of that period (== `date` for a day). Both
    are None when the date is impossible (31/02/2026, ٣٠ شباط).
    `problem` is the most serious of impossible > ambiguous > partial
    (partial: less precise than a day), or None. `alternatives` are the
    first days of the other readings of an ambiguous date.
    """

    text: str
    span: tuple[int, int]
    date: dt.date | None
    until: dt.date | None
    granularity: str
    calendar: str
    problem: str | None
    alternatives: tuple[dt.date, ...] = ()

    @property
    def iso(self) -> str | None:
        """ISO 8601 for the period: '2026-03-03', '2026-W10', '2026-03',
        '2026', or an interval '2026-08-23/2026-09-22' (a Solar Hijri month)."""
        if self.date is None or self.until is None:
            return None
        start, end = self.date, self.until
        if start == end:
            return start.isoformat()
        if self.granularity == WEEK:
            year, week, _ = start.isocalendar()
            return f"{year}-W{week:02d}"
        if start.day == 1 and end == _month_end(start):
            return f"{start.year:04d}-{start.month:02d}"
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return f"{start.year:04d}"
        return f"{start.isoformat()}/{end.isoformat()}"


def find_dates(text: str, lang: str, today: dt.date, expect_date: bool = False) -> list[FoundDate]:
    """The dates in `text`, in order. `lang` is a contract code (nl ar ti prs
    en); `expect_date` says the bot has just asked for a date, so a lone
    "August" or "2019" is an answer."""
    if lang not in LANGUAGES:
        raise ValueError(f"no date grammar for language {lang!r}")
    folded, offsets = _fold_with_offsets(text)
    grammar = _grammar(lang)
    if not grammar.might_contain_date(folded):
        return []
    found = []
    for start, end, reading in _best_matches(grammar.matches(folded, expect_date)):
        original = (offsets[start], offsets[end - 1] + 1)
        found.append(FoundDate(text[original[0]:original[1]], original, *reading(today)))
    return found


# ---------------------------------------------------------------- folding

@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return normalise(char)


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, per normalised character, its offset in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        chars.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(chars), offsets


# ---------------------------------------------------------------- readings
# A reading turns a match into (date, until, granularity, calendar, problem,
# alternatives) for a given today: the grammar decides whether a match is a
# date, the reading what it means on the day it is read.

Result = tuple[dt.date | None, dt.date | None, str, str, str | None, tuple[dt.date, ...]]
Reading = Callable[[dt.date], Result]


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def _result(period: Period | None, granularity: str, calendar: str,
            ambiguous: tuple[dt.date, ...] = ()) -> Result:
    if period is None:
        return None, None, granularity, calendar, IMPOSSIBLE, ()
    problem = AMBIGUOUS if ambiguous else (None if granularity == DAY else PARTIAL)
    return period[0], period[1], granularity, calendar, problem, ambiguous


def _period(calendar: str, year: int, month: int | None, day: int | None) -> Period | None:
    """The Gregorian period of a (partial) date in `calendar`, None if it does not exist."""
    try:
        if calendar == SOLAR_HIJRI:
            if month is None:
                return calendars.solar_hijri_year(year)
            if day is None:
                return calendars.solar_hijri_month(year, month)
            day_ = calendars.from_solar_hijri(year, month, day)
            return day_, day_
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            first = dt.date(year, month, 1)
            return first, _month_end(first)
        day_ = dt.date(year, month, day)
        return day_, day_
    except ValueError:
        return None


def _current_year(calendar: str, today: dt.date) -> int:
    return calendars.to_solar_hijri(today)[0] if calendar == SOLAR_HIJRI else today.year


def _yearless(calendar: str, month: int, day: int | None) -> Reading:
    """A day or month without a year: the last occurrence not in the future,
    ambiguous if the next one begins soon. 29 February looks back to a leap year."""
    granularity = MONTH if day is None else DAY

    def read(today: dt.date) -> Result:
        this_year = _current_year(calendar, today)
        periods = [p for y in range(this_year + 1, this_year - 8, -1)
                   if (p := _period(calendar, y, month, day)) is not None]
        past = [p for p in periods if p[0] <= today]
        if not past:
            return _result(None, granularity, calendar)
        coming = [p[0] for p in periods if p[0] > today]
        soon = tuple(d for d in coming[-1:] if (d - today).days <= AMBIGUOUS_AHEAD)
        return _result(past[0], granularity, calendar, soon)
    return read


def _fixed(calendar: str, year: int, month: int | None, day: int | None) -> Reading:
    granularity = YEAR if month is None else MONTH if day is None else DAY
    return lambda today: _result(_period(calendar, year, month, day), granularity, calendar)


def _relative(unit: str, amount: int) -> Reading:
    """`amount` units from today (negative: ago), as the period containing it."""
    def read(today: dt.date) -> Result:
        if unit == DAY:
            day = today + dt.timedelta(days=amount)
            return _result((day, day), DAY, GREGORIAN)
        if unit == WEEK:
            monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=amount)
            return _result((monday, monday + dt.timedelta(days=6)), WEEK, GREGORIAN)
        if unit == MONTH:
            first = today.replace(day=1) + relativedelta(months=amount)
            return _result((first, _month_end(first)), MONTH, GREGORIAN)
        return _result(_period(GREGORIAN, today.year + amount, None, None), YEAR, GREGORIAN)
    return read


def _last_named_month(calendar: str, month: int) -> Reading:
    """'last March': the one before the current month."""
    def read(today: dt.date) -> Result:
        this_year = _current_year(calendar, today)
        current = calendars.to_solar_hijri(today)[1] if calendar == SOLAR_HIJRI else today.month
        year = this_year if month < current else this_year - 1
        return _result(_period(calendar, year, month, None), MONTH, calendar)
    return read


def _month_in_relative_year(calendar: str, month: int, day: int | None, offset: int) -> Reading:
    """'mei vorig jaar', '3 March last year'."""
    def read(today: dt.date) -> Result:
        year = _current_year(calendar, today) + offset
        return _result(_period(calendar, year, month, day), MONTH if day is None else DAY, calendar)
    return read


def _calendar_of_year(year: int, lang: str) -> str | None:
    """Which calendar a written year belongs to, None if no calendar we read."""
    if year in _SOLAR_YEARS:
        return SOLAR_HIJRI if lang == "prs" else None
    return GREGORIAN if year in _GREGORIAN_YEARS else None


def _two_digit_year(yy: int, today: dt.date) -> tuple[int, int]:
    """(reading, other reading): the century that keeps it at most a year ahead."""
    recent = 2000 + yy if 2000 + yy <= today.year + 1 else 1900 + yy
    return recent, recent - 100 if recent >= 2000 else recent + 100


def _numeric(lang: str, day: int, month: int, year_text: str, may_swap: bool) -> Reading | None:
    """A fully numeric date. Impossible if no reading exists; month-first
    only when day-first is impossible (12/25/2026)."""
    year = int(year_text)
    if len(year_text) == 2:
        def read(today: dt.date) -> Result:
            main, other = _two_digit_year(year, today)
            period = _period(GREGORIAN, main, month, day)
            alternative = _period(GREGORIAN, other, month, day)
            return _result(period, DAY, GREGORIAN, (alternative[0],) if period and alternative else ())
        return read
    calendar = _calendar_of_year(year, lang)
    if calendar is None:
        return None
    if _period(calendar, year, month, day) is None and may_swap and _period(calendar, year, day, month):
        day, month = month, day
    return _fixed(calendar, year, month, day)


# ---------------------------------------------------------------- grammar

def _alternation(words) -> str:
    """Longest first, so 'تشرين الثاني' wins over 'تشرين'; spaces match any run."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_NUM_START = r"(?<![\w.,/\-])"        # a number not glued to letters or other numbers
_NUM_END = r"(?!\w|[.,/\-]\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|ste|de|e)?"
_YEAR = r"(?P<y>\d{4})"


class _Grammar:
    """The compiled patterns of one language and how each match is read."""

    def __init__(self, lang: str):
        self.lang = lang
        self.months = months(lang)
        self.words = w = relative(lang)
        prefix = w["prefix"]
        month = f"(?P<m>{_alternation(self.months)})"
        self.year_phrases = {k: v for k, v in w["phrases"].items() if v[0] == YEAR}
        year_or_phrase = (rf"(?:,?\s*{_YEAR}\b|\s+(?:of\s+)?(?P<yp>{_alternation(self.year_phrases)})\b)?")
        numbers = rf"(?P<n>\d{{1,3}}|{_alternation(w['numbers'])})"
        units = _alternation(w["units"])
        # not followed by «از» / «من»: counted from another event, not from today
        other = w["from_other_event"]
        not_other = rf"(?!\s+(?:{_alternation(other)})\b)" if other else ""
        self.cue_before = re.compile(rf"(?<!\w){prefix}(?:{_alternation(w['cues'])})\s*$")
        patterns: list[tuple[str, Callable[[re.Match, bool], Reading | None]]] = [
            # «ብ17 ሕዳር», «ب17 نوفمبر»: the language's prefixes glue to a day number too
            (rf"{_NUM_START}{prefix}{_DAY}\.?\s*(?:of\s+)?{prefix}{month}\b{year_or_phrase}", self._named),
            (rf"\b{prefix}{month}\s+{_DAY}\b(?:,?\s*{_YEAR}\b)?", self._named),
            (rf"\b{prefix}{month}\b{year_or_phrase}", self._named),
            (rf"{_NUM_START}(?P<d>\d{{1,2}})(?P<s>\s*[./\-]\s*)(?P<mo>\d{{1,2}})(?P=s)"
             rf"(?P<y>\d{{4}}|\d{{2}}){_NUM_END}", self._dmy),
            (rf"{_NUM_START}(?P<d>\d{{1,2}}) (?P<mo>\d{{1,2}}) (?P<y>\d{{4}}){_NUM_END}", self._dmy),
            (rf"{_NUM_START}(?P<y>\d{{4}})(?P<s>[./\-])(?P<mo>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_NUM_END}",
             self._dmy),
            (rf"{_NUM_START}(?P<mo>\d{{1,2}})[./\-](?P<y>\d{{4}}){_NUM_END}", self._month_year),
            (rf"{_NUM_START}(?P<y>\d{{4}})-(?P<mo>\d{{2}}){_NUM_END}", self._month_year),
            (rf"{_NUM_START}(?P<d>\d{{1,2}})(?P<s>[/.])(?P<mo>\d{{1,2}}){_NUM_END}", self._day_month),
            (rf"{_NUM_START}{_YEAR}{_NUM_END}", self._year),
            (rf"\b{prefix}(?:{_alternation(w['month_words'])})\s+(?P<mo>\d{{1,2}})\b"
             rf"(?:\s*[./\-]?\s*{_YEAR}\b)?", self._month_number),
            (rf"\b{prefix}(?P<ph>{_alternation(w['phrases'])})\b{not_other}", self._phrase),
        ]
        if w["ago_after"]:  # "3 months ago", "دو ماه پیش"
            patterns.append((rf"\b{numbers}\s+(?P<u>{units})\s+(?:{_alternation(w['ago_after'])})\b"
                             rf"{not_other}", self._ago))
        if w["ago_before"]:  # "قبل ٣ أشهر", "منذ شهرين", "ቅድሚ ክልተ ወርሒ"
            about = rf"(?:(?:{_alternation(w['about'])})\s+)?"
            duals = rf"|(?P<dual>{_alternation(w['duals'])})" if w["duals"] else ""
            patterns.append((rf"\b(?:{_alternation(w['ago_before'])})\s+{about}"
                             rf"(?:{numbers}\s+(?P<u>{units}){duals})\b{not_other}", self._ago))
            ago, one = w["ago_one"]
            patterns.append((rf"\b(?:{_alternation(ago)})\s+(?P<u>{_alternation(one)})\b"
                             rf"(?!\s+{prefix}(?:{_alternation(self.months)})\b){not_other}", self._ago))
        if w["last_before"]:  # "last March", "ዝሓለፈ መጋቢት"
            patterns.append((rf"\b(?:{_alternation(w['last_before'])})\s+{prefix}{month}\b", self._last))
        if w["last_after"]:  # "آذار الماضي", "اسد گذشته"
            patterns.append((rf"\b{prefix}(?:(?:{_alternation(w['month_words'])})\s+)?{month}\s+"
                             rf"(?:{_alternation(w['last_after'])})\b", self._last))
        self.patterns = [(re.compile(p), read) for p, read in patterns]
        self.triggers = frozenset(self._trigger_words())
        self.strip_prefix = re.compile(f"^{prefix}") if prefix else None

    def _trigger_words(self) -> Iterator[str]:
        w = self.words
        for table in (self.months, w["phrases"], w["duals"]):
            for key in table:
                yield from key.split()
        yield from w["ago_before"] + w["ago_after"] + w["last_before"] + w["month_words"]

    def might_contain_date(self, folded: str) -> bool:
        """Cheap test before the patterns: a digit or a date word."""
        if any(c.isdigit() for c in folded):
            return True
        for word in re.findall(r"\w+", folded):
            if word in self.triggers:
                return True
            if self.strip_prefix and self.strip_prefix.sub("", word, count=1) in self.triggers:
                return True
        return False

    def matches(self, folded: str, expect_date: bool) -> Iterator[tuple[int, int, Reading]]:
        for pattern, read in self.patterns:
            for match in pattern.finditer(folded):
                reading = read(match, expect_date)
                if reading is not None:
                    yield match.start(), match.end(), reading

    # -- match -> reading

    def _has_cue(self, match: re.Match, expect_date: bool) -> bool:
        """A cue word right before the match, or the bot asked for a date."""
        start = match.start()
        return expect_date or bool(self.cue_before.search(match.string, max(0, start - _CUE_REACH), start))

    def _named(self, match: re.Match, expect_date: bool) -> Reading | None:
        """A month name with a day and/or a year or year phrase, or alone after a cue."""
        month = self.months[" ".join(match.group("m").split())]
        groups = match.groupdict()
        day = int(groups["d"]) if groups.get("d") else None
        if groups.get("y"):
            year = int(groups["y"])
            if _calendar_of_year(year, self.lang) != month.calendar:
                return lambda today: _result(None, MONTH if day is None else DAY, month.calendar)
            return _fixed(month.calendar, year, month.number, day)
        if groups.get("yp"):
            offset = self.year_phrases[" ".join(groups["yp"].split())][1]
            return _month_in_relative_year(month.calendar, month.number, day, offset)
        short = len(match.group("m")) <= 2  # «آب» folds like «أب» (father), «می», «دی»
        if day is None:
            glued = match.group(0) != match.group("m") and not short  # بآذار, ብነሓሰ
            if month.abbreviation or not (glued or self._has_cue(match, expect_date)):
                return None
        elif short and not self._has_cue(match, expect_date):  # «٣ أب»: three fathers
            return None
        return _yearless(month.calendar, month.number, day)

    def _dmy(self, match: re.Match, expect_date: bool) -> Reading | None:
        return _numeric(self.lang, int(match.group("d")), int(match.group("mo")), match.group("y"),
                        may_swap=(match.groupdict().get("s") or "").strip() == "/")

    def _month_year(self, match: re.Match, expect_date: bool) -> Reading | None:
        month, year = int(match.group("mo")), int(match.group("y"))
        calendar = _calendar_of_year(year, self.lang)
        if calendar is None or not 1 <= month <= 12:
            return None
        return _fixed(calendar, year, month, None)

    def _day_month(self, match: re.Match, expect_date: bool) -> Reading | None:
        """'op 3/4': day/month without a year, Gregorian, needs a cue ('.'
        only when a date is expected: 'op 10.30' is a time)."""
        day, month = int(match.group("d")), int(match.group("mo"))
        if not (1 <= month <= 12 and 1 <= day <= 31) or not self._has_cue(match, expect_date):
            return None
        if match.group("s") == "." and not expect_date:
            return None
        return _yearless(GREGORIAN, month, day)

    def _year(self, match: re.Match, expect_date: bool) -> Reading | None:
        year = int(match.group("y"))
        calendar = _calendar_of_year(year, self.lang)
        if calendar is None or not self._has_cue(match, expect_date):
            return None
        return _fixed(calendar, year, None, None)

    def _month_number(self, match: re.Match, expect_date: bool) -> Reading | None:
        """'في شهر ٣', 'شهر 3 2026'. Without a year Gregorian, except in Dari,
        where «ماه ۵» could be either calendar and is left unread."""
        month = int(match.group("mo"))
        if not 1 <= month <= 12:
            return None
        if match.group("y"):
            year = int(match.group("y"))
            calendar = _calendar_of_year(year, self.lang)
            return _fixed(calendar, year, month, None) if calendar else None
        return None if self.lang == "prs" else _yearless(GREGORIAN, month, None)

    def _phrase(self, match: re.Match, expect_date: bool) -> Reading:
        unit, offset = self.words["phrases"][" ".join(match.group("ph").split())]
        return _relative(unit, offset)

    def _ago(self, match: re.Match, expect_date: bool) -> Reading | None:
        groups = match.groupdict()
        if groups.get("dual"):
            return _relative(self.words["duals"][groups["dual"]], -2)
        unit = self.words["units"][groups["u"]]
        number = groups.get("n")
        amount = 1 if number is None else int(number) if number.isdigit() else self.words["numbers"][number]
        return _relative(unit, -amount) if amount else None

    def _last(self, match: re.Match, expect_date: bool) -> Reading:
        month = self.months[" ".join(match.group("m").split())]
        return _last_named_month(month.calendar, month.number)


@functools.lru_cache(maxsize=None)
def _grammar(lang: str) -> _Grammar:
    return _Grammar(lang)


def _best_matches(matches) -> list[tuple[int, int, Reading]]:
    """Longest matches first, then leftmost; no two overlap; in text order."""
    chosen: list[tuple[int, int, Reading]] = []
    for start, end, reading in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, reading))
    return sorted(chosen, key=lambda m: m[0])

"""Checks and conversions shared by the model, the admin, the import and the
write API, so that a value one of them accepts, the others accept too, and
every message says what to write instead (in the editor's language)."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from urllib.parse import urlsplit

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType, shortnumberinfo

from .categories import CATEGORIES

COUNTRIES = [("nl", _("Netherlands")), ("be", _("Belgium"))]
PHONE_REGIONS = ("NL", "BE")
# Short numbers that libphonenumber's metadata (9.0.42) does not know yet:
# 113 Zelfmoordpreventie has been a free short number since October 2025.
EXTRA_SHORT_NUMBERS = {"NL": {"113"}, "BE": set()}
WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
_DUTCH_DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
_ENGLISH_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:u|uur|h)?"
_SPAN = re.compile(_CLOCK + r"\s*(?:-|–|—|tot|to|t/m)\s*" + _CLOCK + r"\.?", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
MAX_SLOTS = 28                 # four opening times a day
MAX_SLOTS_PER_DAY = 4
MAX_LANGUAGES = 20
EARLIEST_VERIFIED = dt.date(2000, 1, 1)


# -- text -------------------------------------------------------------------------
# Line breaks as Word, Excel and browsers paste them; other control characters
# (BEL, ESC, NUL ...) are dropped: XLSX cannot hold them and no reader sees them.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Characters that reorder or hide text: allowed nowhere in names, dropped from longer texts.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u2060\ufeff\u180e\u034f\u00ad"
_JOINERS = "\u200c\u200d"     # needed between letters of Persian (Dari) and Arabic words


def clean_text(value, multiline: bool = True):
    """Text as stored: line breaks as \\n (a single line: spaces), tabs as spaces,
    no other control characters; in longer texts also without characters that
    reorder or hide text. Names keep theirs for validate_visible_text to refuse."""
    if not isinstance(value, str):
        return value
    text = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    text = _CONTROLS.sub("", text)
    if multiline:
        text = "".join(c for c in text if c not in _BIDI_CONTROLS and c not in _INVISIBLE)
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    else:
        text = " ".join(text.split("\n")).strip()
    return text


def _arabic_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("ARABIC")


def validate_visible_text(value) -> None:
    """A name must be what it looks like: no characters that reorder text
    (right-to-left override, ...), none that are invisible (zero-width space,
    ...), and a zero-width (non-)joiner only inside an Arabic-script word, where
    Dari and Arabic need it."""
    if not isinstance(value, str):
        return
    for position, char in enumerate(value):
        if char in _BIDI_CONTROLS or char in _INVISIBLE or _CONTROLS.match(char) or char in "\n\r\x0b":
            bad = True
        elif char in _JOINERS:
            before = value[position - 1] if position else ""
            after = value[position + 1] if position + 1 < len(value) else ""
            bad = not (before and after and _arabic_letter(before) and _arabic_letter(after))
        else:
            bad = False
        if bad:
            raise ValidationError(
                _("Remove the invisible character %(code)s (position %(position)s): it hides or reorders "
                  "text. Type the name again instead of pasting it."),
                code="invisible_character",
                params={"code": f"U+{ord(char):04X}", "position": position + 1})


def validate_formula_free(value) -> None:
    """A name that starts with = would be a formula in a spreadsheet."""
    if isinstance(value, str) and value[:1] == "=":
        raise ValidationError(_("A name cannot start with “=”."), code="formula")


def normalise_phone(raw: str | None, country: str = "nl") -> str:
    """A Dutch or Belgian number as people write it -> E.164 ("" for none).

    The service's own country is tried first: "0800 13 500" is a Belgian
    number for a service in Gent and a Dutch one in Almelo."""
    text = (raw or "").strip()
    if not text:
        return ""
    first = country.upper()
    for region in [first] + [r for r in PHONE_REGIONS if r != first]:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.region_code_for_number(number) not in PHONE_REGIONS:
            continue
        short = not text.startswith("+") and (
            shortnumberinfo.is_valid_short_number_for_region(number, region)
            or phonenumbers.national_significant_number(number) in EXTRA_SHORT_NUMBERS[region])
        if phonenumbers.is_valid_number(number) or short:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValidationError(
        _("%(value)s is not a valid Dutch or Belgian phone number. Write it as you would dial it "
          "(0546 45 69 09) or with the country code (+31 546 45 69 09)."),
        code="invalid_phone", params={"value": f"“{text}”"})


def national_phone(e164: str | None) -> str:
    """+31546456909 -> "0546 456 909": how the number is shown to editors."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_cost_warning(e164: str | None) -> str | None:
    """A warning for numbers that cost callers more than a normal call (090x in the
    Netherlands, 090x/070 in Belgium), None for others. Saved all the same: some
    services only have such a number, but the description should say what it costs."""
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.number_type(number) in (PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST):
        return gettext("%(number)s is a paid number: callers pay more than for a normal call. Say what it "
                        "costs in the description, and give a free number as well if there is one.") % {
            "number": national_phone(e164)}
    return None


# -- links ------------------------------------------------------------------------------
def _scripts(label: str) -> set[str]:
    """The scripts of a host name label's letters (LATIN, CYRILLIC, GREEK ...)."""
    return {unicodedata.name(c, "?").split(" ")[0] for c in label if c.isalpha()}


def validate_https(value: str) -> None:
    """Users follow these links from a chat: only https://, with a plain host name:
    no user name or password before it (https://www.almelo.nl@evil.example/ goes
    to evil.example), and no label that mixes scripts (a Cyrillic а in almelo)."""
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        raise ValidationError(_("Use a secure link that starts with https:// (http:// links are not accepted)."),
                              code="https_only")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise ValidationError(_("Remove the part before “@” in the address: a link cannot contain a user name "
                                "(https://www.almelo.nl@evil.example/ leads to evil.example)."), code="userinfo")
    host = parts.hostname or ""
    if not host or not re.fullmatch(r"[^\s/\\]+", host) or "." not in host:
        raise ValidationError(_("This link has no valid web address after https://."), code="no_host")
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                raise ValidationError(_("This link has a web address that cannot be read."),
                                      code="bad_host") from None
        if len(_scripts(label)) > 1:
            raise ValidationError(
                _("The web address %(host)s mixes alphabets (for example a Cyrillic letter among Latin ones), "
                  "as fake sites do. Type the address again."), code="mixed_script", params={"host": host})


# -- opening hours ----------------------------------------------------------------------
def _day(slot: dict) -> str:
    weekday = slot.get("weekday")
    return str(WEEKDAYS[weekday]) if isinstance(weekday, int) and 0 <= weekday <= 6 else "?"


def validate_opening_hours(value) -> None:
    """[{"weekday": 0-6 (Monday = 0), "opens": "HH:MM", "closes": "HH:MM"}, ...], opens before
    closes, no overlaps, at most four times a day."""
    if not isinstance(value, list):
        raise ValidationError(_("Opening hours must be a list of opening times."), code="invalid_hours")
    if len(value) > MAX_SLOTS:
        raise ValidationError(_("Give at most %(max)s opening times (four a day)."), code="too_many_hours",
                              params={"max": MAX_SLOTS})
    errors = []
    good: dict[int, list[tuple[str, str]]] = {}
    for number, slot in enumerate(value, 1):
        if not isinstance(slot, dict) or set(slot) != {"weekday", "opens", "closes"}:
            errors.append(_("Opening time %(number)s: give exactly weekday, opens and closes.") % {"number": number})
            continue
        weekday, opens, closes = slot["weekday"], slot["opens"], slot["closes"]
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors.append(_("Opening time %(number)s: weekday must be 0 (Monday) to 6 (Sunday).") % {"number": number})
        elif not all(isinstance(t, str) and _TIME.fullmatch(t) for t in (opens, closes)):
            errors.append(_("Opening time %(number)s (%(day)s): write times as HH:MM, for example 09:30.") % {
                "number": number, "day": _day(slot)})
        elif opens >= closes:
            errors.append(_("Opening time %(number)s (%(day)s %(opens)s-%(closes)s): the closing time must be "
                            "later than the opening time.") % {"number": number, "day": _day(slot),
                                                              "opens": opens, "closes": closes})
        else:
            good.setdefault(weekday, []).append((opens, closes))
    for weekday, spans in good.items():
        spans.sort()
        if len(spans) > MAX_SLOTS_PER_DAY:
            errors.append(_("%(day)s: give at most four opening times a day.") % {"day": WEEKDAYS[weekday]})
        for (opens, closes), (next_opens, next_closes) in zip(spans, spans[1:]):
            if next_opens < closes:
                errors.append(_("%(day)s: %(first)s and %(second)s overlap.") % {
                    "day": WEEKDAYS[weekday], "first": f"{opens}-{closes}", "second": f"{next_opens}-{next_closes}"})
    if errors:
        raise ValidationError(errors, code="invalid_hours")


def _weekday(word: str) -> int | None:
    word = word.lower().rstrip(":.")
    if word[:2] in _DUTCH_DAYS:
        return _DUTCH_DAYS.index(word[:2])
    if word[:3] in _ENGLISH_DAYS:
        return _ENGLISH_DAYS.index(word[:3])
    return None


def _days(spec: str, part: str) -> list[int]:
    """"ma", "ma-vr", "ma t/m vr", "ma, wo en vr" -> weekdays."""
    days: list[int] = []
    for piece in re.split(r"\s*(?:,|&|\ben\b|\band\b)\s*", spec.strip(), flags=re.IGNORECASE):
        if not piece:
            continue
        ends = re.split(r"\s*(?:-|–|t/m|tot en met|to|through)\s*", piece, flags=re.IGNORECASE)
        found = [_weekday(end) for end in ends if end]
        if not found or None in found or len(found) > 2:
            raise ValidationError(_("“%(part)s”: start with a day (ma, di, wo, do, vr, za, zo), or days "
                                    "(ma-vr)."), code="invalid_hours", params={"part": part})
        first, last = found[0], found[-1]
        days += list(range(first, last + 1)) if last >= first else [*range(first, 7), *range(0, last + 1)]
    return days


def parse_opening_hours(text: str) -> list[dict]:
    """Opening hours as an editor types them, "ma 09:30-11:30, 13:00-16:00; vr 9-12"
    (Dutch or English day names, day ranges "ma-vr", whole hours "9-12", one day
    per line or separated by ";"), or JSON."""
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise ValidationError(_("These opening hours are not valid JSON."), code="invalid_hours") from None
    slots = []
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]+", text))):
        match = re.search(r"\d", part)
        if not match:
            raise ValidationError(_("“%(part)s”: give the times, for example ma 09:30-11:30."),
                                  code="invalid_hours", params={"part": part})
        spec, spans = part[:match.start()], part[match.start():]
        days = _days(spec, part)
        if not days:
            raise ValidationError(_("“%(part)s”: start with a day (ma, di, wo, do, vr, za, zo), or days "
                                    "(ma-vr)."), code="invalid_hours", params={"part": part})
        for span in filter(None, (s.strip() for s in re.split(r",|\ben\b|\band\b", spans))):
            found = _SPAN.fullmatch(span)
            if not found:
                raise ValidationError(_("“%(part)s”: write each time span as 09:30-11:30 or 9-12."),
                                      code="invalid_hours", params={"part": part})
            h1, m1, h2, m2 = found.groups()
            opens, closes = f"{int(h1):02d}:{m1 or '00'}", f"{int(h2):02d}:{m2 or '00'}"
            if opens > "23:59" or closes > "24:00" or int(h1) > 24 or int(h2) > 24:
                raise ValidationError(_("“%(part)s”: a time of day goes from 00:00 to 23:59."),
                                      code="invalid_hours", params={"part": part})
            if closes == "24:00":
                closes = "23:59"
            slots += [{"weekday": day, "opens": opens, "closes": closes} for day in days]
    return sorted(slots, key=lambda slot: (slot["weekday"], slot["opens"]))


def format_opening_hours(slots) -> str:
    """The inverse of parse_opening_hours: "ma 09:30-11:30, 13:00-16:00; vr 09:30-11:30"."""
    by_day: dict[int, list[str]] = {}
    for slot in sorted(slots or [], key=lambda s: (s["weekday"], s["opens"])):
        by_day.setdefault(slot["weekday"], []).append(f"{slot['opens']}-{slot['closes']}")
    return "; ".join(f"{_DUTCH_DAYS[day]} {', '.join(spans)}" for day, spans in by_day.items())


# -- lists and dates ----------------------------------------------------------------
def parse_list(text: str) -> list[str]:
    """ "nl, ar ,en" -> ["nl", "ar", "en"] (commas, semicolons or spaces)."""
    return [item for item in re.split(r"[\s,;]+", (text or "").strip()) if item]


def validate_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(c, str) and _LANGUAGE_CODE.fullmatch(c) for c in value):
        raise ValidationError(_("Languages spoken: give language codes of 2 or 3 lowercase letters, "
                                "for example nl, ar, ti, prs, en."), code="invalid_languages")
    if len(value) > MAX_LANGUAGES:
        raise ValidationError(_("Languages spoken: give at most %(max)s languages."), code="too_many_languages",
                              params={"max": MAX_LANGUAGES})
    if len(set(value)) != len(value):
        raise ValidationError(_("Languages spoken: each language once."), code="repeated_language")


def validate_categories(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one category."), code="no_category")
    unknown = [str(slug) for slug in value if slug not in CATEGORIES]
    if unknown:
        raise ValidationError(_("Unknown category %(unknown)s; known categories: %(known)s."),
                              code="unknown_category",
                              params={"unknown": ", ".join(unknown), "known": ", ".join(CATEGORIES)})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each category once."), code="repeated_category")


def validate_verified_date(value) -> None:
    """The day the details were checked: not in the future, not before 2000."""
    if isinstance(value, dt.date) and value > timezone.localdate():
        raise ValidationError(_("The day of the last check cannot be in the future."), code="future_date")
    if isinstance(value, dt.date) and value < EARLIEST_VERIFIED:
        raise ValidationError(_("Give the day the details were last checked (after 2000)."), code="old_date")


def validate_display_names(value) -> None:
    """Municipality display names: {"en": "The Hague", "ar": "لاهاي"}."""
    from .models import LANGUAGES

    if not isinstance(value, dict):
        raise ValidationError(_('Give the names as {"en": "The Hague", "ar": "لاهاي"}.'), code="invalid_names")
    for language, name in value.items():
        if language not in LANGUAGES or not isinstance(name, str) or not 0 < len(name) <= 100:
            raise ValidationError(_("Names: one name (at most 100 characters) per language code %(codes)s."),
                                  code="invalid_names", params={"codes": ", ".join(LANGUAGES)})
        validate_visible_text(name)


# -- waiting figures ------------------------------------------------------------------
_MONTH_NAMES = {
    **{name: number for number, name in enumerate(
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december"], 1)},
    **{name: number for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"], 1)},
    "mrt": 3, "okt": 10, "sept": 9,
}


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in _MONTH_NAMES:
        return _MONTH_NAMES[word]
    found = {number for name, number in _MONTH_NAMES.items() if len(word) >= 3 and name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def parse_month(text) -> dt.date | None:
    """A month as an editor types it, "2024-06", "06-2024", "6/2024", "juni 2024" or
    "June 2024" (or a date in it, 2024-06-01 or 01-06-2024) -> its first day (None
    for nothing)."""
    if isinstance(text, dt.date):
        return text.replace(day=1)
    text = (text or "").strip()
    if not text:
        return None
    year = month = None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})-(\d{1,2})-(\d{4})", text):
        # a whole date (2024-06-01, 01-06-2024): its month
        y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(6), match.group(5), match.group(4))
        try:
            return dt.date(int(y), int(m), int(d)).replace(day=1)
        except ValueError:
            pass
    elif match := re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", text):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{4})", text):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := re.fullmatch(r"([^\W\d_]+\.?)\s+(\d{4})", text):
        month, year = _month_number(match.group(1)), int(match.group(2))
    if not (year and month and 1 <= month <= 12 and 1900 < year < 2200):
        raise ValidationError(_("“%(value)s” is not a month: write it as 2024-06 or juni 2024."),
                              code="invalid_month", params={"value": text})
    return dt.date(year, month, 1)


def validate_month(value) -> None:
    """A month (stored as its first day): not after the current month, not before 2000."""
    if not isinstance(value, dt.date):
        return
    if value.replace(day=1) > timezone.localdate().replace(day=1):
        raise ValidationError(_("This month is still to come: give a month the authority has already "
                                "started on."), code="future_month")
    if value < EARLIEST_VERIFIED:
        raise ValidationError(_("Give a month after 2000."), code="old_month")


def validate_published_date(value) -> None:
    """The day the authority published the figure (or the page was read): not in the
    future, not before 2000."""
    if isinstance(value, dt.date) and value > timezone.localdate():
        raise ValidationError(_("The publication date cannot be in the future."), code="future_date")
    if isinstance(value, dt.date) and value < EARLIEST_VERIFIED:
        raise ValidationError(_("Give the day the figure was published (after 2000)."), code="old_date")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))

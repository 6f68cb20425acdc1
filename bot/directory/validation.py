"""Checks and conversions shared by the model, the admin, the import and the
write API, so that a value one of them accepts, the others accept too, and
every message says what to write instead."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import phonenumbers
from django.core.exceptions import ValidationError
from phonenumbers import shortnumberinfo

from .categories import CATEGORIES

COUNTRIES = [("nl", "Netherlands"), ("be", "Belgium")]
PHONE_REGIONS = ("NL", "BE")
# Short numbers that libphonenumber's metadata (9.0.42) does not know yet:
# 113 Zelfmoordpreventie has been a free short number since October 2025.
EXTRA_SHORT_NUMBERS = {"NL": {"113"}, "BE": set()}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DUTCH_DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
_ENGLISH_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_SPAN = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


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
        "%(value)s is not a valid Dutch or Belgian phone number. Write it as you would dial it "
        "(0546 45 69 09) or with the country code (+31 546 45 69 09).",
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


def validate_https(value: str) -> None:
    """Users follow these links from a chat: plain http:// is not accepted."""
    if value and urlsplit(value).scheme.lower() != "https":
        raise ValidationError("Use a secure link that starts with https:// (http:// links are not accepted).",
                              code="https_only")


def _day(slot: dict) -> str:
    weekday = slot.get("weekday")
    return WEEKDAYS[weekday] if isinstance(weekday, int) and 0 <= weekday <= 6 else "?"


def validate_opening_hours(value) -> None:
    """[{"weekday": 0-6 (Monday = 0), "opens": "HH:MM", "closes": "HH:MM"}, ...], opens before closes."""
    if not isinstance(value, list):
        raise ValidationError("Opening hours must be a list of opening times.", code="invalid_hours")
    errors = []
    for number, slot in enumerate(value, 1):
        if not isinstance(slot, dict) or set(slot) != {"weekday", "opens", "closes"}:
            errors.append(f"Opening time {number}: give exactly weekday, opens and closes.")
            continue
        weekday, opens, closes = slot["weekday"], slot["opens"], slot["closes"]
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors.append(f"Opening time {number}: weekday must be 0 (Monday) to 6 (Sunday).")
        elif not all(isinstance(t, str) and _TIME.fullmatch(t) for t in (opens, closes)):
            errors.append(f"Opening time {number} ({_day(slot)}): write times as HH:MM, for example 09:30.")
        elif opens >= closes:
            errors.append(f"Opening time {number} ({_day(slot)} {opens}-{closes}): "
                          "the closing time must be later than the opening time.")
    if errors:
        raise ValidationError(errors, code="invalid_hours")


def parse_opening_hours(text: str) -> list[dict]:
    """Opening hours as an editor types them, "ma 09:30-11:30, 13:00-16:00; vr 09:30-11:30"
    (Dutch or English day names, one day per line or separated by ";"), or JSON."""
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            raise ValidationError("These opening hours are not valid JSON.", code="invalid_hours") from None
    slots = []
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]+", text))):
        day, _, spans = part.partition(" ")
        day = day.lower().rstrip(":.")
        if day[:2] in _DUTCH_DAYS:
            weekday = _DUTCH_DAYS.index(day[:2])
        elif day[:3] in _ENGLISH_DAYS:
            weekday = _ENGLISH_DAYS.index(day[:3])
        else:
            raise ValidationError(f"“{part}”: start with a day (ma, di, wo, do, vr, za, zo).", code="invalid_hours")
        for span in filter(None, (s.strip() for s in spans.split(","))):
            match = _SPAN.fullmatch(span)
            if not match:
                raise ValidationError(f"“{part}”: write each time span as 09:30-11:30.", code="invalid_hours")
            h1, m1, h2, m2 = match.groups()
            slots.append({"weekday": weekday, "opens": f"{int(h1):02d}:{m1}", "closes": f"{int(h2):02d}:{m2}"})
    return slots


def format_opening_hours(slots) -> str:
    """The inverse of parse_opening_hours: "ma 09:30-11:30, 13:00-16:00; vr 09:30-11:30"."""
    by_day: dict[int, list[str]] = {}
    for slot in sorted(slots or [], key=lambda s: (s["weekday"], s["opens"])):
        by_day.setdefault(slot["weekday"], []).append(f"{slot['opens']}-{slot['closes']}")
    return "; ".join(f"{_DUTCH_DAYS[day]} {', '.join(spans)}" for day, spans in by_day.items())


def parse_list(text: str) -> list[str]:
    """ "nl, ar ,en" -> ["nl", "ar", "en"] (commas, semicolons or spaces)."""
    return [item for item in re.split(r"[\s,;]+", (text or "").strip()) if item]


def validate_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(c, str) and _LANGUAGE_CODE.fullmatch(c) for c in value):
        raise ValidationError("Languages spoken: give language codes of 2 or 3 lowercase letters, "
                              "for example nl, ar, ti, prs, en.", code="invalid_languages")


def validate_categories(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one category.", code="no_category")
    unknown = [str(slug) for slug in value if slug not in CATEGORIES]
    if unknown:
        raise ValidationError("Unknown category %(unknown)s; known categories: %(known)s.", code="unknown_category",
                              params={"unknown": ", ".join(unknown), "known": ", ".join(CATEGORIES)})

"""Solar Hijri <-> Gregorian, and dates written for the user.

Afghanistan and Iran share the Solar Hijri calendar (same year start at
Nowruz, same month lengths); only the month names differ. The conversion is
persiantools' (MIT), which follows the official Iranian leap-year table; it
agrees with jdatetime for every year from 1300 to 1499.
"""
from __future__ import annotations

import datetime as dt

from persiantools.jdatetime import JalaliDate

from bot.core import formatting

AFGHAN_MONTHS = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله",
                 "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")


def from_solar_hijri(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Solar Hijri one; ValueError if it does not exist."""
    return JalaliDate(year, month, day).to_gregorian()


def to_solar_hijri(date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) in the Solar Hijri calendar."""
    jalali = JalaliDate.to_jalali(date)
    return jalali.year, jalali.month, jalali.day


def solar_hijri_month(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Solar Hijri month."""
    days = JalaliDate.days_in_month(month, year)
    return from_solar_hijri(year, month, 1), from_solar_hijri(year, month, days)


def solar_hijri_year(year: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Solar Hijri year (Nowruz to Nowruz)."""
    return from_solar_hijri(year, 1, 1), from_solar_hijri(year + 1, 1, 1) - dt.timedelta(days=1)


def format_solar_hijri(date: dt.date) -> str:
    """'۱۵ سنبله ۱۴۰۵': the Afghan way of writing a date, Persian digits."""
    year, month, day = to_solar_hijri(date)
    return formatting.localise_digits(f"{day} {AFGHAN_MONTHS[month - 1]} {year}", "prs")


def format_date(date: dt.date, lang: str) -> str:
    """A date for an answer in the user's language: CLDR's long format in the
    user's locale and digits; for Dari also the Solar Hijri date people live
    by, '۶ سپتمبر ۲۰۲۶ (۱۵ سنبله ۱۴۰۵)'."""
    text = formatting.date(date, lang)
    if lang == "prs":
        text = f"{text} ({format_solar_hijri(date)})"
    return text


def format_period(first: dt.date, last: dt.date, lang: str) -> str:
    """A day or a period (a month, a week) the way format_date writes a day."""
    if first == last:
        return format_date(first, lang)
    text = formatting.period(first, last, lang)
    if lang == "prs":
        text = f"{text} ({format_solar_hijri(first)} – {format_solar_hijri(last)})"
    return text

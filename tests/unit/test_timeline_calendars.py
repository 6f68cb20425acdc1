"""Solar Hijri conversion and dates written in the user's locale and digits."""
import datetime as dt

import pytest

from bot.timeline.calendars import (
    format_date, format_solar_hijri, from_solar_hijri, solar_hijri_month, solar_hijri_year, to_solar_hijri,
)

D = dt.date


@pytest.mark.parametrize("solar, gregorian", [
    ((1405, 6, 15), D(2026, 9, 6)),
    ((1405, 1, 1), D(2026, 3, 21)),
    ((1403, 1, 1), D(2024, 3, 20)),
    ((1403, 12, 30), D(2025, 3, 20)),     # leap day of a leap year
    ((1404, 12, 29), D(2026, 3, 20)),
    ((1398, 1, 1), D(2019, 3, 21)),
])
def test_solar_hijri_round_trip(solar, gregorian):
    assert from_solar_hijri(*solar) == gregorian
    assert to_solar_hijri(gregorian) == solar


def test_no_30_hoot_in_a_common_year():
    with pytest.raises(ValueError):
        from_solar_hijri(1404, 12, 30)


def test_solar_hijri_periods():
    assert solar_hijri_month(1405, 6) == (D(2026, 8, 23), D(2026, 9, 22))
    assert solar_hijri_month(1405, 7) == (D(2026, 9, 23), D(2026, 10, 22))   # 30-day months from Mizan
    assert solar_hijri_year(1403) == (D(2024, 3, 20), D(2025, 3, 20))


def test_afghan_solar_hijri_with_persian_digits():
    assert format_solar_hijri(D(2026, 9, 6)) == "۱۵ سنبله ۱۴۰۵"
    assert format_solar_hijri(D(2027, 1, 5)) == "۱۵ جدی ۱۴۰۵"


@pytest.mark.parametrize("lang, text", [
    ("nl", "6 september 2026"),
    ("en", "6 September 2026"),
    ("ar", "٦ أيلول ٢٠٢٦"),                          # Levantine month, Arabic-Indic digits
    ("prs", "۶ سپتمبر ۲۰۲۶ (۱۵ سنبله ۱۴۰۵)"),         # Afghan month names, Persian digits
    ("ti", "6 መስከረም 2026"),                          # day first, as Eritrean readers write it
])
def test_format_date_per_language(lang, text):
    assert format_date(D(2026, 9, 6), lang) == text


def test_tigrinya_dates_use_the_eritrean_spelling_of_may():
    from bot.timeline.calendars import format_date, format_period

    assert format_date(dt.date(2026, 5, 1), "ti") == "1 ግንቦት 2026"
    assert "ግንቦት" in format_period(dt.date(2026, 5, 1), dt.date(2026, 5, 31), "ti")

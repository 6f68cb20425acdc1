"""find_dates: the date a user means, in five languages, three digit
systems and two calendars; and nothing where there is no date."""
import datetime as dt

import pytest

from bot.timeline.dates import find_dates

TODAY = dt.date(2026, 12, 7)  # a Monday


def one(text, lang, today=TODAY, **kwargs):
    found = find_dates(text, lang, today, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("lang, text, iso", [
    # Day first, every separator, Western / Arabic-Indic / Persian digits.
    ("nl", "aangevraagd op 3/4/2026", "2026-04-03"),
    ("nl", "3-4-2026", "2026-04-03"),
    ("nl", "03.04.2026", "2026-04-03"),
    ("en", "3 4 2026", "2026-04-03"),
    ("en", "3 / 4 / 2026", "2026-04-03"),
    ("ar", "١٥/٠٣/٢٠٢٦", "2026-03-15"),
    ("prs", "۱۵/۰۳/۲۰۲۶", "2026-03-15"),
    # A four-digit year first is year-month-day (ISO).
    ("en", "2025-03-04", "2025-03-04"),
    # Month-first only where day-first is impossible.
    ("en", "12/25/2026", "2026-12-25"),
    # Month names with a year.
    ("en", "the 3rd of March 2025", "2025-03-03"),
    ("en", "March 3rd, 2025", "2025-03-03"),
    ("en", "3 Sept 2025", "2025-09-03"),
    ("nl", "3 mrt 2025", "2025-03-03"),
    ("nl", "31 mei 2026", "2026-05-31"),
    ("ar", "قدمنا في ٣ آذار ٢٠٢٦", "2026-03-03"),
    ("ar", "3 اذار 2026", "2026-03-03"),
    ("ar", "١ كانون الثاني ٢٠٢٦", "2026-01-01"),
    ("ar", "١ كانون ثاني ٢٠٢٦", "2026-01-01"),
    ("ar", "٥ تشرين الاول ٢٠٢٥", "2025-10-05"),
    ("ar", "٥ تشرين أول ٢٠٢٥", "2025-10-05"),
    ("ar", "٣ مارس ٢٠٢٦", "2026-03-03"),
    ("ar", "٣ ابريل ٢٠٢٦", "2026-04-03"),
    ("ar", "٣ أبريل ٢٠٢٦", "2026-04-03"),
    ("ar", "١٠ يونيه ٢٠٢٦", "2026-06-10"),
    ("ar", "وصلنا في ٣ آب", "2026-08-03"),   # a short month name needs a cue or a year
    ("ar", "٣ آب ٢٠٢٦", "2026-08-03"),
    ("prs", "۳ مارچ ۲۰۲۶", "2026-03-03"),
    ("prs", "۱ جنوری ۲۰۲۶", "2026-01-01"),
    ("prs", "۲۰ اگست ۲۰۲۶", "2026-08-20"),
    ("prs", "۲۰ آگست ۲۰۲۶", "2026-08-20"),
    ("prs", "۵ دسمبر ۲۰۲۵", "2025-12-05"),
    ("ti", "3 መጋቢት 2026", "2026-03-03"),
    ("ti", "15 ነሓሰ 2025", "2025-08-15"),
    ("ti", "15 ነሐሰ 2025", "2025-08-15"),   # ሓ/ሐ
    ("ti", "1 ግንቦት 2026", "2026-05-01"),  # the Eritrean spelling, not CLDR's ጉንበት
    ("ti", "1 ጉንበት 2026", "2026-05-01"),
    ("ti", "20 ሰነ 2026", "2026-06-20"),
    ("ti", "20 ሠነ 2026", "2026-06-20"),     # ሰ/ሠ
    ("ti", "7 ለካቲት 2026", "2026-02-07"),
    ("ti", "25 ታሕሳስ 2025", "2025-12-25"),
])
def test_absolute_dates(lang, text, iso):
    found = one(text, lang)
    assert (found.iso, found.granularity, found.calendar, found.problem) == (iso, "day", "gregorian", None)


def test_eritrean_months_are_the_gregorian_months():
    """ጥሪ..ታሕሳስ are January..December in Eritrea (not the Ethiopian calendar)."""
    names = ["ጥሪ", "ለካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰነ", "ሓምለ", "ነሓሰ", "መስከረም", "ጥቅምቲ", "ሕዳር", "ታሕሳስ"]
    assert [one(f"1 {name} 2026", "ti").iso for name in names] == [f"2026-{m:02d}-01" for m in range(1, 13)]


@pytest.mark.parametrize("text, iso", [
    ("۱۵ سنبله ۱۴۰۵", "2026-09-06"),
    ("۱۵ شهریور ۱۴۰۵", "2026-09-06"),   # the Iranian name of the same month
    ("15 سنبلة 1405", "2026-09-06"),      # Arabic keyboard, Western digits
    ("۱ حمل ۱۴۰۵", "2026-03-21"),         # Nowruz
    ("۱۴۰۵/۰۶/۱۵", "2026-09-06"),         # year first, as Afghans write it
    ("۱۵/۶/۱۴۰۵", "2026-09-06"),
    ("۳۰ حوت ۱۴۰۳", "2025-03-20"),        # 1403 is a leap year
])
def test_solar_hijri_dates_in_dari(text, iso):
    found = one(text, "prs")
    assert (found.iso, found.calendar, found.problem) == (iso, "solar_hijri", None)


def test_afghan_and_iranian_month_names_cover_the_year():
    afghan = ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"]
    iranian = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
    for afghan_name, iranian_name in zip(afghan, iranian, strict=True):
        assert one(f"۱ {afghan_name} ۱۴۰۴", "prs").date == one(f"۱ {iranian_name} ۱۴۰۴", "prs").date


def test_solar_hijri_month_and_year_are_periods():
    month = one("در اسد ۱۴۰۵", "prs")
    assert (month.date, month.until, month.granularity, month.problem) == (
        dt.date(2026, 7, 23), dt.date(2026, 8, 22), "month", "partial")
    assert month.iso == "2026-07-23/2026-08-22"
    year = one("از سال ۱۳۹۸", "prs")
    assert (year.date, year.until, year.calendar) == (dt.date(2019, 3, 21), dt.date(2020, 3, 19), "solar_hijri")


def test_dari_solar_hijri_month_without_year_is_the_last_one():
    found = one("در سنبله", "prs")
    assert (found.date, found.calendar) == (dt.date(2026, 8, 23), "solar_hijri")


@pytest.mark.parametrize("lang, text, iso", [
    ("en", "I got my status in August, am I too late?", "2026-08"),
    ("nl", "in augustus", "2026-08"),
    ("nl", "sinds maart", "2026-03"),
    ("nl", "mei 2025", "2025-05"),
    ("en", "aug 2025", "2025-08"),
    ("ar", "حصلت على الاقامة في نيسان", "2026-04"),
    ("ar", "حصلت على الاقامة بآذار", "2026-03"),
    ("ar", "بتشرين الثاني", "2026-11"),
    ("ar", "في شهر ٣", "2026-03"),
    ("ar", "شهر ٣ ٢٠٢٥", "2025-03"),
    ("ar", "في أغسطس", "2026-08"),
    ("ar", "آب ٢٠٢٥", "2025-08"),
    ("ar", "في آب", "2026-08"),
    ("prs", "در ماه اگست", "2026-08"),
    ("ti", "ብነሓሰ", "2026-08"),
    ("ti", "ኣብ ወርሒ መስከረም", "2026-09"),
    ("en", "03/2026", "2026-03"),
    ("en", "2026-03", "2026-03"),
])
def test_month_only_is_partial(lang, text, iso):
    found = one(text, lang)
    assert (found.iso, found.granularity, found.problem) == (iso, "month", "partial")


def test_a_year_after_a_cue_is_a_year():
    found = one("we live here since 2019", "en")
    assert (found.iso, found.granularity, found.problem) == ("2019", "year", "partial")
    assert one("منذ ٢٠١٩", "ar").iso == "2019"


@pytest.mark.parametrize("lang, text, iso, granularity", [
    ("en", "4 months ago", "2026-08", "month"),
    ("en", "two months ago", "2026-10", "month"),
    ("en", "a year ago", "2025", "year"),
    ("en", "3 days ago", "2026-12-04", "day"),
    ("en", "last March", "2026-03", "month"),
    ("en", "last week", "2026-W49", "week"),
    ("en", "yesterday", "2026-12-06", "day"),
    ("en", "today", "2026-12-07", "day"),
    ("nl", "vorige maand", "2026-11", "month"),
    ("nl", "3 maanden geleden", "2026-09", "month"),
    ("nl", "twee weken geleden", "2026-W48", "week"),
    ("nl", "eergisteren", "2026-12-05", "day"),
    ("nl", "vorig jaar", "2025", "year"),
    ("nl", "mei vorig jaar", "2025-05", "month"),
    ("nl", "afgelopen december", "2025-12", "month"),
    ("ar", "قبل شهرين", "2026-10", "month"),
    ("ar", "منذ شهرين", "2026-10", "month"),
    ("ar", "قبل ٣ أشهر", "2026-09", "month"),
    ("ar", "قبل 3 اشهر", "2026-09", "month"),
    ("ar", "قبل ثلاثة شهور", "2026-09", "month"),
    ("ar", "من ٣ شهور", "2026-09", "month"),
    ("ar", "قبل حوالي ٣ أشهر", "2026-09", "month"),
    ("ar", "قبل شهر", "2026-11", "month"),
    ("ar", "قبل اسبوعين", "2026-W48", "week"),
    ("ar", "قبل يومين", "2026-12-05", "day"),
    ("ar", "أمس", "2026-12-06", "day"),
    ("ar", "مبارح", "2026-12-06", "day"),
    ("ar", "الشهر الماضي", "2026-11", "month"),
    ("ar", "بالشهر الماضي", "2026-11", "month"),
    ("ar", "آذار الماضي", "2026-03", "month"),
    ("ar", "السنة الماضية", "2025", "year"),
    ("prs", "دو ماه پیش", "2026-10", "month"),
    ("prs", "۳ ماه پیش", "2026-09", "month"),
    ("prs", "سه روز پیش", "2026-12-04", "day"),
    ("prs", "دو هفته قبل", "2026-W48", "week"),
    ("prs", "دیروز", "2026-12-06", "day"),
    ("prs", "ماه گذشته", "2026-11", "month"),
    ("prs", "پارسال", "2025", "year"),
    ("ti", "ቅድሚ ክልተ ወርሒ", "2026-10", "month"),
    ("ti", "ቅድሚ 2 ወርሒ", "2026-10", "month"),
    ("ti", "ቅድሚ ሰለስተ ሰሙን", "2026-W47", "week"),
    ("ti", "ቅድሚ ወርሒ", "2026-11", "month"),
    ("ti", "ዝሓለፈ ወርሒ", "2026-11", "month"),
    ("ti", "ዝሐለፈ ሰሙን", "2026-W49", "week"),
    ("ti", "ትማሊ", "2026-12-06", "day"),
    ("ti", "ሎሚ", "2026-12-07", "day"),
    ("ti", "ዝሓለፈ መጋቢት", "2026-03", "month"),
])
def test_relative_dates(lang, text, iso, granularity):
    found = one(text, lang)
    assert (found.iso, found.granularity, found.calendar) == (iso, granularity, "gregorian")
    assert found.problem == (None if granularity == "day" else "partial")


def test_last_named_month_in_that_month_is_a_year_back():
    assert one("last March", "en", today=dt.date(2026, 3, 15)).iso == "2025-03"
    assert one("in March", "en", today=dt.date(2026, 3, 15)).iso == "2026-03"


def test_relative_month_arithmetic_at_month_ends_and_year_turn():
    assert one("3 months ago", "en", today=dt.date(2026, 5, 31)).iso == "2026-02"
    assert one("last month", "en", today=dt.date(2026, 1, 1)).iso == "2025-12"
    assert one("yesterday", "en", today=dt.date(2024, 3, 1)).iso == "2024-02-29"


@pytest.mark.parametrize("lang, text", [
    ("en", "31/02/2026"),
    ("nl", "29-02-2025"),          # not a leap year
    ("ar", "٣٠ شباط"),             # no year has it
    ("ar", "31 نيسان 2026"),
    ("en", "31 April"),
    ("en", "45/13/2026"),
    ("prs", "۳۰ حوت ۱۴۰۴"),        # 1404 is not a leap year
    ("prs", "۳۲ حمل ۱۴۰۵"),
    ("prs", "۱۵ سنبله ۲۰۲۶"),      # a Solar Hijri month with a Gregorian year
])
def test_impossible_dates(lang, text):
    found = one(text, lang)
    assert (found.problem, found.date, found.until, found.iso) == ("impossible", None, None, None)


def test_29_february_without_a_year_is_the_last_leap_day():
    assert one("29 februari", "nl").date == dt.date(2024, 2, 29)


def test_two_digit_year_is_ambiguous():
    found = one("op 12.05.25", "nl")
    assert (found.date, found.problem) == (dt.date(2025, 5, 12), "ambiguous")
    assert found.alternatives == (dt.date(1925, 5, 12),)
    assert one("12.05.85", "nl").date == dt.date(1985, 5, 12)


def test_no_year_near_the_coming_occurrence_is_ambiguous():
    """In December "January" may be the coming one; "August" may not."""
    january = one("in January", "en")
    assert (january.iso, january.problem, january.alternatives) == ("2026-01", "ambiguous", (dt.date(2027, 1, 1),))
    assert one("in augustus", "nl").problem == "partial"
    soon = one("on 3 January", "en")
    assert (soon.date, soon.problem, soon.alternatives) == (dt.date(2026, 1, 3), "ambiguous", (dt.date(2027, 1, 3),))
    assert one("we applied on 3 March", "en").problem is None


def test_day_month_without_year_is_the_last_not_in_the_future():
    assert one("we applied on 3 March", "en").date == dt.date(2026, 3, 3)
    assert one("on 7 December", "en").date == TODAY                     # today is not the future
    assert one("on 8 December", "en").date == dt.date(2025, 12, 8)
    assert one("op 3/4", "nl").date == dt.date(2026, 4, 3)


@pytest.mark.parametrize("lang, text", [
    ("en", "3 children"),
    ("en", "I am 25"),
    ("en", "I am 25 years old"),
    ("en", "90 days"),
    ("en", "the IND decides within 90 days"),
    ("en", "GM0141"),
    ("en", "my postcode is 7607 AB"),
    ("nl", "postcode 7607AB"),
    ("en", "113"),
    ("en", "call 0800-0113"),
    ("nl", "bel 06-12345678"),
    ("en", "may I ask something"),
    ("en", "we march to the office"),
    ("en", "an august institution"),
    ("en", "I paid 2000 euro"),
    ("en", "3/4 of the people"),
    ("nl", "om 10.30 uur"),
    ("nl", "ik ben 25"),
    ("nl", "3 kinderen"),
    ("nl", "Jan is mijn broer"),
    ("ar", "عندي ٣ اولاد"),
    ("ar", "عمري ٢٥ سنة"),
    ("ar", "أب وأم"),
    ("ar", "بأب"),
    ("ar", "عندي ٣ أب"),
    ("prs", "۲ می خواهم"),
    ("ar", "من يوم ما وصلت"),
    ("ar", "السنة ١٤٤٧"),           # an Islamic lunar year: not read
    ("prs", "من ۲۵ سال دارم"),
    ("prs", "مهر زدند"),            # a stamp, not the month Mehr
    ("prs", "آب می خواهم"),
    ("prs", "سرطان دارد"),          # cancer
    ("prs", "۳ ماه قبل از تصمیم"),  # before something else, not before today
    ("ti", "ሰላም"),
    ("ti", "3 ቆልዑ ኣለዉኒ"),
])
def test_not_dates(lang, text):
    assert find_dates(text, lang, TODAY) == []


def test_a_lone_month_or_year_is_an_answer_when_a_date_is_expected():
    assert find_dates("August", "en", TODAY) == []
    assert one("August", "en", expect_date=True).iso == "2026-08"
    assert find_dates("2019", "en", TODAY) == []
    assert one("2019", "en", expect_date=True).iso == "2019"
    assert one("۱۳۹۸", "prs", expect_date=True).calendar == "solar_hijri"
    assert one("3.4", "nl", expect_date=True).date == dt.date(2026, 4, 3)


def test_spans_point_into_the_original_text():
    text = "We kregen de beslissing op 3 maart 2026 en vroegen 3 maanden geleden aan"
    found = find_dates(text, "nl", TODAY)
    assert [f.text for f in found] == ["3 maart 2026", "3 maanden geleden"]
    assert [text[f.span[0]:f.span[1]] for f in found] == ["3 maart 2026", "3 maanden geleden"]
    arabic = "قدّمنا في ٣ آذار ٢٠٢٦"  # the shadda is dropped in matching, kept in the span
    found = one(arabic, "ar")
    assert arabic[found.span[0]:found.span[1]] == found.text == "٣ آذار ٢٠٢٦"


def test_week_iso_and_bounds():
    found = one("last week", "en")
    assert (found.date, found.until) == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))


@pytest.mark.parametrize("lang, text, iso", [
    # A preposition glued to the day number, as people write it («on 17 November»).
    ("ti", "ብ17 ሕዳር 2026 ስታቱስ ረኺበ", "2026-11-17"),
    ("ar", "أخذت الإقامة ب١٧ تشرين الثاني ٢٠٢٦", "2026-11-17"),
])
def test_a_prefix_glued_to_the_day_keeps_the_day(lang, text, iso):
    found = one(text, lang)
    assert found.date.isoformat() == iso and found.granularity == "day"

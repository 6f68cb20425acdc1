"""The `date` entity the parse carries: what the dialogue reads to compute a
deadline or to ask back (bot.nlu.dates.date_entities)."""
import datetime as dt

from bot.nlu.dates import date_entities

TODAY = dt.date(2026, 12, 7)


def test_a_day_becomes_an_iso_date_with_its_span():
    text = "we applied on 3 March 2026"
    [entity] = date_entities(text, "en", TODAY)
    assert (entity["entity"], entity["value"], entity["problem"]) == ("date", "2026-03-03", None)
    assert text[entity["start"]:entity["end"]] == "3 March 2026"


def test_an_impossible_date_has_no_value_and_says_why():
    [entity] = date_entities("31/02/2026", "nl", TODAY)
    assert (entity["value"], entity["problem"]) == (None, "impossible")


def test_an_ambiguous_date_carries_its_other_readings():
    [entity] = date_entities("3/4/26", "nl", TODAY)
    assert entity["problem"] == "ambiguous" and entity["alternatives"]


def test_a_month_is_partial_with_its_last_day():
    [entity] = date_entities("sinds augustus 2026", "nl", TODAY)
    assert (entity["value"], entity["until"], entity["granularity"], entity["problem"]) == \
        ("2026-08-01", "2026-08-31", "month", "partial")


def test_a_dari_message_misidentified_as_arabic_keeps_its_solar_hijri_date():
    # The language identifier may call short Dari text Arabic: the other
    # grammar of the script still reads the Solar Hijri date.
    [entity] = date_entities("۱۵ سنبله ۱۴۰۵", "ar", TODAY)
    assert (entity["value"], entity["calendar"]) == ("2026-09-06", "solar_hijri")


def test_no_date_no_entity():
    assert date_entities("when can my wife come?", "en", TODAY) == []
    assert date_entities("ሓገዝ የድልየኒ", "ti", TODAY) == []

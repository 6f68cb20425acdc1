"""Dates and deadlines: what date a user means, and what follows from it.

- dates.find_dates: the dates in a message (five languages, three digit
  systems, Gregorian and Solar Hijri, relative expressions).
- rules: the legal terms of Dutch and Belgian family reunification
  (rules.yml holds the numbers and their sources) and the reminders.
- calendars: Solar Hijri conversion and dates written for the user.
- bench: the per-message cost (python -m tools.evaluation.dates_bench).

Framework-free: the Rasa component and the dialogue call these functions.

Why not dateparser: the newest release that accepts Rasa 3.6's pins
(regex<2022.11, pytz<2023) is 1.2.0. Run over this package's test cases,
its search_dates found dates in "I am 25", "90 days", "7607 AB", "may I
ask", "3/4 of the people", «عمري ٢٥ سنة»; read 2025-03-04 as 3 April under
DATE_ORDER=DMY; missed Levantine months unless given one ar-XX locale, all
Solar Hijri month names, Arabic duals and word numbers («قبل شهرين»), Dari
word numbers (read «دو ماه پیش» as one month) and every Tigrinya relative
expression; it cannot tell an impossible date from no date; and it takes
1-50 ms a call. Month names come from Babel's CLDR data instead (the same
source dateparser's tables are built from), conversion from persiantools.
"""

"""Per-message cost of find_dates, as the NLU pipeline pays it.

    .venv/bin/python -m tools.evaluation.dates_bench

Prints p50/p95 per message for messages without and with dates, after a
warm-up (each language's patterns compile once, on first use).
"""
from __future__ import annotations

import datetime as dt
import statistics
import time

from bot.timeline.dates import find_dates

TODAY = dt.date(2026, 12, 7)
WITHOUT_DATES = [
    ("en", "Hello, I want to bring my wife and three children to the Netherlands"),
    ("en", "What documents do I need for the application?"),
    ("nl", "Ik wil mijn vrouw en kinderen laten overkomen, wat moet ik doen?"),
    ("nl", "Waar kan ik een huisarts vinden in Enschede?"),
    ("ar", "مرحبا، أريد أن أحضر زوجتي وأولادي إلى هولندا"),
    ("ar", "ما هي الأوراق المطلوبة لطلب لم الشمل؟"),
    ("prs", "سلام، می‌خواهم خانمم و اولادهایم را به هالند بیاورم"),
    ("prs", "برای درخواست الحاق خانواده چه اسنادی لازم است؟"),
    ("ti", "ሰላም፡ ሰበይተይን ደቀይን ናብ ሆላንድ ከምጽኦም እደሊ"),
    ("ti", "ንምሕባር ስድራ እንታይ ሰነዳት የድልዩ?"),
    ("en", "I have 3 children and my postcode is 7607 AB"),
    ("nl", "bel 0800-0113 of kijk op ind.nl"),
]
WITH_DATES = [
    ("en", "we applied on 3 March, how long still?"),
    ("en", "I got my status in August, am I too late?"),
    ("nl", "Ik heb op 12-05-2026 mijn beschikking gekregen"),
    ("nl", "we hebben 3 maanden geleden aangevraagd"),
    ("ar", "حصلت على الإقامة في ٣ آذار ٢٠٢٦ ومتى ينتهي الموعد؟"),
    ("ar", "قدمنا الطلب قبل شهرين"),
    ("prs", "من در ۱۵ سنبله ۱۴۰۵ اقامت گرفتم"),
    ("prs", "دو ماه پیش درخواست دادیم"),
    ("ti", "ቅድሚ ክልተ ወርሒ መልሲ ረኺበ"),
    ("ti", "ኣብ 3 መጋቢት 2026 ኣመልኪትና"),
]


def _per_message(messages, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for lang, text in messages:
            start = time.perf_counter()
            find_dates(text, lang, TODAY)
            timings.append((time.perf_counter() - start) * 1e6)
    return timings


def _summary(timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=20)
    return f"p50 {statistics.median(timings):7.1f} µs   p95 {cuts[18]:7.1f} µs   n={len(timings)}"


def main(rounds: int = 200) -> None:
    start = time.perf_counter()
    _per_message(WITHOUT_DATES + WITH_DATES, 1)
    print(f"first call, all languages (compiles patterns): {(time.perf_counter() - start) * 1e3:.1f} ms")
    print("without dates:", _summary(_per_message(WITHOUT_DATES, rounds)))
    print("with dates:   ", _summary(_per_message(WITH_DATES, rounds)))
    print("mixed:        ", _summary(_per_message(WITHOUT_DATES + WITH_DATES, rounds)))


if __name__ == "__main__":
    main()

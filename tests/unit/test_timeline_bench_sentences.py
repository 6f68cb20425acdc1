"""The sentences of the dates benchmark (tools/evaluation/dates_bench.py,
which measures the per-message cost) are what they claim to be."""
from tools.evaluation.dates_bench import TODAY, WITH_DATES, WITHOUT_DATES
from bot.timeline.dates import find_dates


def test_the_benchmark_messages_are_what_they_claim():
    assert all(find_dates(text, lang, TODAY) == [] for lang, text in WITHOUT_DATES)
    assert all(find_dates(text, lang, TODAY) for lang, text in WITH_DATES)

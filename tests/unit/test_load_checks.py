"""The load harness's checks (tools/load/harness.py) find what they are
there to find: lost replies, messages kept twice or out of order."""
from tools.load.harness import Turn, check, latency_summary
from tools.load.scripts import LANGUAGES, TURNS, scripts


def turns(chat, answered, lost=()):
    return [Turn(chat, seq, "nl", latency=None if seq in lost else 0.1 * (seq + 1),
                 error="unavailable" if seq in lost else None) for seq in range(answered)]


def test_a_clean_run_has_nothing_to_report():
    result = check(turns("a", 3) + turns("b", 2), {"a": [0, 1, 2], "b": [0, 1]})
    assert (result["answered"], result["lost"], result["answered_twice"], result["out_of_order"],
            result["lost_in_store"]) == (5, 0, 0, 0, 0)


def test_lost_twice_and_out_of_order_are_counted():
    result = check(turns("a", 4, lost={3}) + turns("b", 3) + turns("c", 2),
                   {"a": [0, 1, 2], "b": [0, 2, 1], "c": [0, 0, 1]})
    assert result["lost"] == 1 and result["errors"] == {"unavailable": 1}
    assert result["out_of_order"] == 1 and result["answered_twice"] == 1
    assert check(turns("d", 2), {"d": [0]})["lost_in_store"] == 1        # answered, but not kept


def test_latency_percentiles():
    summary = latency_summary([Turn("a", n, "nl", latency=n / 1000) for n in range(1, 101)])
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"], summary["samples"]) == (51.0, 95.0, 99.0, 100)


def test_scripts_speak_all_five_languages_in_turn_without_markup():
    made = scripts(per_language=2)
    assert [s["lang"] for s in made[:5]] == list(LANGUAGES)
    assert all(len(s["turns"]) == len(TURNS) for s in made)
    assert not any("{" in t or "](" in t for s in made for t in s["turns"])

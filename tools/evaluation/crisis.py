"""Does a crisis message reach the safe path, and how often does an ordinary
one set it off? Scored on parses of the held-out set (tests/nlu/<lang>.yml)
and of the look-alike messages the data writers wrote as traps
(tests/unit/crisis_lookalikes.yml), per language.

A message is on the safe path when the dialogue answers it with the
emergency numbers first: a crisis intent (from the classifier or the crisis
words of the safety net), or an unsure parse the safety net marked
`crisis_check` (the numbers, then "did I understand you?").
"""
from __future__ import annotations

CRISIS = ("crisis_suicidal", "crisis_domestic_violence")


def safe_path(parse: dict) -> bool:
    return ((parse.get("intent") or {}).get("name") in CRISIS) or bool(parse.get("crisis_check"))


def crisis_figures(examples: list[dict], parses: list[dict], lookalike_parses: list[dict]) -> dict:
    """Recall over the held-out crisis messages; false alarms over the other
    held-out messages (emergencies aside: they get the numbers anyway) and,
    separately, over the look-alikes."""
    crisis = [safe_path(p) for e, p in zip(examples, parses) if e["intent"] in CRISIS]
    ordinary = [safe_path(p) for e, p in zip(examples, parses)
                if e["intent"] not in CRISIS and e["intent"] != "health_emergency"]
    alarms = [safe_path(p) for p in lookalike_parses]
    return {
        "crisis_messages": len(crisis),
        "crisis_recall": round(sum(crisis) / len(crisis), 4) if crisis else None,
        "ordinary_messages": len(ordinary),
        "false_alarm_rate": round(sum(ordinary) / len(ordinary), 4) if ordinary else None,
        "lookalike_messages": len(alarms),
        "lookalike_false_alarm_rate": round(sum(alarms) / len(alarms), 4) if alarms else None,
    }

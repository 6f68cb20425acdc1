"""Regenerate the single-turn part of tests/integration/test_stories.yml:
for every intent and language, the FIRST held-out phrase of tests/nlu (in
file order, with its own entity annotations) and the actions the rules give
that intent; the hand-written multi-turn flows at the end are kept.

The phrases are chosen without the model, so the story test fails when the
model misreads one of them (a test that cannot fail is no test).

    .venv/bin/python -m tools.test_stories
"""
from __future__ import annotations

import collections
import json
import pathlib

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.core.languages import CODES

ROOT = pathlib.Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "integration" / "test_stories.yml"
MULTI_TURN = "\n# Multi-turn flows."
# Samen's own intents, which the held-out set does not cover: a phrase each.
OWN = {
    "inform_country": {"en": "we live in belgium", "nl": "wij wonen in België", "ar": "نحن في بلجيكا",
                       "ti": "ኣብ ቤልጅየም ኢና ንነብር", "prs": "ما در بلجیم زندگی میکنیم"},
    "inform_role": {"en": "i am the sponsor", "nl": "ik ben de referent", "ar": "انا المرجع، انا قدمت الطلب",
                    "ti": "ኣነ እየ እቲ referent", "prs": "من درخواست کننده استم"},
    "more_services": {"en": "show me more", "nl": "laat er meer zien", "ar": "اعرض المزيد", "ti": "ተወሳኺ ኣርእዩኒ",
                      "prs": "بیشتر بفرست"},
}


def rule_actions() -> dict:
    """intent -> the actions its single-turn rule runs."""
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    actions = {}
    for rule in rules:
        steps = rule["steps"]
        if ("intent" in steps[0] and "entities" not in steps[0] and "condition" not in rule
                and all("action" in step for step in steps[1:])):
            actions[steps[0]["intent"]] = [step["action"] for step in steps[1:]]
    return actions


def annotated(text: str, entities: list) -> str:
    out, last = "", 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        value = {"entity": entity["entity"], "value": entity["value"]}
        out += text[last:entity["start"]] + "[" + text[entity["start"]:entity["end"]] + "]" + \
            json.dumps(value, ensure_ascii=False)
        last = entity["end"]
    return out + text[last:]


def stories() -> list:
    actions_of = rule_actions()
    result = []
    for lang in CODES:
        first = collections.OrderedDict()
        for message in load_data(str(ROOT / "tests" / "nlu" / f"{lang}.yml")).intent_examples:
            first.setdefault(message.get("intent"), (message.get("text"), message.get("entities") or []))
        for intent, phrases in OWN.items():
            first.setdefault(intent, (phrases[lang], []))
        for intent, (text, entities) in first.items():
            actions = actions_of.get(intent)
            if intent == "change_language":
                actions = ["utter_language_changed" if any(e["entity"] == "language" for e in entities)
                           else "utter_change_language"]
            if not actions:
                continue
            result.append({"story": f"{intent} ({lang})",
                           "steps": [{"user": annotated(text, entities), "intent": intent},
                                     *({"action": action} for action in actions)]})
    return result


def main() -> None:
    header = ('version: "3.1"\n'
              "# One single-turn story per intent and language: the first held-out phrase of\n"
              "# tests/nlu, chosen without the model (tools/test_stories.py), or for Samen's own\n"
              "# intents a phrase written there; then the multi-turn flows. Run by\n"
              "# tests/integration/test_stories.py with rasa test.\nstories:\n")
    body = yaml.safe_dump(stories(), allow_unicode=True, sort_keys=False, width=1000)
    current = STORIES.read_text(encoding="utf-8")
    STORIES.write_text(header + body + current[current.index(MULTI_TURN):], encoding="utf-8")


if __name__ == "__main__":
    main()

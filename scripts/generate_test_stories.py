"""Regenerate the single-turn part of tests/test_stories.yml after retraining:
for every intent and language, the first held-out phrase (tests/nlu) that the
trained model classifies right, with the entities it finds, and the action
the rules give it; the hand-written multi-turn flows at the end are kept.

    .venv/bin/python scripts/generate_test_stories.py   (uses .model-path)
"""
import asyncio
import collections
import json
import os
import pathlib
import sys

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

root = pathlib.Path(__file__).resolve().parent.parent
MULTI_TURN = "\n# Multi-turn flows."
model = os.environ.get("SAMEN_TEST_MODEL") or (root / ".model-path").read_text().strip()
agent = Agent.load(model)
rules = yaml.safe_load(open(root / "data/rules.yml"))["rules"]
action_of = {}
for r in rules:
    steps = r["steps"]
    if ("intent" in steps[0] and "entities" not in steps[0] and "condition" not in r
            and all("action" in step for step in steps[1:])):
        action_of[steps[0]["intent"]] = [step["action"] for step in steps[1:]]
own = {
  "inform_country": {"en": "we live in belgium", "nl": "wij wonen in België", "ar": "نحن في بلجيكا", "ti": "ኣብ ቤልጅየም ኢና ንነብር", "prs": "ما در بلجیم زندگی میکنیم"},
  "inform_role": {"en": "i am the sponsor", "nl": "ik ben de referent", "ar": "انا الكفيل", "ti": "ኣነ እየ እቲ referent", "prs": "مه ضامن استم"},
  "more_services": {"en": "show me more", "nl": "laat er meer zien", "ar": "اعرض المزيد", "ti": "ተወሳኺ ኣርእዩኒ", "prs": "بیشتر بفرست"},
}
loop = asyncio.new_event_loop()
def predict(text): return loop.run_until_complete(agent.parse_message(text))
stories, missing = [], []
for lang in ["nl", "ar", "ti", "prs", "en"]:
    by_intent = collections.defaultdict(list)
    for m in load_data(str(root / f"tests/nlu/{lang}.yml")).intent_examples:
        by_intent[m.get("intent")].append(m.get("text"))
    for intent, texts in list(by_intent.items()) + [(i, [own[i][lang]]) for i in own]:
        for text in texts:
            result = predict(text)
            if result["intent"]["name"] == intent:
                annotated, last = "", 0
                for e in sorted(result["entities"], key=lambda e: e["start"]):
                    annotated += text[last:e["start"]] + "[" + text[e["start"]:e["end"]] + "]" + json.dumps({"entity": e["entity"], "value": e["value"]}, ensure_ascii=False)
                    last = e["end"]
                annotated += text[last:]
                actions = action_of[intent]
                if intent == "change_language":
                    actions = ["utter_language_changed" if any(e["entity"] == "language" for e in result["entities"]) else "utter_change_language"]
                stories.append({"story": f"{intent} ({lang})",
                                "steps": [{"user": annotated, "intent": intent}] + [{"action": a} for a in actions]})
                break
        else:
            missing.append((lang, intent))
print("missing", missing, file=sys.stderr)
out = ['version: "3.1"\n', "# One single-turn story per intent and language (a held-out phrase of tests/nlu\n",
       "# that the model understands, or for Samen's own intents a phrase written here),\n",
       "# then the multi-turn flows. Run by tests/test_stories.py with rasa test.\nstories:\n"]
body = yaml.safe_dump(stories, allow_unicode=True, sort_keys=False, width=1000)
out.append(body)
current = (root / "tests/test_stories.yml").read_text(encoding="utf-8")
out.append(current[current.index(MULTI_TURN):])
(root / "tests/test_stories.yml").write_text("".join(out))

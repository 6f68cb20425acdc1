"""Multi-turn conversation scripts for the load harness, in the five
languages, made of the training data's own examples (data/nlu/<lang>/*.yml):
a greeting, a procedure question, the country it asks for, the user's
municipality, a health question answered with local services, thanks."""
from __future__ import annotations

import pathlib
import random
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "ar", "ti", "prs", "en")
TURNS = ("greet", "reunification_waiting_time", "inform_country", "inform_municipality", "health_find_gp", "thank")
# [text]{"entity": ...} and [text](entity): the text as a user types it.
_MARKUP = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


def plain(example: str) -> str:
    return _MARKUP.sub(r"\1", example).strip()


def examples(lang: str, data: pathlib.Path = ROOT / "data" / "nlu") -> dict[str, list[str]]:
    """intent -> its examples (markup removed) in one language's training data."""
    found: dict[str, list[str]] = {}
    for path in sorted((data / lang).glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                lines = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
                found.setdefault(block["intent"], []).extend(lines)
    return found


def scripts(per_language: int = 4, seed: int = 15) -> list[dict]:
    """[{"lang", "turns": [text, ...]}]: per_language scripts in each language, the
    languages in turn (any five consecutive chats speak all five).
    The municipality turn names one (an example with a municipality entity)."""
    chooser = random.Random(seed)
    pools = {}
    for lang in LANGUAGES:
        pool = examples(lang)
        pool["inform_municipality"] = [e for e in pool["inform_municipality"] if '"municipality"' in e] \
            or pool["inform_municipality"]
        pool["greet"] = [e for e in pool["greet"] if len(plain(e)) > 3] or pool["greet"]
        pools[lang] = pool
    return [{"lang": lang, "turns": [plain(chooser.choice(pools[lang][intent])) for intent in TURNS]}
            for _ in range(per_language) for lang in LANGUAGES]      # the languages take turns

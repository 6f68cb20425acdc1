"""The training data honours the NLU contract and stays apart from the test set."""
import subprocess
import sys

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.geo.gazetteer import default_gazetteer
from bot.nlu.language_id import LANGUAGES
from bot.core.text import normalise
from tests.conftest import ROOT, SHARED

CONTRACT = yaml.safe_load((SHARED / "nlu-contract.yml").read_text(encoding="utf-8"))


def test_contract_languages_are_ours():
    assert tuple(CONTRACT["languages"]) == LANGUAGES


def test_every_contract_intent_has_25_examples_in_every_language():
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "check_contract.py"), "--min-examples", "25"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_domain_declares_exactly_the_contract_intents_and_entities():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(CONTRACT["intents"]) <= set(domain["intents"])
    entities = {e if isinstance(e, str) else next(iter(e)) for e in domain["entities"]}
    assert {"municipality", "language", "date"} <= entities


def _examples(path):
    return load_data(str(path)).intent_examples


def test_held_out_examples_are_not_in_the_training_data():
    training = {normalise(m.get("text")).strip(" ?!.") for m in _examples(ROOT / "data" / "nlu")}
    leaked = []
    for lang in LANGUAGES:
        for m in _examples(ROOT / "tests" / "nlu" / f"{lang}.yml"):
            text = normalise(m.get("text")).strip(" ?!.")
            # One- and two-word replies ("ja", "tot ziens") are bound to coincide.
            if len(text.split()) > 2 and text in training:
                leaked.append((lang, m.get("text")))
    assert not leaked


def test_entity_annotations_use_real_codes():
    gazetteer = default_gazetteer()
    paths = [ROOT / "data" / "nlu"] + [ROOT / "tests" / "nlu" / f"{lang}.yml" for lang in LANGUAGES]
    for path in paths:
        for m in _examples(path):
            for e in m.get("entities", []):
                if e["entity"] == "municipality":
                    assert gazetteer.get(e["value"]), (m.get("text"), e)
                elif e["entity"] == "language":
                    assert e["value"] in LANGUAGES, (m.get("text"), e)


def test_rasa_data_validate_passes():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings", "--domain", "domain.yml", "--data", "data",
         "--config", "config.yml"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_the_safety_net_fires_on_no_ordinary_training_example():
    """Crisis words are specific: none of them appears in an example of a
    non-crisis intent (they would override its answer)."""
    from bot.core.crisis import crisis_match

    allowed = {"crisis_suicidal", "crisis_domestic_violence", "health_emergency"}
    fired = [(m.get("intent"), m.get("text")) for m in _examples(ROOT / "data" / "nlu")
             if m.get("intent") not in allowed and crisis_match(m.get("text"))]
    assert not fired

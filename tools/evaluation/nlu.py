"""Held-out NLU evaluation: Samen's pipeline against Rasa's default.

Trains (or takes from the cache) a model per config on data/nlu (for
Samen's config the full model that `make train` ships), parses
every example of tests/nlu/<lang>.yml (written separately from the training
data) and reports per language: intent accuracy, macro-F1, language
identification accuracy and municipality-entity accuracy; for our pipeline,
crisis recall and false alarms (tools/evaluation/crisis.py), the confusion
matrix as a PNG and its worst confusions; and training time. Rasa's default
pipeline is trained and scored beside it only on request (`--baseline`,
`make eval BASELINE=1`).
Results go to reports/eval/ (results.json, summary.md, confusion.png).

Usage: python -m tools.evaluation.nlu [--baseline] [--configs config.yml ...]
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import json
import logging
import pathlib
import time

from bot.core.languages import CODES
from tools.modelcache import ROOT, ensure_model, model_meta

LANGUAGES = CODES
REPORTS = ROOT / "reports" / "eval"
DEFAULT_CONFIGS = [ROOT / "config.yml"]
BASELINE = ROOT / "tools" / "evaluation" / "configs" / "rasa_default.yml"
LOOKALIKES = ROOT / "tests" / "unit" / "crisis_lookalikes.yml"


def load_test_set(lang: str) -> list[dict]:
    """Examples of tests/nlu/<lang>.yml as {text, intent, municipalities}."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "tests" / "nlu" / f"{lang}.yml"))
    return [
        {"text": m.get("text"), "intent": m.get("intent"),
         "municipalities": sorted(e["value"] for e in m.get("entities", []) if e["entity"] == "municipality")}
        for m in data.intent_examples
    ]


async def _parse_all(model: pathlib.Path, texts: list[str]) -> tuple[list[dict], float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    started = time.perf_counter()
    results = [await agent.parse_message(text) for text in texts]
    return results, (time.perf_counter() - started) / max(len(texts), 1)


def load_lookalikes() -> dict[str, list[str]]:
    import yaml

    return yaml.safe_load(LOOKALIKES.read_text(encoding="utf-8"))


def score(examples: list[dict], parses: list[dict], lang: str) -> dict:
    """Figures for one language; pure function over gold examples and parses."""
    from sklearn.metrics import f1_score

    gold = [e["intent"] for e in examples]
    predicted = [p["intent"]["name"] if p.get("intent") else None for p in parses]
    # A fallback answer counts as wrong: the user did not get their answer.
    predicted = [p or "nlu_fallback" for p in predicted]
    languages = [p.get("language", {}).get("name") for p in parses]
    with_places = [(e, p) for e, p in zip(examples, parses) if e["municipalities"]]
    places_right = sum(
        sorted(x["value"] for x in p.get("entities", []) if x["entity"] == "municipality") == e["municipalities"]
        for e, p in with_places
    )
    return {
        "examples": len(examples),
        "intent_accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4),
        "intent_macro_f1": round(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0), 4),
        "fallback_rate": round(predicted.count("nlu_fallback") / len(gold), 4),
        "language_accuracy": round(sum(l == lang for l in languages) / len(languages), 4),
        "municipality_accuracy": round(places_right / len(with_places), 4) if with_places else None,
        "municipality_examples": len(with_places),
    }


def confusion_png(gold: list[str], predicted: list[str], path: pathlib.Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    labels = sorted(set(gold) | set(predicted))
    fig, ax = plt.subplots(figsize=(18, 18))
    ConfusionMatrixDisplay.from_predictions(gold, predicted, labels=labels, ax=ax, xticks_rotation="vertical",
                                            colorbar=False, include_values=True)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def model_for(config: pathlib.Path, data: pathlib.Path) -> pathlib.Path:
    """Samen's own config on the project's data is scored with the full model
    that `make train` ships (the same one, from the cache); other configs and
    other data with an NLU-only model."""
    if config == ROOT / "config.yml" and data == ROOT / "data" / "nlu":
        return ensure_model(config, [ROOT / "data"])
    return ensure_model(config, [data], nlu_only=True)


def evaluate(configs: list[pathlib.Path], data: pathlib.Path, output: pathlib.Path = REPORTS) -> dict:
    from tools.evaluation.crisis import crisis_figures

    test_sets = {lang: load_test_set(lang) for lang in LANGUAGES}
    lookalikes = load_lookalikes()
    results = {"configs": {}, "training_data": str(data.relative_to(ROOT)) if data.is_relative_to(ROOT) else str(data)}
    for config in configs:
        model = model_for(config, data)
        meta = model_meta(model)
        per_lang, all_gold, all_pred, errors = {}, [], [], collections.Counter()
        seconds = []
        for lang, examples in test_sets.items():
            traps = lookalikes.get(lang, []) if config.name == "config.yml" else []
            parsed, per_message = asyncio.run(_parse_all(model, [e["text"] for e in examples] + traps))
            parses = parsed[:len(examples)]
            seconds.append(per_message)
            per_lang[lang] = score(examples, parses, lang)
            if traps:
                per_lang[lang]["crisis"] = crisis_figures(examples, parses, parsed[len(examples):])
            for e, p in zip(examples, parses):
                name = (p.get("intent") or {}).get("name") or "nlu_fallback"
                all_gold.append(e["intent"])
                all_pred.append(name)
                if name != e["intent"]:
                    errors[(e["intent"], name)] += 1
        results["configs"][config.stem] = {
            "model": model.name,
            "train_seconds": meta.get("train_seconds"),
            "parse_ms_per_message": round(1000 * sum(seconds) / len(seconds), 1),
            "languages": per_lang,
            "worst_confusions": [{"gold": g, "predicted": p, "count": n} for (g, p), n in errors.most_common(15)],
        }
        if config.name == "config.yml":
            confusion_png(all_gold, all_pred, output / "confusion.png", "Samen pipeline, held-out set, all languages")
    return results


def summary_markdown(results: dict) -> str:
    names = list(results["configs"])
    lines = ["| language | " + " | ".join(f"{n}: intent acc / macro-F1 / lang-id" for n in names) + " |",
             "|---" * (len(names) + 1) + "|"]
    for lang in LANGUAGES:
        cells = []
        for n in names:
            r = results["configs"][n]["languages"][lang]
            cells.append(f"{r['intent_accuracy']:.3f} / {r['intent_macro_f1']:.3f} / {r['language_accuracy']:.3f}")
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    lines.append("")
    for n in names:
        c = results["configs"][n]
        places = [c["languages"][l]["municipality_accuracy"] for l in LANGUAGES]
        lines.append(f"- {n}: last training run {c['train_seconds']} s (components restored from "
                     f"Rasa's cache are not retrained), parsing {c['parse_ms_per_message']} ms/message, "
                     f"municipality entity accuracy per language {places}")
    ours = results["configs"].get("config")
    if ours:
        lines += ["", "Crisis messages (our pipeline): recall onto the emergency-numbers path, false alarms on "
                  "ordinary held-out messages and on look-alikes:", "",
                  "| language | crisis recall | false alarms (ordinary) | false alarms (look-alikes) | fallback rate |",
                  "|---|---|---|---|---|"]
        for lang in LANGUAGES:
            r = ours["languages"][lang]
            c = r.get("crisis") or {}
            lines.append(f"| {lang} | {c.get('crisis_recall')} of {c.get('crisis_messages')} | "
                         f"{c.get('false_alarm_rate')} of {c.get('ordinary_messages')} | "
                         f"{c.get('lookalike_false_alarm_rate')} of {c.get('lookalike_messages')} | "
                         f"{r['fallback_rate']} |")
        lines += ["", "Worst confusions of our pipeline (gold -> predicted: count):", ""]
        lines += [f"- {w['gold']} -> {w['predicted']}: {w['count']}" for w in ours["worst_confusions"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", type=pathlib.Path, nargs="+", default=DEFAULT_CONFIGS)
    parser.add_argument("--baseline", action="store_true", help="also train and score Rasa's default pipeline")
    parser.add_argument("--data", type=pathlib.Path, default=ROOT / "data" / "nlu", help="NLU training data")
    parser.add_argument("--output", type=pathlib.Path, default=REPORTS)
    args = parser.parse_args()
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    args.output.mkdir(parents=True, exist_ok=True)
    configs = [*args.configs, *([BASELINE] if args.baseline else [])]
    results = evaluate([c.resolve() for c in configs], args.data.resolve(), args.output)
    (args.output / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    summary = summary_markdown(results)
    (args.output / "summary.md").write_text(summary)
    print(summary)


if __name__ == "__main__":
    main()

"""Cross-validation of intent classifiers on the training data alone.

The held-out set (tests/nlu) judges the shipped pipeline; choosing settings
by looking at it would make its figures optimistic. This script compares
classifier settings by stratified, grouped k-fold cross-validation over
data/nlu only, with the same tokens the pipeline sees (ScriptAwareTokenizer
lemmas, numbers as __NUMBER__, lowercase) and the same count features as
config.yml.

Usage: python -m tools.evaluation.crossval [--folds 5] [--variants counts-c1 joint-c10-chars80k ...]
prints accuracy per language and variant, and what FallbackClassifier
thresholds would do to its answers, and saves reports/eval/crossval.json.
"""
from __future__ import annotations

import argparse
import json
import re
import time

from tools.evaluation.nlu import LANGUAGES, REPORTS
from tools.modelcache import ROOT, content_hash

# name -> (term weighting, C of the logistic regression, limit on character
# n-grams, min_df of words). Weightings: raw counts (Rasa's
# LogisticRegressionClassifier), sublinear tf-idf with an L2 norm per feature
# block (words, characters), the same over both blocks at once ("joint",
# bot/nlu/classifier.py), and sublinear tf with an L2 norm but no idf.
VARIANTS = {
    "counts-c1": ("counts", 1.0, 40000, 2),
    "tfidf-c3": ("tfidf", 3.0, 40000, 2),
    "tfidf-c10": ("tfidf", 10.0, 40000, 2),
    "tfidf-c30": ("tfidf", 30.0, 40000, 2),
    "joint-c10": ("joint", 10.0, 40000, 2),
    "joint-c30": ("joint", 30.0, 40000, 2),
    "tf-c10": ("tf", 10.0, 40000, 2),
    "joint-c10-chars80k": ("joint", 10.0, 80000, 2),
    "joint-c10-chars80k-words1": ("joint", 10.0, 80000, 1),
}


def lemma_texts(texts: list[str]) -> list[str]:
    """Texts as the pipeline's CountVectorsFeaturizer sees them."""
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.tokenizer import ScriptAwareTokenizer

    tokenizer = ScriptAwareTokenizer(ScriptAwareTokenizer.get_default_config())
    out = []
    for text in texts:
        tokens = tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
        lemmas = [re.sub(r"\b[0-9]+\b", "__NUMBER__", t.lemma).lower() for t in tokens]
        out.append(" ".join(lemmas))
    return out


def load_training_data() -> tuple[list[str], list[str], list[str]]:
    """(texts, intents, languages) of data/nlu/<lang>/*.yml."""
    from rasa.shared.nlu.training_data.loading import load_data

    texts, intents, langs, seen = [], [], [], set()
    for lang in LANGUAGES:
        data = load_data(str(ROOT / "data" / "nlu" / lang))
        for m in data.intent_examples:
            if (m.get("text"), m.get("intent")) in seen:
                continue  # Rasa trains on each example once
            seen.add((m.get("text"), m.get("intent")))
            texts.append(m.get("text"))
            intents.append(m.get("intent"))
            langs.append(lang)
    return texts, intents, langs


def make_classifier(weighting: str, c: float, char_features: int, word_min_df: int):
    """sklearn pipeline mirroring config.yml's featurizers + classifier."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    def block(**kwargs):
        steps = [CountVectorizer(lowercase=True, **kwargs)]
        if weighting in ("tfidf", "tf"):
            steps.append(TfidfTransformer(sublinear_tf=True, use_idf=weighting == "tfidf"))
        return make_pipeline(*steps)

    features = FeatureUnion([
        ("words", block(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), min_df=word_min_df)),
        ("chars", block(analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=char_features)),
    ])
    steps = [features]
    if weighting == "joint":
        steps.append(TfidfTransformer(sublinear_tf=True))
    steps.append(LogisticRegression(C=c, class_weight="balanced", max_iter=200, random_state=42))
    return make_pipeline(*steps)


def fallback_table(outcomes: list[tuple[bool, float, float]]) -> list[str]:
    """What each (threshold, ambiguity threshold) of the FallbackClassifier
    would do: the share of right answers it withholds and of wrong ones it
    stops."""
    right = sum(r for r, _, _ in outcomes) or 1
    wrong = (len(outcomes) - sum(r for r, _, _ in outcomes)) or 1
    lines = []
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.5):
        for ambiguity in (0.01, 0.05, 0.1):
            held = [(r, c, m) for r, c, m in outcomes if c < threshold or m < ambiguity]
            lines.append(
                f"threshold {threshold} ambiguity {ambiguity}: withholds "
                f"{sum(r for r, _, _ in held) / right:.3f} of right answers, stops "
                f"{sum(not r for r, _, _ in held) / wrong:.3f} of wrong ones")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()

    from sklearn.model_selection import StratifiedGroupKFold

    texts, intents, langs = load_training_data()
    lemmas = lemma_texts(texts)
    strata = [f"{lang}/{intent}" for lang, intent in zip(langs, intents)]
    # Texts that are the same once tokenised stay in one fold, so no fold is
    # tested on what it was trained on.
    splitter = StratifiedGroupKFold(n_splits=args.folds, shuffle=True, random_state=42)
    folds = list(splitter.split(lemmas, strata, groups=lemmas))
    results = {}
    for name in args.variants:
        outcomes = []  # (right, top confidence, margin over the second)
        right = {lang: 0 for lang in LANGUAGES}
        total = {lang: 0 for lang in LANGUAGES}
        started = time.perf_counter()
        for train, test in folds:
            model = make_classifier(*VARIANTS[name])
            model.fit([lemmas[i] for i in train], [intents[i] for i in train])
            probabilities = model.predict_proba([lemmas[i] for i in test])
            for i, p in zip(test, probabilities):
                ranked = p.argsort()[::-1]
                hit = model.classes_[ranked[0]] == intents[i]
                outcomes.append((hit, p[ranked[0]], p[ranked[0]] - p[ranked[1]]))
                total[langs[i]] += 1
                right[langs[i]] += hit
        results[name] = {
            "accuracy": {lang: round(right[lang] / total[lang], 4) for lang in LANGUAGES},
            "fallback": fallback_table(outcomes),
            "seconds": round(time.perf_counter() - started, 1),
        }
        row = " ".join(f"{lang} {results[name]['accuracy'][lang]:.3f}" for lang in LANGUAGES)
        print(f"{name:12} {row}  ({results[name]['seconds']} s)", flush=True)
        for line in results[name]["fallback"]:
            print("   ", line, flush=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"folds": args.folds, "data": content_hash([ROOT / "data" / "nlu"]), "results": results}
    (REPORTS / "crossval.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Parse-speed benchmark of a trained model (make bench).

Parses every held-out test message once to warm up, then again while timing,
and prints and saves (reports/bench/parse.json) the latency distribution per
language. Timing belongs here, never in the test suite.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import pathlib
import statistics
import time

from tools.evaluation.nlu import LANGUAGES, load_test_set
from tools.modelcache import ROOT

REPORTS = ROOT / "reports" / "bench"


async def _timings(model: pathlib.Path) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    out = {}
    for lang in LANGUAGES:
        texts = [e["text"] for e in load_test_set(lang)]
        for text in texts:
            await agent.parse_message(text)
        samples = []
        for text in texts:
            started = time.perf_counter()
            await agent.parse_message(text)
            samples.append(1000 * (time.perf_counter() - started))
        samples.sort()
        out[lang] = {
            "messages": len(samples),
            "mean_ms": round(statistics.mean(samples), 2),
            "p50_ms": round(samples[len(samples) // 2], 2),
            "p95_ms": round(samples[int(len(samples) * 0.95)], 2),
            "max_ms": round(samples[-1], 2),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=pathlib.Path, required=True)
    args = parser.parse_args()
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    results = {"model": args.model.name, "parse": asyncio.run(_timings(args.model))}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "parse.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"{'lang':6}{'n':>6}{'mean ms':>10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for lang, r in results["parse"].items():
        print(f"{lang:6}{r['messages']:>6}{r['mean_ms']:>10}{r['p50_ms']:>10}{r['p95_ms']:>10}{r['max_ms']:>10}")


if __name__ == "__main__":
    main()

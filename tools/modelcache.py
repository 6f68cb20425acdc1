"""Train a Rasa model only when what it is made of has changed.

The model's name is a hash of everything that shapes it (config, domain,
training data, Samen's own NLU components and gazetteer when the config uses
them, pinned packages).
Trained models are kept in a cache outside the work tree ($SAMEN_CACHE,
~/.cache/samen by default), so a fresh clone on the same machine, like CI,
reuses them, and a clone on a new machine trains once.

Usage: python -m tools.modelcache [--config config.yml] [--nlu-only] [--data data]
prints the path of the (possibly just trained) model.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# What shapes a trained model, besides the config file itself ...
MODEL_INPUTS = ("domain.yml", "data", "bot/nlu", "bot/geo", "bot/timeline", "bot/core/text.py",
                "bot/core/postcode.py", "bot/core/languages.py", "requirements.lock")
# ... of which Samen's own component code counts only for configs that use it
# (Rasa's default pipeline, the evaluation's baseline, does not).
OWN_CODE = ("bot/nlu", "bot/geo", "bot/timeline", "bot/core/text.py", "bot/core/postcode.py",
            "bot/core/languages.py")


def model_inputs(config: pathlib.Path) -> list[pathlib.Path]:
    import yaml

    pipeline = (yaml.safe_load(config.read_text()) or {}).get("pipeline") or []
    uses_own_code = any(str(component.get("name", "")).startswith("bot.") for component in pipeline)
    return [ROOT / p for p in MODEL_INPUTS if uses_own_code or p not in OWN_CODE]


def cache_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("SAMEN_CACHE", pathlib.Path.home() / ".cache" / "samen"))


def content_hash(paths: list[pathlib.Path], extra: str = "") -> str:
    """sha256 over the relative names and bytes of all files under `paths`."""
    digest = hashlib.sha256(extra.encode())
    files = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            files.append(path)
    for file in sorted(files):
        digest.update(str(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file.name).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def ensure_model(config: pathlib.Path, data: list[pathlib.Path], nlu_only: bool = False,
                 out: pathlib.Path = ROOT / "models") -> pathlib.Path:
    """Path of a model for these inputs, training it first if none is cached."""
    inputs = [config, *data, *model_inputs(config)]
    name = ("nlu-" if nlu_only else "") + config.stem + "-" + content_hash(inputs, extra=str(nlu_only))
    target = out / f"{name}.tar.gz"
    cached = cache_dir() / "models" / target.name
    out.mkdir(parents=True, exist_ok=True)
    if not target.exists() and cached.exists():
        shutil.copy2(cached, target)
        meta = cached.with_suffix("").with_suffix(".json")
        if meta.exists():
            shutil.copy2(meta, target.with_suffix("").with_suffix(".json"))
    if target.exists():
        print(f"model up to date: {target}", file=sys.stderr)
        return target
    command = [sys.executable, "-m", "rasa", "train", *(["nlu"] if nlu_only else []),
               "--config", str(config), "--out", str(out), "--fixed-model-name", name]
    if nlu_only:
        command += ["--nlu", *map(str, data)]
    else:
        command += ["--domain", str(ROOT / "domain.yml"), "--data", *map(str, data)]
    print(f"training {target.name} ...", file=sys.stderr)
    # Rasa's own training cache knows component configs and data, not our
    # components' code: a change in bot/nlu or bot/geo gets a fresh one.
    rasa_cache = cache_dir() / "rasa-cache" / content_hash([ROOT / p for p in OWN_CODE])
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(rasa_cache)}
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT, stdout=sys.stderr, env=env)  # stdout is the model path
    meta = {"train_seconds": round(time.monotonic() - started, 1), "config": config.name, "nlu_only": nlu_only}
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, cached)
    for model in (target, cached):
        model.with_suffix("").with_suffix(".json").write_text(json.dumps(meta))
    return target


def model_meta(model: pathlib.Path) -> dict:
    """What ensure_model recorded about training `model` (empty if unknown)."""
    for place in (model, cache_dir() / "models" / model.name):
        meta = place.with_suffix("").with_suffix(".json")
        if meta.exists():
            return json.loads(meta.read_text())
    return {}


def main() -> None:
    parser = argparse.ArgumentParser(description="Train a Rasa model unless a cached one matches.")
    parser.add_argument("--config", type=pathlib.Path, default=ROOT / "config.yml")
    parser.add_argument("--data", type=pathlib.Path, nargs="+", default=[ROOT / "data"])
    parser.add_argument("--nlu-only", action="store_true")
    args = parser.parse_args()
    print(ensure_model(args.config.resolve(), [d.resolve() for d in args.data], args.nlu_only))


if __name__ == "__main__":
    main()

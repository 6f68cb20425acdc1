"""Samen's configuration from the environment, with the defaults of the
embedded single-machine set-up (README "Configuration"). endpoints.yml
reads these variables, so they are set before Rasa or the tracker store
reads it."""
from __future__ import annotations

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
ACTION_PORT = int(os.environ.get("ACTION_PORT", 5055))
RASA_PORT = int(os.environ.get("RASA_PORT", 5005))
DEFAULTS = {
    "TRACKER_DB": str(ROOT / ".samen" / "tracker.db"),
    "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ACTION_PORT}/webhook",
    "NLG_ENDPOINT_URL": f"http://127.0.0.1:{ACTION_PORT}/nlg",
}


def apply_defaults() -> None:
    """Fills in the variables endpoints.yml needs that the environment does not set."""
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    pathlib.Path(os.environ["TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)

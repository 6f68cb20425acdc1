"""Samen's configuration from the environment, with the defaults of the
embedded single-machine set-up (README "Configuration"). endpoints.yml
reads these variables, so they are set before Rasa or the tracker store
reads it."""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
ACTION_PORT = int(os.environ.get("ACTION_PORT", 5055))
RASA_PORT = int(os.environ.get("RASA_PORT", 5005))
SERVICES_PORT = int(os.environ.get("SERVICES_PORT", 8000))


def helper_urls(action_port: int) -> dict:
    """Where Rasa finds the actions and the NLG endpoint, and the channels the
    conversation endpoints (one process, bot.action_server)."""
    return {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "NLG_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/nlg",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}"}


def services_url(port: int) -> str:
    """The municipal directory's admin and API (bot/directory), read by the actions."""
    return f"http://127.0.0.1:{port}"


DEFAULTS = {"TRACKER_DB": str(ROOT / ".samen" / "tracker.db"), **helper_urls(ACTION_PORT),
            "SERVICES_API_URL": services_url(SERVICES_PORT)}


def today() -> dt.date:
    """The day dates and reminders count from: SAMEN_TODAY (YYYY-MM-DD) in
    tests that live through a deadline, else the real date; plus the days
    in SAMEN_CLOCK_FILE, which the offline Telegram demo moves forward
    (/later) to show reminders coming."""
    override = os.environ.get("SAMEN_TODAY")
    day = dt.date.fromisoformat(override) if override else dt.date.today()
    clock = os.environ.get("SAMEN_CLOCK_FILE")
    if clock:
        try:
            day += dt.timedelta(days=int(pathlib.Path(clock).read_text() or 0))
        except (OSError, ValueError):
            pass
    return day


def stats_token() -> bytes:
    """The token the action server shows the municipal directory when it
    counts an asked question (SERVICES_STATS_TOKEN, else generated once in .samen/)."""
    from bot.core.keys import load_key

    return load_key(os.environ.get("SERVICES_STATS_TOKEN"), ROOT / ".samen" / "services-stats-token",
                    "SERVICES_STATS_TOKEN")


def conversations_token() -> bytes:
    """The token the channels show the action server's conversation endpoints
    (CONVERSATIONS_TOKEN, else generated once in .samen/)."""
    from bot.core.keys import load_key

    return load_key(os.environ.get("CONVERSATIONS_TOKEN"), ROOT / ".samen" / "conversations-token",
                    "CONVERSATIONS_TOKEN")


def reminder_key() -> bytes:
    """The key the channels seal a user's address with for reminders
    (REMINDER_KEY, else generated once in .samen/)."""
    from bot.core.keys import load_key

    return load_key(os.environ.get("REMINDER_KEY"), ROOT / ".samen" / "reminder-key", "REMINDER_KEY")


def shared_dir() -> pathlib.Path:
    """`../shared` (the NLU contract, facts, CBS list): $SAMEN_SHARED, else
    beside the checkout, else beside the repository a clone was made from."""
    if os.environ.get("SAMEN_SHARED"):
        return pathlib.Path(os.environ["SAMEN_SHARED"])
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(["git", "config", "--get", "remote.origin.url"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    if origin and pathlib.Path(origin).is_dir():
        return pathlib.Path(origin).resolve().parent / "shared"
    return beside


def apply_defaults() -> None:
    """Fills in the variables endpoints.yml needs that the environment does not set."""
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    # The embedded default: SQLite in TRACKER_DB; postgresql://... when scaled out.
    os.environ.setdefault("TRACKER_STORE_URL", f"sqlite:///{os.environ['TRACKER_DB']}")
    pathlib.Path(os.environ["TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)

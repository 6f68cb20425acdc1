"""`make run`: starts Samen's processes and opens the conversation.

The action/NLG server (bot.server) and the Rasa server (REST channel) run as
child processes with their logs in .samen/logs; then the local chat opens
in this terminal. Children are stopped on exit.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import subprocess
import sys
import time

import requests

from bot.settings import ACTION_PORT, RASA_PORT, apply_defaults, helper_urls

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOGS = ROOT / ".samen" / "logs"


def wait_until_up(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped (exit {process.returncode}); see {LOGS}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).ok:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up within {seconds:.0f} s; see {LOGS}")


@contextlib.contextmanager
def services(model: str, rasa_port: int, action_port: int, endpoints: str = "endpoints.yml"):
    """Runs the action/NLG server and the Rasa server; yields the Rasa URL."""
    LOGS.mkdir(parents=True, exist_ok=True)
    apply_defaults()
    env = {**os.environ, **helper_urls(action_port)}
    python = sys.executable
    children = []
    try:
        with open(LOGS / "actions.log", "ab") as log:
            actions = subprocess.Popen([python, "-m", "bot.server", "--port", str(action_port),
                                        "--endpoints", endpoints], cwd=ROOT, env=env,
                                       stdout=log, stderr=subprocess.STDOUT)
        children.append(actions)
        with open(LOGS / "rasa.log", "ab") as log:
            rasa = subprocess.Popen([python, "-m", "rasa", "run", "--model", model, "--endpoints", endpoints,
                                     "--credentials", "credentials.yml", "--port", str(rasa_port),
                                     "--interface", "127.0.0.1"], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
        children.append(rasa)
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, 60)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, 300)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for child in children:
            child.terminate()
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=20)
            if child.poll() is None:
                child.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: .model-path)")
    parser.add_argument("--rasa-port", type=int, default=RASA_PORT)
    parser.add_argument("--action-port", type=int, default=ACTION_PORT)
    args = parser.parse_args()
    model = args.model or (ROOT / ".model-path").read_text().strip()
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("TELEGRAM_BOT_TOKEN is set, but the Telegram front end is not part of Samen yet: "
              "opening the local chat.", file=sys.stderr)
    print(f"Starting Samen (model {pathlib.Path(model).name}); logs in {LOGS} ...", file=sys.stderr)
    from bot import privacy
    from bot.chat import Chat

    with services(model, args.rasa_port, args.action_port) as rasa_url:
        store = privacy.tracker_store()
        print("Samen is ready. Commands: /language /forget /help /quit", file=sys.stderr)
        Chat(rasa_url, forget=lambda sender: privacy.forget(store, sender)).run()


if __name__ == "__main__":
    main()

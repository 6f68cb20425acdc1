"""`make run`: starts Samen's processes and opens the conversation.

The municipal admin and services API (bot.services), the action/NLG server
(bot.server) and the Rasa server (REST channel) run as child processes with
their logs in .samen/logs. Then, by mode:
- `chat` (default without TELEGRAM_BOT_TOKEN): the local chat in this terminal;
- `telegram` (default with TELEGRAM_BOT_TOKEN): the Telegram bot (bot.telegram);
- `telegram-demo`: the Telegram bot against the local Bot API stand-in, with
  this terminal playing the Telegram app, fully offline.
Children are stopped on exit.
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

from bot.settings import ACTION_PORT, RASA_PORT, SERVICES_PORT, apply_defaults, helper_urls, services_url

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


def prepare_services_store(env: dict) -> None:
    """The services store's schema (migrations) and, on first use, the
    municipalities and the seed data with sources (never over editors' changes)."""
    for command in (["migrate", "--noinput"], ["seed"]):
        with open(LOGS / "services.log", "ab") as log:
            subprocess.run([sys.executable, "-m", "bot.services", *command], cwd=ROOT, env=env,
                           stdout=log, stderr=subprocess.STDOUT, check=True)


@contextlib.contextmanager
def services(model: str, rasa_port: int, action_port: int, endpoints: str = "endpoints.yml",
             services_port: int | None = None):
    """Runs the local-services admin/API (when a port is given), the
    action/NLG server and the Rasa server; yields the Rasa URL."""
    LOGS.mkdir(parents=True, exist_ok=True)
    apply_defaults()
    env = {**os.environ, **helper_urls(action_port)}
    if services_port:
        env["SERVICES_API_URL"] = services_url(services_port)
    python = sys.executable
    children = []
    try:
        if services_port:
            prepare_services_store(env)
            with open(LOGS / "services.log", "ab") as log:
                admin = subprocess.Popen([python, "-m", "bot.services", "runserver", "--noreload", "--insecure",
                                          f"127.0.0.1:{services_port}"], cwd=ROOT, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
            children.append(admin)
            wait_until_up(f"{services_url(services_port)}/api/health", admin, 60)
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


def local_chat(rasa_url: str) -> None:
    from bot import privacy
    from bot.chat import Chat

    store = privacy.tracker_store()
    print("Samen is ready. Commands: /language /forget /help /quit", file=sys.stderr)
    Chat(rasa_url, forget=lambda sender: privacy.forget(store, sender)).run()


def telegram(rasa_url: str, extra_env: dict | None = None, wait: bool = True) -> subprocess.Popen:
    """The Telegram bot as a child process (its log: .samen/logs/telegram.log)."""
    env = {**os.environ, "RASA_URL": rasa_url, **(extra_env or {})}
    with open(LOGS / "telegram.log", "ab") as log:
        bot = subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    if wait:
        print("Samen is serving Telegram (log: .samen/logs/telegram.log). Stop with Ctrl-C.", file=sys.stderr)
        try:
            if bot.wait():
                print(f"The Telegram bot stopped (exit {bot.returncode}): see {LOGS / 'telegram.log'} "
                      "(is the token right, and is api.telegram.org reachable?)", file=sys.stderr)
        except KeyboardInterrupt:
            pass
        finally:
            bot.terminate()
            bot.wait(20)
    return bot


def telegram_demo(rasa_url: str) -> None:
    """The real bot against the local Bot API stand-in; this terminal is the Telegram app."""
    from bot.telegram.testing.demo import DemoChat
    from bot.telegram.testing.standin import Server

    standin = Server(int(os.environ.get("STANDIN_PORT", 8081))).start()
    bot = telegram(rasa_url, {"TELEGRAM_BOT_TOKEN": "123456:telegram-demo",
                              "TELEGRAM_BASE_URL": f"{standin.url}/bot", "TELEGRAM_WEBHOOK_URL": ""}, wait=False)
    try:
        deadline = time.monotonic() + 60
        while not requests.get(f"{standin.url}/_standin/state", timeout=5).json()["calls"].get("getUpdates"):
            if bot.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Telegram bot did not start; see {LOGS / 'telegram.log'}")
            time.sleep(0.3)
        print("Telegram demo (offline): you are a Telegram user. Type messages or /language /help "
              "/privacy /forget; a button's number presses it; /quit stops.", file=sys.stderr)
        DemoChat(standin.url, os.environ.get("DEMO_LANGUAGE_CODE")).run()
    finally:
        bot.terminate()
        bot.wait(20)
        standin.stop()


MODES = ("chat", "telegram", "telegram-demo")
ADMIN_HELP = """Municipal admin: {url}/admin/  (API: {url}/api/docs/)
  First login: create your own account, there is no default password:
    .venv/bin/python -m bot.services createsuperuser            # a national administrator
    .venv/bin/python -m bot.services create_editor NAME GM0141  # a staff account of one municipality
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: .model-path)")
    parser.add_argument("--rasa-port", type=int, default=RASA_PORT)
    parser.add_argument("--action-port", type=int, default=ACTION_PORT)
    parser.add_argument("--services-port", type=int, default=SERVICES_PORT)
    parser.add_argument("--mode", choices=MODES, default=None,
                        help="default: telegram when TELEGRAM_BOT_TOKEN is set, else chat")
    args = parser.parse_args()
    mode = args.mode or ("telegram" if os.environ.get("TELEGRAM_BOT_TOKEN") else "chat")
    if mode == "telegram":
        from bot.telegram.config import ConfigError, TelegramConfig

        try:
            TelegramConfig.from_env()          # a wrong setting stops here, before anything starts
        except ConfigError as error:
            sys.exit(f"error: {error}")
    model = args.model or (ROOT / ".model-path").read_text().strip()
    print(f"Starting Samen (model {pathlib.Path(model).name}); logs in {LOGS} ...", file=sys.stderr)
    with services(model, args.rasa_port, args.action_port, services_port=args.services_port) as rasa_url:
        print(ADMIN_HELP.format(url=services_url(args.services_port)), file=sys.stderr)
        {"chat": local_chat, "telegram": telegram, "telegram-demo": telegram_demo}[mode](rasa_url)


if __name__ == "__main__":
    main()

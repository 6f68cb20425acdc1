"""`make run`: starts Samen's processes and opens the conversation.

The municipal admin and services API (bot.directory), the action/NLG server
(bot.action_server) and the Rasa server (REST channel) run as child processes with
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
import dataclasses
import os
import pathlib
import subprocess
import sys
import time

import requests

from bot.core.environment import ACTION_PORT, RASA_PORT, SERVICES_PORT, apply_defaults, helper_urls, services_url

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


@dataclasses.dataclass(frozen=True)
class Stack:
    rasa_url: str
    action_url: str
    processes: dict = dataclasses.field(default_factory=dict, compare=False)   # name -> Popen
    # Every replica's (several with --replicas; the first is rasa_url, action_url).
    rasa_urls: tuple = ()
    action_urls: tuple = ()


def replica_ports(port: int | list, replicas: int) -> list[int]:
    """One port per replica: the given list, or consecutive from the given port."""
    ports = list(port) if isinstance(port, (list, tuple)) else [port + n for n in range(replicas)]
    if len(ports) != replicas:
        raise ValueError(f"{replicas} replicas need {replicas} ports")
    return ports


def check_scale_out(replicas: int, env: dict) -> None:
    """Several Rasa replicas share one conversation store and one lock store:
    PostgreSQL (TRACKER_STORE_URL) and Redis (REDIS_URL); refused otherwise."""
    if replicas < 2:
        return
    if not env.get("REDIS_URL"):
        raise SystemExit("error: several replicas need REDIS_URL (redis://host:6379/0): they share "
                         "the conversation locks there (README \"Load and scale-out\")")
    if not env.get("TRACKER_STORE_URL", "").startswith("postgresql"):
        raise SystemExit("error: several replicas need TRACKER_STORE_URL=postgresql://user@host:5432/db "
                         "(one conversation store for all; README \"Load and scale-out\")")


def log_name(name: str, number: int) -> str:
    return f"{name}.log" if number == 1 else f"{name}-{number}.log"


def prepare_directory(env: dict) -> None:
    """The municipal directory's schema (migrations) and, on first use, the
    municipalities and the seed data with sources (never over editors' changes)."""
    for command in (["migrate", "--noinput"], ["seed"]):
        with open(LOGS / "services.log", "ab") as log:
            subprocess.run([sys.executable, "-m", "bot.directory", *command], cwd=ROOT, env=env,
                           stdout=log, stderr=subprocess.STDOUT, check=True)


@contextlib.contextmanager
def stack(model: str, rasa_port: int | list, action_port: int | list, endpoints: str = "endpoints.yml",
          services_port: int | None = None, replicas: int = 1):
    """Runs the municipal directory's admin/API (when a port is given), the
    action/NLG server and the Rasa server (`replicas` of each pair, every Rasa
    with its own action server; several need PostgreSQL and Redis); yields
    their Stack of URLs."""
    LOGS.mkdir(parents=True, exist_ok=True)
    apply_defaults()
    check_scale_out(replicas, os.environ)
    rasa_ports, action_ports = replica_ports(rasa_port, replicas), replica_ports(action_port, replicas)
    env = {**os.environ, **helper_urls(action_ports[0])}
    if services_port:
        env["SERVICES_API_URL"] = services_url(services_port)
    python = sys.executable
    children, processes = [], {}
    try:
        if services_port:
            prepare_directory(env)
            with open(LOGS / "services.log", "ab") as log:
                admin = subprocess.Popen([python, "-m", "bot.directory", "runserver", "--noreload", "--insecure",
                                          f"127.0.0.1:{services_port}"], cwd=ROOT, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
            children.append(admin)
            processes["directory"] = admin
            wait_until_up(f"{services_url(services_port)}/api/health", admin, 60)
        for number, (rasa_at, action_at) in enumerate(zip(rasa_ports, action_ports), start=1):
            suffix = "" if number == 1 else f"-{number}"
            replica_env = {**env, **helper_urls(action_at)}
            with open(LOGS / log_name("actions", number), "ab") as log:
                actions = subprocess.Popen([python, "-m", "bot.action_server", "--port", str(action_at),
                                            "--endpoints", endpoints], cwd=ROOT, env=replica_env,
                                           stdout=log, stderr=subprocess.STDOUT)
            children.append(actions)
            if number == 1 and replicas > 1:
                # The first action server makes the shared database's tables before any
                # other process starts: concurrent CREATE TABLEs on PostgreSQL would collide.
                wait_until_up(f"http://127.0.0.1:{action_at}/health", actions, 60)
            with open(LOGS / log_name("rasa", number), "ab") as log:
                rasa = subprocess.Popen([python, "-m", "bot.rasa_server", "run", "--model", model,
                                         "--endpoints", endpoints, "--credentials", "credentials.yml",
                                         "--port", str(rasa_at), "--interface", "127.0.0.1"], cwd=ROOT,
                                        env=replica_env, stdout=log, stderr=subprocess.STDOUT)
            children.append(rasa)
            processes[f"actions{suffix}"], processes[f"rasa{suffix}"] = actions, rasa
        for number, (rasa_at, action_at) in enumerate(zip(rasa_ports, action_ports), start=1):
            suffix = "" if number == 1 else f"-{number}"
            wait_until_up(f"http://127.0.0.1:{action_at}/health", processes[f"actions{suffix}"], 60)
            wait_until_up(f"http://127.0.0.1:{rasa_at}/webhooks/rest/health", processes[f"rasa{suffix}"], 300)
        rasa_urls = tuple(f"http://127.0.0.1:{port}" for port in rasa_ports)
        action_urls = tuple(helper_urls(port)["ACTION_SERVER_URL"] for port in action_ports)
        yield Stack(rasa_urls[0], action_urls[0], processes, rasa_urls, action_urls)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=20)
            if child.poll() is None:
                child.kill()


def local_chat(urls: Stack) -> None:
    from bot.chat import Chat

    print("Samen is ready. Commands: /language /reminders /later /forget /help /quit", file=sys.stderr)
    Chat(urls.rasa_urls or urls.rasa_url, urls.action_url).run()


def telegram(urls: Stack, extra_env: dict | None = None, wait: bool = True) -> subprocess.Popen:
    """The Telegram bot as a child process (its log: .samen/logs/telegram.log)."""
    env = {**os.environ, "RASA_URL": urls.rasa_url, "RASA_URLS": ",".join(urls.rasa_urls or (urls.rasa_url,)),
           "ACTION_SERVER_URL": urls.action_url, **(extra_env or {})}
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


def telegram_demo(urls: Stack) -> None:
    """The real bot against the local Bot API stand-in; this terminal is the Telegram app."""
    from tools.telegram_standin.demo import DemoChat
    from tools.telegram_standin.standin import Server

    standin = Server(int(os.environ.get("STANDIN_PORT", 8081))).start()
    clock = ROOT / ".samen" / "demo-clock"          # /later moves the bot's clock (reminders)
    clock.write_text("0")
    # This run's stand-in numbers its updates from 1: the record of handled
    # updates starts empty with it, or a second demo would skip them all.
    updates = ROOT / ".samen" / "telegram-demo-updates.db"
    updates.unlink(missing_ok=True)
    bot = telegram(urls, {"TELEGRAM_BOT_TOKEN": "123456:telegram-demo", "TELEGRAM_UPDATES_DB": str(updates),
                              "TELEGRAM_BASE_URL": f"{standin.url}/bot", "TELEGRAM_WEBHOOK_URL": "",
                              "SAMEN_CLOCK_FILE": str(clock), "TELEGRAM_REMINDER_EVERY": "2"}, wait=False)
    try:
        deadline = time.monotonic() + 60
        while not requests.get(f"{standin.url}/_standin/state", timeout=5).json()["calls"].get("getUpdates"):
            if bot.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Telegram bot did not start; see {LOGS / 'telegram.log'}")
            time.sleep(0.3)
        print("Telegram demo (offline): you are a Telegram user. Type messages or /language /help "
              "/privacy /reminders /forget; a button's number presses it; /later 7 moves the clock a week "
              "ahead (reminders); /quit stops.", file=sys.stderr)
        DemoChat(standin.url, os.environ.get("DEMO_LANGUAGE_CODE"), clock_file=clock).run()
    finally:
        bot.terminate()
        bot.wait(20)
        standin.stop()


MODES = ("chat", "telegram", "telegram-demo")
ADMIN_HELP = """Municipal admin: {url}/admin/  (API: {url}/api/docs/)
  First login: create your own account, there is no default password:
    .venv/bin/python -m bot.directory createsuperuser            # a national administrator
    .venv/bin/python -m bot.directory create_editor NAME GM0141  # a staff account of one municipality
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: .model-path)")
    parser.add_argument("--rasa-port", type=int, default=RASA_PORT)
    parser.add_argument("--action-port", type=int, default=ACTION_PORT)
    parser.add_argument("--services-port", type=int, default=SERVICES_PORT)
    parser.add_argument("--replicas", type=int, default=1,
                        help="Rasa + action server pairs (several need TRACKER_STORE_URL=postgresql://... and "
                             "REDIS_URL; ports count up from --rasa-port and --action-port)")
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
    with stack(model, args.rasa_port, args.action_port, services_port=args.services_port,
               replicas=args.replicas) as urls:
        if args.replicas > 1:
            print(f"{args.replicas} replicas: Rasa at {', '.join(urls.rasa_urls)}", file=sys.stderr)
        print(ADMIN_HELP.format(url=services_url(args.services_port)), file=sys.stderr)
        {"chat": local_chat, "telegram": telegram, "telegram-demo": telegram_demo}[mode](urls)


if __name__ == "__main__":
    main()

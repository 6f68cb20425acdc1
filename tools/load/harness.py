"""`make load`: Samen under load, through Rasa's REST channel, with the
Telegram bot's own client (bot/telegram/rasa_client.py: conversations spread
over the replicas, fail-over), multi-turn scripts in the five languages
(scripts.py).

* closed loop: N chats at once, each sending its next message when the last
  was answered (as many users typing as fast as they read);
* open loop: R messages a second arrive on schedule whatever the answers
  take (each to a chat whose last message was answered, else to a new chat);
  latency is counted from the scheduled time, so a backlog shows.

Every reply is checked: an error or an empty answer is `lost`; afterwards
each chat's messages are read back from the tracker store (their sequence
numbers travel as message metadata): a message missing there is lost, one
kept twice was `answered_twice`, and one kept before an earlier one is
`out_of_order`. Reported: turn latency p50/p95/p99, throughput, errors, and
the resident memory of every process of the stack (psutil if installed,
else /proc). Reports: reports/load/<date>/<scenario>.json and
latency-vs-load.png. No message text is written into any report or log.

    python -m tools.load.harness --replicas 1 --closed 1,5,10,20 --open 5,10 --duration 30
    python -m tools.load.harness --replicas 2      # PostgreSQL + Redis (a database and prefix of its own)
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import os
import pathlib
import platform
import statistics
import sys
import tempfile
import threading
import time
import uuid

from tools.load import backends
from tools.load.scripts import scripts

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports" / "load"


# ---------------------------------------------------------------- measuring

@dataclasses.dataclass
class Turn:
    chat: str
    seq: int
    lang: str
    latency: float | None = None      # seconds; None when lost
    error: str | None = None
    language: str | None = None       # the conversation's language the replies carried


@dataclasses.dataclass
class Chat:
    sender: str
    lang: str
    turns: list
    next: int = 0
    busy: bool = False


class Driver:
    """Sends turns through the channels' Rasa client and records them."""

    def __init__(self, rasa_urls, run_id: str, timeout: float = 60.0):
        from bot.telegram.rasa_client import RasaClient

        self.client = RasaClient(list(rasa_urls), timeout=timeout)
        self.run_id = run_id
        self.turns: list[Turn] = []
        self.chats: list[Chat] = []
        self._numbers = itertools.count()
        self._scripts = scripts()
        self._script_numbers = itertools.count()

    def new_chat(self) -> Chat:
        script = self._scripts[next(self._script_numbers) % len(self._scripts)]
        chat = Chat(f"load-{self.run_id}-{next(self._numbers)}", script["lang"], script["turns"])
        self.chats.append(chat)
        return chat

    async def turn(self, chat: Chat, scheduled: float | None = None) -> Turn:
        from bot import channels
        from bot.telegram.rasa_client import RasaUnavailable

        seq, text = chat.next, chat.turns[chat.next]
        chat.next += 1
        chat.busy = True
        turn = Turn(chat.sender, seq, chat.lang)
        self.turns.append(turn)
        start = scheduled if scheduled is not None else time.monotonic()
        try:
            replies = channels.read_replies(await self.client.send(
                chat.sender, text, {"load": {"seq": seq}}))
            if replies.messages:
                turn.latency = time.monotonic() - start
                turn.language = replies.language
            else:
                turn.error = "no reply"
        except RasaUnavailable as error:
            turn.error = "memory" if error.memory else "unavailable"
        except Exception as error:        # noqa: BLE001 - counted, never hidden
            turn.error = type(error).__name__
        finally:
            chat.busy = False
        return turn

    async def close(self):
        await self.client.close()


async def closed_loop(driver: Driver, chats: int, duration: float, turns_per_chat: int | None = None) -> float:
    """`chats` users at once, each chat's next message when the last was
    answered; a user starts a new chat when a script ends, until `duration`
    (or, with turns_per_chat, after one chat of that many turns each)."""
    deadline = time.monotonic() + duration

    async def user():
        while turns_per_chat or time.monotonic() < deadline:
            chat = driver.new_chat()
            if turns_per_chat:
                chat.turns = chat.turns[:turns_per_chat]
            while chat.next < len(chat.turns):
                if not turns_per_chat and time.monotonic() >= deadline:
                    return
                await driver.turn(chat)
            if turns_per_chat:
                return

    began = time.monotonic()
    await asyncio.gather(*(user() for _ in range(chats)))
    return time.monotonic() - began


async def open_loop(driver: Driver, rate: float, duration: float) -> float:
    """`rate` messages a second on a fixed schedule, for `duration` seconds."""
    began = time.monotonic()
    tasks = []
    for number in range(int(rate * duration)):
        scheduled = began + number / rate
        await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
        chat = next((c for c in driver.chats if not c.busy and c.next < len(c.turns)), None) or driver.new_chat()
        tasks.append(asyncio.create_task(driver.turn(chat, scheduled)))
    await asyncio.gather(*tasks)
    return time.monotonic() - began


# ---------------------------------------------------------------- checking

def stored_sequences(tracker_store_url: str, run_id: str) -> dict[str, list[int]]:
    """sender -> the sequence numbers of its user messages, in the order the
    tracker store keeps them (its row ids)."""
    import sqlalchemy as sa

    engine = sa.create_engine(tracker_store_url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE :prefix "
                "ORDER BY id"), {"prefix": f"load-{run_id}-%"}).fetchall()
    finally:
        engine.dispose()
    kept: dict[str, list[int]] = {}
    for sender, data in rows:
        seq = ((json.loads(data).get("metadata") or {}).get("load") or {}).get("seq")
        kept.setdefault(sender, []).append(seq)
    return kept


def check(turns: list[Turn], stored: dict[str, list[int]] | None) -> dict:
    """Lost, answered twice, out of order: from the replies, and from what the store kept."""
    sent: dict[str, list[int]] = {}
    for turn in turns:
        sent.setdefault(turn.chat, []).append(turn.seq)
    result = {"sent": len(turns), "answered": sum(t.latency is not None for t in turns),
              "lost": sum(t.latency is None for t in turns),
              "errors": {}, "answered_twice": 0, "out_of_order": 0, "lost_in_store": 0,
              "store_checked": stored is not None}
    for turn in turns:
        if turn.error:
            result["errors"][turn.error] = result["errors"].get(turn.error, 0) + 1
    if stored is not None:
        for chat, seqs in sent.items():
            kept = stored.get(chat, [])
            answered = {t.seq for t in turns if t.chat == chat and t.latency is not None}
            result["answered_twice"] += len(kept) - len(set(kept))
            result["lost_in_store"] += len(answered - set(kept))
            firsts = list(dict.fromkeys(kept))
            result["out_of_order"] += sum(1 for a, b in zip(firsts, firsts[1:]) if b < a)
    return result


def latency_summary(turns: list[Turn]) -> dict:
    values = sorted(t.latency * 1000 for t in turns if t.latency is not None)
    if not values:
        return {}

    def pct(p):
        return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1)

    return {"p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "mean_ms": round(statistics.mean(values), 1),
            "max_ms": round(values[-1], 1), "samples": len(values)}


def rss_bytes(pid: int) -> int | None:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except ImportError:
        pass
    except Exception:           # noqa: BLE001 - the process has gone
        return None
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class MemorySampler:
    """Resident memory of the stack's processes, sampled twice a second."""

    def __init__(self, processes: dict):
        self.pids = {name: process.pid for name, process in processes.items()}
        self.samples: dict[str, list[int]] = {name: [] for name in self.pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                value = rss_bytes(pid)
                if value:
                    self.samples[name].append(value)
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        mb = 1024 * 1024
        return {name: {"peak_mb": round(max(values) / mb, 1), "mean_mb": round(statistics.mean(values) / mb, 1)}
                for name, values in self.samples.items() if values}


# ---------------------------------------------------------------- scenarios

def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if pathlib.Path("/proc/cpuinfo").exists() \
        else platform.processor()
    # Other work on the machine shows in the load average taken before each scenario.
    return {"cores": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()]}


async def run_scenario(rasa_urls, kind: str, level: float, duration: float, tracker_store_url: str | None,
                       processes: dict | None = None, turns_per_chat: int | None = None) -> dict:
    """One scenario; returns its report (no message text in it)."""
    run_id = uuid.uuid4().hex[:10]
    driver = Driver(rasa_urls, run_id)
    sampler = MemorySampler(processes or {})
    try:
        with sampler:
            if kind == "closed":
                wall = await closed_loop(driver, int(level), duration, turns_per_chat)
            else:
                wall = await open_loop(driver, level, duration)
    finally:
        await driver.close()
    stored = stored_sequences(tracker_store_url, run_id) if tracker_store_url else None
    checked = check(driver.turns, stored)
    languages = {}
    for turn in driver.turns:
        languages.setdefault(turn.lang, 0)
        languages[turn.lang] += 1
    return {"kind": kind, "level": level, "unit": "concurrent chats" if kind == "closed" else "messages/s offered",
            "duration_s": round(wall, 2), "chats": len(driver.chats), "turns_by_language": languages,
            "throughput_msg_s": round(checked["answered"] / wall, 2) if wall else None,
            "latency": latency_summary(driver.turns), "checks": checked, "rss": sampler.summary(),
            "replicas": len(list(rasa_urls))}


@contextlib.contextmanager
def own_stack(model: str, replicas: int, services: bool = True):
    """Samen's processes on free ports: embedded (SQLite in a temporary
    folder, locks in memory) or `replicas` on PostgreSQL + Redis (a database
    and a key prefix of their own, removed afterwards). Yields (stack, tracker store URL)."""
    from bot.run import stack

    with contextlib.ExitStack() as resources:
        folder = pathlib.Path(resources.enter_context(tempfile.TemporaryDirectory(prefix="samen-load-")))
        env = {"TRACKER_DB": str(folder / "tracker.db"), "DATABASE_URL": f"sqlite:///{folder / 'services.db'}"}
        if replicas > 1:
            env["TRACKER_STORE_URL"] = resources.enter_context(backends.postgres_database(prefix="samen_load"))
            env["REDIS_URL"] = backends.REDIS_URL
            env["REDIS_KEY_PREFIX"] = resources.enter_context(backends.redis_prefix(prefix="samenload"))
        else:
            env["TRACKER_STORE_URL"] = f"sqlite:///{folder / 'tracker.db'}"
            env["REDIS_URL"] = ""
        saved = {name: os.environ.get(name) for name in env}
        os.environ.update(env)
        try:
            ports = [free_port() for _ in range(2 * replicas)]
            with stack(model, ports[:replicas], ports[replicas:], replicas=replicas,
                       services_port=free_port() if services else None) as urls:
                yield urls, env["TRACKER_STORE_URL"]
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def save(report: dict, name: str, folder: pathlib.Path) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path


def plot(folder: pathlib.Path) -> pathlib.Path | None:
    """latency-vs-load.png from every scenario report in the folder."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    reports = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    reports = [r for r in reports if r.get("latency") and r.get("setup")]
    if not reports:
        return None
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, kind, label in ((axes[0], "closed", "concurrent chats (closed loop)"),
                            (axes[1], "open", "messages/s offered (open loop)")):
        for setup in sorted({r["setup"] for r in reports}):
            points = sorted((r["level"], r["latency"]) for r in reports if r["kind"] == kind and r["setup"] == setup)
            if not points:
                continue
            for key, style in (("p50_ms", "-o"), ("p95_ms", "--s"), ("p99_ms", ":^")):
                ax.plot([p[0] for p in points], [p[1][key] / 1000 for p in points], style,
                        label=f"{setup} {key[:3]}")
        ax.set_xlabel(label)
        ax.set_ylabel("turn latency (s)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    day = reports[0].get("date", "")
    figure.suptitle(f"Samen turn latency vs load ({day}, {reports[0]['machine']['cores']} cores)")
    figure.tight_layout()
    path = folder / "latency-vs-load.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: .model-path)")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--closed", default="1,5,10,20", help="concurrent chats, comma-separated ('' for none)")
    parser.add_argument("--open", default="5,10", help="messages/s, comma-separated ('' for none)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per scenario")
    parser.add_argument("--rasa-urls", default=None,
                        help="drive an already running stack instead (RSS is then not measured)")
    parser.add_argument("--tracker-store-url", default=None,
                        help="with --rasa-urls: its tracker store, to check what was kept")
    parser.add_argument("--out", default=None, help="report folder (default reports/load/<date>)")
    args = parser.parse_args()
    folder = pathlib.Path(args.out) if args.out else REPORTS / dt.date.today().isoformat()
    setup = f"{args.replicas}-replica" + ("s-pg-redis" if args.replicas > 1 else "-embedded")
    levels = [("closed", float(n)) for n in args.closed.split(",") if n.strip()] + \
             [("open", float(r)) for r in args.open.split(",") if r.strip()]

    def run_all(rasa_urls, store_url, processes):
        asyncio.run(run_scenario(rasa_urls, "closed", 5, 0, store_url, None, turns_per_chat=1))   # warm-up
        for kind, level in levels:
            load_before = machine()
            report = asyncio.run(run_scenario(rasa_urls, kind, level, args.duration, store_url, processes))
            name = f"{setup}-{kind}-{level:g}"
            report.update({"scenario": name, "setup": setup, "date": dt.date.today().isoformat(),
                           "machine": load_before, "stores": "postgresql+redis" if args.replicas > 1 else "sqlite+memory"})
            path = save(report, name, folder)
            lat, checks = report["latency"], report["checks"]
            print(f"{name}: {report['throughput_msg_s']} msg/s, p50 {lat.get('p50_ms')} p95 {lat.get('p95_ms')} "
                  f"p99 {lat.get('p99_ms')} ms, lost {checks['lost']} twice {checks['answered_twice']} "
                  f"out of order {checks['out_of_order']} -> {path}", file=sys.stderr)

    if args.rasa_urls:
        run_all(args.rasa_urls.split(","), args.tracker_store_url, {})
    else:
        model = args.model or (ROOT / ".model-path").read_text().strip()
        with own_stack(model, args.replicas) as (urls, store_url):
            run_all(urls.rasa_urls, store_url, urls.processes)
    print(f"plot: {plot(folder)}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Every update handled at least once, and answered once.

PTB's own updater acknowledges updates to Telegram when it fetches them, and
its webhook server answers 200 before the update is handled: a bot stopped
mid-message (a crash, a deploy) never answers it. Here an update is
acknowledged only once it is handled (polling: the next getUpdates' offset
never passes an update still in hand; webhook: 200 only after handling, so
Telegram delivers it again otherwise), and the ids of handled updates are
kept for a day (Telegram's own limit) so that one delivered twice is
answered once. Only update ids are kept, never a message.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import pathlib
import sqlite3
import time

from telegram import Update
from telegram.error import NetworkError, TelegramError

log = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600
POLL_TIMEOUT = 30


class HandledUpdates:
    """The ids of updates already handled, in a small SQLite file."""

    def __init__(self, path: pathlib.Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS handled (update_id INTEGER PRIMARY KEY, at REAL NOT NULL)")

    def __contains__(self, update_id: int) -> bool:
        return self._db.execute("SELECT 1 FROM handled WHERE update_id = ?", (update_id,)).fetchone() is not None

    def add(self, update_id: int, now: float | None = None) -> None:
        self._db.execute("INSERT OR IGNORE INTO handled VALUES (?, ?)", (update_id, now or time.time()))

    def prune(self, now: float | None = None) -> None:
        self._db.execute("DELETE FROM handled WHERE at < ?", ((now or time.time()) - KEEP_SECONDS,))

    def last(self) -> int | None:
        return self._db.execute("SELECT MAX(update_id) FROM handled").fetchone()[0]


class Delivery:
    """Hands updates to the Application, marks them handled, and knows the
    offset up to which Telegram may forget them."""

    def __init__(self, application, handled: HandledUpdates):
        self.application, self.handled = application, handled
        self.in_hand: dict[int, asyncio.Task] = {}
        self.highest = handled.last() or 0

    async def _handle(self, update: Update) -> None:
        try:
            await self.application.process_update(update)
        finally:
            # An error inside is answered by the error handler: handled all the same.
            self.handled.add(update.update_id)
            self.in_hand.pop(update.update_id, None)

    def take(self, update: Update) -> asyncio.Task | None:
        """Starts handling an update, unless it is handled or in hand already."""
        if update.update_id in self.in_hand or update.update_id in self.handled:
            return None
        self.highest = max(self.highest, update.update_id)
        task = asyncio.create_task(self._handle(update))
        self.in_hand[update.update_id] = task
        return task

    def offset(self) -> int:
        """Telegram may forget every update below this one."""
        return min(self.in_hand) if self.in_hand else self.highest + 1

    async def drain(self) -> None:
        if self.in_hand:
            await asyncio.gather(*self.in_hand.values(), return_exceptions=True)


async def poll(application, handled: HandledUpdates, stop: asyncio.Event) -> None:
    """Long polling that acknowledges only handled updates."""
    delivery = Delivery(application, handled)
    bot = application.bot
    await bot.delete_webhook()
    while not stop.is_set():
        try:
            updates = await bot.get_updates(offset=delivery.offset(), timeout=POLL_TIMEOUT,
                                            allowed_updates=Update.ALL_TYPES)
        except NetworkError as error:
            log.warning("getUpdates failed: %s", type(error).__name__)
            await asyncio.sleep(1.0)
            continue
        except TelegramError as error:
            log.error("getUpdates refused: %s", type(error).__name__)
            await asyncio.sleep(5.0)
            continue
        for update in updates:
            delivery.take(update)
        handled.prune()
    await delivery.drain()
    with contextlib.suppress(TelegramError):
        await bot.get_updates(offset=delivery.offset(), timeout=0)     # acknowledge what was handled


def webhook_app(application, handled: HandledUpdates, secret: str, path: str):
    """An aiohttp app that answers Telegram 200 only after handling an update."""
    from aiohttp import web

    delivery = Delivery(application, handled)

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except ValueError:
            return web.Response(status=400)
        task = delivery.take(update)
        if task is None:
            task = delivery.in_hand.get(update.update_id)
        if task is not None:
            await asyncio.shield(task)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/" + path.lstrip("/"), receive)
    return app

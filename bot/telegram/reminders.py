"""Sending the reminders users asked for: every minute, the reminders due
today are claimed from the action server (each is handed to one sender
only), sent, and confirmed. A reminder is confirmed once Telegram has it,
or when it can never be delivered (the user blocked the bot, or its sealed
address no longer opens because REMINDER_KEY changed); one that failed on
the network stays claimed and is handed out again after the claim expires
(bot/conversations/reminders.py). The day is SAMEN_TODAY when set (demos
and tests that move time), else today."""
from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx
from telegram import LinkPreviewOptions
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import channels
from bot.core.environment import today
from bot.telegram.split import split_message

log = logging.getLogger(__name__)
EVERY_SECONDS = 60.0


async def send_due(bot, http: httpx.AsyncClient, action_server_url: str) -> int:
    """Sends the reminders due now; returns how many were sent."""
    url = channels.reminders_url(action_server_url)
    reply = await http.get(f"{url}/due", params={"channel": "telegram", "today": today().isoformat()},
                           headers=channels.conversation_headers())
    reply.raise_for_status()
    sent = 0
    for item in reply.json().get("reminders", []):
        address = channels.reply_address(item["reply_to"])
        if address is None:
            log.error("a reminder's address cannot be opened (REMINDER_KEY changed?): dropped")
        else:
            try:
                for part in split_message(item["text"]):
                    await bot.send_message(int(address), part, link_preview_options=LinkPreviewOptions(is_disabled=True))
                sent += 1
            except (Forbidden, BadRequest) as error:
                log.warning("a reminder cannot be delivered (%s): dropped", type(error).__name__)
            except TelegramError as error:
                log.warning("sending a reminder failed (%s): it is tried again later", type(error).__name__)
                continue
        (await http.post(f"{url}/{item['id']}/sent", headers=channels.conversation_headers())).raise_for_status()
    return sent


async def reminder_loop(bot, http: httpx.AsyncClient, action_server_url: str, stop: asyncio.Event,
                        every: float = EVERY_SECONDS) -> None:
    """send_due every `every` seconds until `stop`; a failed round is logged and the next one tries again."""
    while not stop.is_set():
        try:
            sent = await send_due(bot, http, action_server_url)
            if sent:
                log.info("sent %d reminders", sent)
        except (httpx.HTTPError, ValueError) as error:
            log.warning("reminders could not be fetched: %s", type(error).__name__)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

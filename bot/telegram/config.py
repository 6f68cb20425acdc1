"""The Telegram front end's configuration, from the environment (README
"Configuration"): polling by default, webhook mode when TELEGRAM_WEBHOOK_URL
is set (with TELEGRAM_WEBHOOK_SECRET, which Telegram sends back in the
X-Telegram-Bot-Api-Secret-Token header of every update)."""
from __future__ import annotations

import dataclasses
import os
import re

from bot.channels import rasa_urls

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")


class ConfigError(ValueError):
    """A setting that would make the bot unsafe or unable to start."""


@dataclasses.dataclass(frozen=True)
class TelegramConfig:
    token: str
    rasa_url: str
    action_server_url: str = "http://127.0.0.1:5055"
    base_url: str = TELEGRAM_BASE_URL
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    sender_hash_key: str | None = None
    # Messages of one chat read at once, in seconds: TELEGRAM_FLOOD_LIMIT "12/60".
    flood: tuple = (12, 60.0)
    # The ids of handled updates (bot/telegram/delivery.py); by default one file per bot in .samen/.
    updates_db: str | None = None
    # How often due reminders are fetched and sent, in seconds (TELEGRAM_REMINDER_EVERY, default 60).
    reminder_every: float | None = None

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """The Rasa replicas (RASA_URLS, comma-separated; or the one RASA_URL)."""
        return rasa_urls(self.rasa_url)

    @property
    def bot_id(self) -> str:
        """The bot's public id: the token's part before the colon."""
        return self.token.split(":")[0]

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)

    @classmethod
    def from_env(cls, env: dict | None = None) -> "TelegramConfig":
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (the token @BotFather gave you)")
        config = cls(
            token=token,
            rasa_url=env.get("RASA_URLS") or env.get("RASA_URL") or f"http://127.0.0.1:{env.get('RASA_PORT', 5005)}",
            action_server_url=env.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{env.get('ACTION_PORT', 5055)}",
            base_url=env.get("TELEGRAM_BASE_URL") or TELEGRAM_BASE_URL,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or 8443),
            sender_hash_key=env.get("SENDER_HASH_KEY") or None,
            flood=_flood(env.get("TELEGRAM_FLOOD_LIMIT") or "12/60"),
            updates_db=env.get("TELEGRAM_UPDATES_DB") or None,
            reminder_every=float(env.get("TELEGRAM_REMINDER_EVERY") or 60),
        )
        if config.webhook:
            if not config.webhook_url.startswith("https://"):
                raise ConfigError("TELEGRAM_WEBHOOK_URL must be an https:// URL")
            if not config.webhook_secret or not _SECRET.fullmatch(config.webhook_secret):
                raise ConfigError("webhook mode needs TELEGRAM_WEBHOOK_SECRET: 16 to 256 characters "
                                  "of A-Z, a-z, 0-9, _ and -")
        return config


def _flood(value: str) -> tuple:
    try:
        messages, seconds = value.split("/")
        flood = (int(messages), float(seconds))
    except ValueError:
        raise ConfigError("TELEGRAM_FLOOD_LIMIT must look like 12/60 (messages/seconds)") from None
    if flood[0] < 1 or flood[1] <= 0:
        raise ConfigError("TELEGRAM_FLOOD_LIMIT must allow at least one message in some seconds")
    return flood

"""`python -m bot.telegram`: Samen's Telegram bot (needs a running Rasa server, RASA_URL)."""
import logging
import sys

from bot.core.environment import apply_defaults
from bot.telegram.app import run
from bot.telegram.config import ConfigError, TelegramConfig


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    # httpx logs every request URL at info level, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    apply_defaults()
    try:
        config = TelegramConfig.from_env()
    except ConfigError as error:
        sys.exit(f"error: {error}")
    run(config)


if __name__ == "__main__":
    main()

"""`python -m bot.conversations forget-everything --yes`: deletes every stored
conversation and the recorded pseudonym key, to rotate SENDER_HASH_KEY
(README "Operations": conversations made with the old key cannot be mapped
to the new one, so they are deleted, and the next key is recorded)."""
from __future__ import annotations

import argparse
import sys

from bot.conversations import repository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["forget-everything"])
    parser.add_argument("--yes", action="store_true", help="really delete every conversation")
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args()
    if not args.yes:
        sys.exit("This deletes every conversation Samen keeps. Run again with --yes to do it.")
    deleted = repository.forget_everything(repository.tracker_store(args.endpoints))
    print(f"deleted {deleted} events; the next SENDER_HASH_KEY will be recorded when the bot starts")


if __name__ == "__main__":
    main()

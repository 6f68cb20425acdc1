"""`python -m bot.rasa_server <rasa arguments>`: Rasa's command line, with
message text redacted from its logs (redaction.py)."""
from bot.rasa_server import redaction


def main() -> None:
    redaction.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

"""`python -m bot.rasa_server <rasa arguments>`: Rasa's command line, with
message text redacted from its logs (redaction.py) and each JSON schema
checked once rather than on every action-server answer (schemas.py)."""
from bot.rasa_server import redaction, schemas


def main() -> None:
    redaction.install()
    schemas.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

"""Samen's ground floor: what every process stands on and nothing else.

The language registry, text normalisation, postcodes, the catalogs and their
i18n marker, and number/date/bidi formatting. Nothing here imports Rasa,
Django or python-telegram-bot (tests/unit/test_architecture.py checks it),
so the Telegram front end, the local chat, the action server and the
municipal directory can all use it without pulling each other in.
"""

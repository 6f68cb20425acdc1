"""Samen's local-services store: municipalities keep their services current
in a web admin (Django), and the assistant's action server reads them through
a JSON API, so a changed phone number reaches users without retraining.

Run it with `python -m bot.directory <manage command>` (settings:
bot.directory.settings)."""

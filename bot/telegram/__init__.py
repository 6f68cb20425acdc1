"""Samen on Telegram: a python-telegram-bot Application that relays each
user's messages to Rasa's REST channel and sends back the replies
(`python -m bot.telegram`, README "Telegram")."""

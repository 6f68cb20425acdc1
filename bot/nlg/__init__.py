"""Samen's natural-language generation: every `utter_*` rendered from the
locale catalogs in the conversation's language (in the Rasa process,
bot/rasa_server/nlg.py, or by the action server's NLG endpoint)."""

"""Samen's natural-language generation: every `utter_*` rendered from the
locale catalogs in the conversation's language (Rasa's NLG endpoint)."""

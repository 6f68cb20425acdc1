"""Samen's own NLU graph components: script-aware normalising, tokenising,
language identification and gazetteer entities (municipalities, languages)."""

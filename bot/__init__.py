"""Samen: a multilingual assistant for refugee family reunification."""

"""Municipalities: the CBS (NL) and Statbel (BE) lists, their spellings in
every script Samen's users write, and matching them in free text."""

"""Dialogue decisions as plain functions (the actions in actions/ are thin
wrappers): which language a conversation is in, which country its rules
are, and what to ask before answering."""

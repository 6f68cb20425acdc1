"""Conversations as Samen keeps them: Rasa's SQL tracker store (SQLite by
default, PostgreSQL when scaled out) and the one repository that reads and
deletes them (/forget, retention). Only the action server uses it."""

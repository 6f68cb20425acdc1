"""Builds bot/geo/data/municipalities.json from the CBS and Statbel lists (`make gazetteer`)."""

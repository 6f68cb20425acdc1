"""Loads every Dutch and Belgian municipality from the gazetteer's table
(bot.geo: CBS and Statbel codes, official names, display names per
language), the directory's one source of municipalities. Run it before `seed`, and again after the table is regenerated:
it adds and renames, and leaves the phone numbers and links editors set."""
from __future__ import annotations

import json
import pathlib

from django.core.management.base import BaseCommand
from django.db import transaction

from bot.core.languages import CODES as NAME_LANGUAGES
from bot.directory.models import Municipality
from bot.geo.gazetteer import DATA


def display_names(entry: dict) -> dict:
    """The curated display names; the Dutch one only where it differs from the
    official name ("Den Haag" for 's-Gravenhage)."""
    names = {lang: entry["display"][lang] for lang in NAME_LANGUAGES if entry["display"].get(lang)}
    if names.get("nl") == entry["name"]:
        del names["nl"]
    return names


def load(path: pathlib.Path = DATA) -> tuple[int, int]:
    """(created, updated)."""
    entries = json.loads(path.read_text(encoding="utf-8"))["municipalities"]
    created = updated = 0
    with transaction.atomic():
        for entry in entries:
            _, new = Municipality.objects.update_or_create(code=entry["code"], defaults={
                "country": entry["country"].lower(), "name": entry["name"], "names": display_names(entry)})
            created += new
            updated += not new
    return created, updated


class Command(BaseCommand):
    help = "Load all Dutch and Belgian municipalities (codes, official and display names)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=pathlib.Path, default=DATA, help="municipalities.json to read")

    def handle(self, *args, file: pathlib.Path, **options):
        created, updated = load(file)
        self.stdout.write(f"municipalities: {created} created, {updated} updated")

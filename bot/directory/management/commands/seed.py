"""Loads the researched seed data, bot/directory/seed/*.yml: municipalities'
general numbers and websites, and services with their Dutch description
and translations (description_en, or `translations: {prs: {name, description}}`),
all stored as unreviewed: no native speaker has checked them.

A service is known by its name and municipality: one that is already there
is left as editors made it, unless --update is given. Every entry passes
the same validation as in the admin, and one bad entry loads nothing."""
from __future__ import annotations

import pathlib

import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bot.directory.models import Municipality, Service, ServiceTranslation

SEED_DIR = pathlib.Path(__file__).resolve().parents[2] / "seed"
MUNICIPALITY_KEYS = {"code", "general_phone", "website", "source_url", "last_verified", "note"}
SERVICE_KEYS = {"name", "municipality", "country", "categories", "description_nl", "description_en", "address",
                "phone", "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                "last_verified", "is_active", "note", "translations"}


class SeedError(Exception):
    pass


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _check_keys(entry: dict, allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise SeedError(f"{where}: unknown keys {', '.join(sorted(unknown))}")


def _municipality(code, where: str) -> Municipality | None:
    if code is None:
        return None
    try:
        return Municipality.objects.get(code=str(code))
    except Municipality.DoesNotExist:
        raise SeedError(f"{where}: unknown municipality code {code}") from None


def load_municipality(entry: dict, where: str) -> None:
    _check_keys(entry, MUNICIPALITY_KEYS, where)
    municipality = _municipality(entry.get("code"), where)
    if municipality is None:
        raise SeedError(f"{where}: a municipality needs a code")
    for field in ("general_phone", "website", "source_url"):
        if field in entry:
            setattr(municipality, field, str(entry[field] or ""))
    municipality.source_note = entry.get("note") or ""
    try:
        municipality.full_clean()
    except ValidationError as error:
        raise SeedError(f"{where}: {_messages(error)}") from None
    municipality.save()


def load_service(entry: dict, where: str, update: bool) -> str:
    """'created', 'updated' or 'kept'."""
    _check_keys(entry, SERVICE_KEYS, where)
    municipality = _municipality(entry.get("municipality"), where)
    service = Service.objects.filter(name=entry.get("name"), municipality=municipality).first()
    if service and not update:
        return "kept"
    status = "updated" if service else "created"
    service = service or Service(municipality=municipality)
    for field in SERVICE_KEYS - {"municipality", "description_en", "note", "translations"}:
        if field in entry:
            setattr(service, field, entry[field] if entry[field] is not None else "")
    service.source_note = entry.get("note") or ""
    try:
        service.full_clean(exclude=["version"])
    except ValidationError as error:
        raise SeedError(f"{where}: {_messages(error)}") from None
    service._change_reason = "seed"
    if service.pk:
        service.save_if_unchanged(service.version)
    else:
        service.save()
    translations = dict(entry.get("translations") or {})
    if entry.get("description_en"):
        translations.setdefault("en", {"description": entry["description_en"]})
    for language, text in translations.items():
        translation = (ServiceTranslation.objects.filter(service=service, language=language).first()
                       or ServiceTranslation(service=service, language=language))
        translation.name = text.get("name", "")
        translation.description, translation.reviewed = text["description"], False
        try:
            translation.full_clean()
        except ValidationError as error:
            raise SeedError(f"{where} (translation {language}): {_messages(error)}") from None
        translation._change_reason = "seed"
        translation.save()
    return status


def seed(files: list[pathlib.Path], update: bool = False) -> dict[str, int]:
    """Loads the files in one transaction; counts per outcome."""
    if not Municipality.objects.exists():
        call_command("load_municipalities")
    counts = {"municipalities": 0, "created": 0, "updated": 0, "kept": 0}
    with transaction.atomic():
        for file in files:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            _check_keys(data, {"municipalities", "services"}, file.name)
            for number, entry in enumerate(data.get("municipalities") or []):
                load_municipality(entry, f"{file.name}: municipalities[{number}] ({entry.get('code')})")
                counts["municipalities"] += 1
            for number, entry in enumerate(data.get("services") or []):
                counts[load_service(entry, f"{file.name}: services[{number}] ({entry.get('name')})", update)] += 1
    return counts


class Command(BaseCommand):
    help = "Load the seed municipalities' contact details and services (bot/directory/seed/*.yml)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=pathlib.Path,
                            help="YAML files to load (default: bot/directory/seed/*.yml)")
        parser.add_argument("--update", action="store_true",
                            help="also overwrite services that are already there (by name and municipality)")

    def handle(self, *args, files: list[pathlib.Path], update: bool, **options):
        files = files or sorted(SEED_DIR.glob("*.yml"))
        if not files:
            raise CommandError(f"no seed files in {SEED_DIR}")
        try:
            counts = seed(files, update)
        except SeedError as error:
            raise CommandError(f"nothing loaded: {error}") from None
        self.stdout.write(f"municipalities: {counts['municipalities']} updated; services: {counts['created']} "
                          f"created, {counts['updated']} updated, {counts['kept']} kept as they were")

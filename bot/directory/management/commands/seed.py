"""Loads the researched seed data, bot/directory/seed/*.yml: municipalities'
general numbers and websites, and services with their Dutch description
and translations (description_en, or `translations: {prs: {name, description}}`),
all stored as unreviewed: no native speaker has checked them.

Each entry is loaded once (a SeedRecord remembers it) and never again, so
`make run`, which seeds at every start, never undoes an editor's work: a
changed number stays, a deleted service stays deleted, a renamed one is not
added again under its old name. A municipality's seeded number and links only
fill fields that are empty. Entries added to the seed files later are loaded
at the next start. With --update, services that no editor has touched since
they were seeded take the seed file's new values. Every entry passes the same
validation as in the admin, and one bad entry loads nothing.

A store seeded before SeedRecords existed is recognised from its history
(simple-history records the change reason "seed")."""
from __future__ import annotations

import pathlib

import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bot.directory.models import Municipality, SeedRecord, Service, ServiceTranslation

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


def load_municipality(entry: dict, where: str) -> str:
    """'updated' (empty fields filled, once) or 'kept'."""
    _check_keys(entry, MUNICIPALITY_KEYS, where)
    municipality = _municipality(entry.get("code"), where)
    if municipality is None:
        raise SeedError(f"{where}: a municipality needs a code")
    key = f"municipality:{municipality.code}"
    if SeedRecord.objects.filter(key=key).exists():
        return "kept"
    seeded = {field: str(entry[field] or "") for field in ("general_phone", "website", "source_url") if field in entry}
    if entry.get("note"):
        seeded["source_note"] = entry["note"]
    changed = False
    for field, value in seeded.items():
        if value and not getattr(municipality, field):        # never over what an editor (or an earlier seed) set
            setattr(municipality, field, value)
            changed = True
    if changed:
        try:
            municipality.full_clean()
        except ValidationError as error:
            raise SeedError(f"{where}: {_messages(error)}") from None
        municipality.save_if_unchanged(municipality.version)
    SeedRecord.objects.create(key=key)
    return "updated" if changed else "kept"


def service_key(entry: dict) -> str:
    code = entry.get("municipality")
    where = str(code) if code is not None else f"national-{entry.get('country') or 'nl'}"
    return f"service:{where}:{entry.get('name')}"


def edited_since_seeding(service: Service) -> bool:
    """Whether anyone but the seed saved the service."""
    return service.history.exclude(history_change_reason="seed").exists()


def load_service(entry: dict, where: str, update: bool) -> str:
    """'created', 'updated' or 'kept'."""
    _check_keys(entry, SERVICE_KEYS, where)
    municipality = _municipality(entry.get("municipality"), where)
    key = service_key(entry)
    record = SeedRecord.objects.filter(key=key).first()
    same = Service.objects.filter(name=entry.get("name"), municipality=municipality)
    if municipality is None:
        same = same.filter(country=entry.get("country") or "nl")
    if record is None:
        seeded_before = Service.history.filter(name=entry.get("name"), municipality_id=municipality.pk
                                               if municipality else None, history_change_reason="seed").exists()
        if same.exists() or seeded_before:
            # Loaded by a seed that kept no records: this entry is there, or an editor
            # renamed or deleted it since.
            record = SeedRecord.objects.create(key=key)
    if record is not None:
        service = same.first()
        if not (update and service is not None and not edited_since_seeding(service)):
            return "kept"
    else:
        service = None
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
    if record is None:
        SeedRecord.objects.create(key=key)
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
                where = f"{file.name}: municipalities[{number}] ({entry.get('code')})"
                counts["municipalities"] += load_municipality(entry, where) == "updated"
            for number, entry in enumerate(data.get("services") or []):
                counts[load_service(entry, f"{file.name}: services[{number}] ({entry.get('name')})", update)] += 1
    return counts


class Command(BaseCommand):
    help = "Load the seed municipalities' contact details and services (bot/directory/seed/*.yml)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=pathlib.Path,
                            help="YAML files to load (default: bot/directory/seed/*.yml)")
        parser.add_argument("--update", action="store_true",
                            help="also give seeded services that no editor changed the seed file's new values")

    def handle(self, *args, files: list[pathlib.Path], update: bool, **options):
        files = files or sorted(SEED_DIR.glob("*.yml"))
        if not files:
            raise CommandError(f"no seed files in {SEED_DIR}")
        try:
            counts = seed(files, update)
        except SeedError as error:
            raise CommandError(f"nothing loaded: {error}") from None
        self.stdout.write(f"municipalities: {counts['municipalities']} filled in; services: {counts['created']} "
                          f"created, {counts['updated']} updated, {counts['kept']} kept as they are")

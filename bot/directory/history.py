"""A service's history with its translations (django-simple-history keeps
both): deleted services brought back, and an earlier version brought back
together with the translations it had then."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import permissions
from .models import Service, ServiceTranslation

HistoricalService = Service.history.model
HistoricalTranslation = ServiceTranslation.history.model


def deleted_services(user):
    """The last record of each deleted service that the user may restore, newest first."""
    allowed = permissions.allowed_municipalities(user)
    last = (HistoricalService.objects.filter(id=OuterRef("id")).order_by("-history_date", "-history_id")
            .values("history_id")[:1])
    records = (HistoricalService.objects.filter(history_type="-", history_id=Subquery(last))
               .exclude(id__in=Service.objects.values("id"))
               .select_related("history_user").order_by("-history_date"))
    if allowed is not None:
        codes = [code for code in allowed if code is not None]
        records = records.filter(municipality_id__in=codes) | (
            records.filter(municipality__isnull=True) if None in allowed else records.none())
    return records


def may_restore(user, record) -> bool:
    return permissions.may_edit_municipality(user, record.municipality_id)


def translations_as_of(service_id: int, before, deleted_at=None) -> list:
    """The service's translations as they were just before `before` (historical
    records). With deleted_at (the service's deletion), translations deleted with
    the service (in the same second) count as they were before."""
    latest: dict[str, list] = {}
    for record in (HistoricalTranslation.objects.filter(service_id=service_id, history_date__lt=before)
                   .order_by("language", "-history_date", "-history_id")):
        latest.setdefault(record.language, []).append(record)
    found = []
    for records in latest.values():
        record = records[0]
        if record.history_type == "-" and deleted_at is not None and \
                deleted_at - record.history_date < dt.timedelta(seconds=2):
            record = next((r for r in records[1:] if r.history_type != "-"), record)
        if record.history_type != "-":
            found.append(record)
    return found


def version_moment(record):
    """When the version `record` stopped being current: the next record's time, or now."""
    following = (HistoricalService.objects.filter(id=record.id, history_date__gt=record.history_date)
                 .order_by("history_date").values_list("history_date", flat=True).first())
    return following or timezone.now()


def restore_translations(service: Service, records: list, user) -> None:
    """The service's translations become those of `records` (historical translations)."""
    wanted = {record.language: record for record in records}
    for translation in service.translations.all():
        if translation.language not in wanted:
            translation._history_user = user
            translation._change_reason = "revert"
            translation.delete()
    for language, record in wanted.items():
        translation = (ServiceTranslation.objects.filter(service=service, language=language).first()
                       or ServiceTranslation(service=service, language=language))
        translation.name, translation.description = record.name, record.description
        translation.reviewed = record.reviewed
        translation._history_user = user
        translation._change_reason = "revert"
        translation.save()
        # That version's text with that version's marks: reviewed only if it was reviewed
        # as this very text, outdated if it was outdated then.
        marks = {"reviewed": record.reviewed}
        if record.source_fingerprint:
            marks["source_fingerprint"] = record.source_fingerprint
        ServiceTranslation.objects.filter(pk=translation.pk).update(**marks)


@transaction.atomic
def restore_deleted(record, user, version=None) -> Service:
    """Brings a deleted service back with its id, as it was just before deletion
    (or as `version`, an earlier record), with the translations it had then;
    its version number goes on from the last one."""
    chosen = version if version is not None and version.history_type != "-" else (
        HistoricalService.objects.filter(id=record.id, history_date__lte=record.history_date)
        .exclude(history_type="-").order_by("-history_date", "-history_id").first() or record)
    service = chosen.instance
    service.version = record.version + 1
    service._history_user = user
    service._change_reason = "restore"
    service.save(force_insert=True)
    if chosen is version:
        translations = translations_as_of(record.id, version_moment(version), deleted_at=record.history_date)
    else:
        translations = translations_as_of(record.id, record.history_date + dt.timedelta(microseconds=1),
                                          deleted_at=record.history_date)
    restore_translations(service, translations, user)
    return service

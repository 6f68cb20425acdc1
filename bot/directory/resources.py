"""CSV/XLSX import and export of services (django-import-export).

A file is imported whole or not at all: every row goes through the model's
validation and the editor's rights, and one bad row rolls the whole file
back, with each bad row's number and message shown. Columns are written as
an editor would fill in a spreadsheet: categories and languages as
comma-separated codes, opening hours as "ma 09:30-11:30; vr 9-12", phone
numbers as dialled, dates as 2026-11-30 or 30-11-2026, yes/no as ja/nee,
WAAR/ONWAAR or 1/0; translations in name_<lang>, description_<lang> and
reviewed_<lang> (ar, ti, prs, en).

A row that changes nothing is skipped (no new version). A row without id is
a new service, refused when its municipality already has a service of that
name (the file probably lost its id column)."""
from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import permissions
from .models import TRANSLATION_LANGUAGES, Municipality, Service, ServiceTranslation, VersionConflict
from .validation import format_opening_hours, national_phone, normalise_phone, parse_list, parse_opening_hours

LANGUAGE_CODES = [code for code, _label in TRANSLATION_LANGUAGES]
TRUE = {"1", "true", "waar", "ja", "yes", "y", "j", "x"}
FALSE = {"0", "false", "onwaar", "nee", "no", "n", ""}


class MunicipalityCodeWidget(widgets.ForeignKeyWidget):
    """A municipality by its code (GM0141, 44021); empty for a national service."""

    def __init__(self):
        super().__init__(Municipality, field="code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            return Municipality.objects.get(code=code)
        except Municipality.DoesNotExist:
            raise ValueError(_("Unknown municipality code “%(code)s”.") % {"code": code}) from None


class CodeListWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_list(str(value or ""))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class OpeningHoursWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_opening_hours(str(value or ""))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None

    def render(self, value, obj=None, **kwargs):
        return format_opening_hours(value or [])


class PhoneWidget(widgets.CharWidget):
    """Exported as dialled (0546 456 909); the model turns what is imported into +31..."""

    def render(self, value, obj=None, **kwargs):
        return national_phone(value)


class DateWidget(widgets.Widget):
    """2026-11-30 (as exported), 30-11-2026 or 30/11/2026 (as Dutch Excel saves it), or a spreadsheet date."""
    FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y", "%Y-%m-%d %H:%M:%S")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        for form in self.FORMATS:
            try:
                return dt.datetime.strptime(text, form).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write 2026-11-30 or 30-11-2026.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError(_("“%(value)s”: write ja or nee.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "ja" if value else "nee"


def _translation(service: Service, language: str) -> ServiceTranslation | None:
    return next((t for t in service.translations.all() if t.language == language), None)


class TranslationColumn(fields.Field):
    """name_<lang>, description_<lang> or reviewed_<lang>: read and written with the
    service's translations (ServiceResource.save_translations), not as a model field."""

    def __init__(self, language: str, part: str):
        super().__init__(attribute=None, column_name=f"{part}_{language}")
        self.language, self.part = language, part

    def export(self, instance, **kwargs):
        translation = _translation(instance, self.language) if instance.pk else None
        if translation is None:
            return ""
        if self.part == "reviewed":
            return "ja" if translation.reviewed else "nee"
        return getattr(translation, self.part)


class ServiceResource(resources.ModelResource):
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityCodeWidget())
    categories = fields.Field(attribute="categories", column_name="categories", widget=CodeListWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    opening_hours = fields.Field(attribute="opening_hours", column_name="opening_hours", widget=OpeningHoursWidget())
    languages_spoken = fields.Field(attribute="languages_spoken", column_name="languages_spoken",
                                    widget=CodeListWidget())
    last_verified = fields.Field(attribute="last_verified", column_name="last_verified", widget=DateWidget())
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=YesNoWidget())
    version = fields.Field(attribute="version", column_name="version", readonly=True)

    class Meta:
        model = Service
        fields = ["id", "municipality", "country", "name", "categories", "description_nl", "address", "phone",
                  "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                  "last_verified", "is_active", "version"]
        import_id_fields = ["id"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, user=None, **kwargs):
        """user: whose rights limit the rows (the admin passes the logged-in editor)."""
        super().__init__(**kwargs)
        self.user = user
        self._new_names: set[tuple] = set()
        for language in LANGUAGE_CODES:
            for part in ("name", "description", "reviewed"):
                column = TranslationColumn(language, part)
                self.fields[column.column_name] = column

    def get_queryset(self):
        services = permissions.services_for(self.user) if self.user else Service.objects.all()
        return services.select_related("municipality").prefetch_related("translations")

    def get_export_order(self):
        return [*self._meta.fields, *(f"{part}_{language}" for language in LANGUAGE_CODES
                                      for part in ("name", "description", "reviewed"))]

    def import_data(self, dataset, **kwargs):
        """Any invalid row rolls back the whole file, also in the confirm step."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    # -- rows -----------------------------------------------------------------------
    def after_init_instance(self, instance, new, row, **kwargs):
        if new and str(row.get("id") or "").strip():
            raise ValidationError({"id": _("There is no service %(id)s that you may edit. Leave id empty to add "
                                           "a new service.") % {"id": row["id"]}})
        if new:
            self._refuse_duplicate(row)
        else:
            # The version the file was exported with: a service saved since then is not
            # overwritten by the file (optimistic locking, as in the admin form).
            try:
                instance._file_version = int(float(str(row.get("version") or "").strip()))
            except ValueError:
                raise ValidationError({"version": _("Keep the version column of the export for existing "
                                                    "services.")}) from None
            if instance._file_version != instance.version:
                raise ValidationError({"version": str(VersionConflict.MESSAGE)})

    def _refuse_duplicate(self, row) -> None:
        """A new row named like an existing service of the same municipality (or like
        another new row) is a duplicate: most likely the file lost its id column."""
        code = str(row.get("municipality") or "").strip() or None
        name = " ".join(str(row.get("name") or "").split())
        if not name:
            return
        if (code, name) in self._new_names:
            raise ValidationError({"name": _("“%(name)s” is in this file twice.") % {"name": name}})
        self._new_names.add((code, name))
        existing = Service.objects.filter(municipality_id=code, name=name).values_list("pk", flat=True).first()
        if existing:
            raise ValidationError({"name": _(
                "There is already a service “%(name)s” (id %(id)s) here. To change it, keep its id in the id "
                "column (export first); to add another one, give it a different name.") % {
                "name": name, "id": existing}})

    def _translation_items(self, row) -> dict[str, dict]:
        """The translations the row sets, by language (only languages whose columns are in the file)."""
        items = {}
        for language in LANGUAGE_CODES:
            if f"description_{language}" not in row:
                continue
            reviewed = str(row.get(f"reviewed_{language}") or "").strip().lower()
            if reviewed not in TRUE | FALSE:
                raise ValidationError({f"reviewed_{language}": _("“%(value)s”: write ja or nee.") % {
                    "value": row.get(f"reviewed_{language}")}})
            items[language] = {"name": str(row.get(f"name_{language}") or ""),
                               "description": str(row.get(f"description_{language}") or ""),
                               "reviewed": reviewed in TRUE}
        return items

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.user and "municipality" not in errors and not permissions.may_edit_municipality(
                self.user, instance.municipality_id):
            where = (_("municipality %(code)s") % {"code": instance.municipality_id} if instance.municipality_id
                     else _("national services"))
            errors["municipality"] = ValidationError(_("You may not add or change services for %(where)s.") % {
                "where": where})
        row = getattr(instance, "_row", {})
        try:
            for language, item in self._translation_items(row).items():
                if not item["description"] and not item["name"]:
                    continue
                candidate = ServiceTranslation(language=language, name=item["name"], description=item["description"])
                try:
                    candidate.full_clean(exclude=["service", "source_fingerprint"])
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        errors[f"{field}_{language}"] = ValidationError(messages)
        except ValidationError as error:
            errors.update(error.error_dict)
        super().validate_instance(instance, errors, validate_unique)

    def import_instance(self, instance, row, **kwargs):
        instance._row = row
        super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: every column in the file, as the model would store it (texts
        cleaned, phone as E.164), and every translation equal to what is stored."""
        if import_validation_errors or original is None or not original.pk:
            return False
        candidate = copy.copy(instance)
        candidate.clean_text_fields()
        country = candidate.municipality.country if candidate.municipality_id else candidate.country
        try:
            candidate.phone = normalise_phone(candidate.phone, country)
        except ValidationError:
            return False
        for field in self.get_import_fields():
            if field.attribute and field.column_name in row and \
                    field.get_value(candidate) != field.get_value(original):
                return False
        try:
            items = self._translation_items(row)
        except ValidationError:
            return False
        for language, item in items.items():
            stored = _translation(original, language)
            if stored is None:
                if item["description"] or item["name"]:
                    return False
                continue
            cleaned = ServiceTranslation(name=item["name"], description=item["description"])
            cleaned.clean_text_fields()
            if (stored.name, stored.description) != (cleaned.name, cleaned.description) or (
                    item["reviewed"] != stored.reviewed):
                return False
        return True

    def before_save_instance(self, instance, row, **kwargs):
        if self.user:
            instance._history_user = self.user
        instance._change_reason = "import"

    def do_instance_save(self, instance, is_create):
        """An updated row takes the next version, unless someone saved the service
        since it was read for this import (then the row fails and the file rolls back)."""
        if is_create:
            instance.save(force_insert=True)
        else:
            instance.save_if_unchanged(instance._file_version)

    def after_save_instance(self, instance, row, **kwargs):
        """The row's translations: a language with an empty name and description is removed."""
        for language, item in self._translation_items(row).items():
            translation = instance.translations.filter(language=language).first()
            if not item["description"] and not item["name"]:
                if translation is not None:
                    translation._history_user = self.user
                    translation.delete()
                continue
            translation = translation or ServiceTranslation(service=instance, language=language)
            translation.name, translation.description = item["name"], item["description"]
            translation.reviewed = item["reviewed"]
            translation.clean_text_fields()
            translation._history_user = self.user
            translation._change_reason = "import"
            translation.save()

"""CSV/XLSX import and export of services (django-import-export).

A file is imported whole or not at all: every row goes through the model's
validation and the editor's rights, and one bad row rolls the whole file
back, with each bad row's number and message shown. Columns are written as
an editor would fill in a spreadsheet: categories and languages as
comma-separated codes, opening hours as "ma 09:30-11:30; vr 09:30-11:30",
phone numbers as dialled."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from . import permissions
from .models import Municipality, Service, VersionConflict
from .validation import format_opening_hours, national_phone, parse_list, parse_opening_hours


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
            raise ValueError(f"Unknown municipality code “{code}”.") from None


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


class ServiceResource(resources.ModelResource):
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityCodeWidget())
    categories = fields.Field(attribute="categories", column_name="categories", widget=CodeListWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    opening_hours = fields.Field(attribute="opening_hours", column_name="opening_hours", widget=OpeningHoursWidget())
    languages_spoken = fields.Field(attribute="languages_spoken", column_name="languages_spoken",
                                    widget=CodeListWidget())
    version = fields.Field(attribute="version", column_name="version", readonly=True)

    class Meta:
        model = Service
        fields = ["id", "municipality", "country", "name", "categories", "description_nl", "address", "phone",
                  "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                  "last_verified", "is_active", "version"]
        import_id_fields = ["id"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def __init__(self, user=None, **kwargs):
        """user: whose rights limit the rows (the admin passes the logged-in editor)."""
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        return permissions.services_for(self.user) if self.user else Service.objects.all()

    def import_data(self, dataset, **kwargs):
        """Any invalid row rolls back the whole file, also in the confirm step."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and str(row.get("id") or "").strip():
            raise ValidationError({"id": f"There is no service {row['id']} that you may edit. "
                                         "Leave id empty to add a new service."})
        if not new:
            # The version the file was exported with: a service saved since then is not
            # overwritten by the file (optimistic locking, as in the admin form).
            try:
                instance._file_version = int(float(str(row.get("version") or "").strip()))
            except ValueError:
                raise ValidationError({"version": "Keep the version column of the export for existing "
                                                  "services."}) from None
            if instance._file_version != instance.version:
                raise ValidationError({"version": VersionConflict.MESSAGE})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.user and "municipality" not in errors and not permissions.may_edit_municipality(
                self.user, instance.municipality_id):
            where = f"municipality {instance.municipality_id}" if instance.municipality_id else "national services"
            errors["municipality"] = ValidationError(f"You may not add or change services for {where}.")
        super().validate_instance(instance, errors, validate_unique)

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

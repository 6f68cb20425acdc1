"""The web admin where municipalities keep their services current.

Every editor sees and changes only what permissions.py allows, in the
changelist, the change form (including the municipality field), history and
revert, restoring deleted services, preview, import and export, and the
statistics. A save over a newer save is refused (optimistic locking,
forms.ServiceAdminForm and Service.save_if_unchanged). A new service starts
as a draft: the editor checks the preview, then publishes it. National
editors also keep what the IND and DVZ publish about waiting (WaitingFigure)."""
from __future__ import annotations

import json
import time

from babel.dates import format_date

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from bot.local_help.listing import render_service

from . import history, permissions, stats
from .categories import CHOICES as CATEGORY_CHOICES
from .categories import label
from .formats import ImportFileError, SafeCSV, SafeXLSX
from .forms import MunicipalityAdminForm, ServiceAdminForm, TranslationForm, WaitingFigureAdminForm, language_name
from .models import (LANGUAGES, EditorProfile, Municipality, Service, ServiceTranslation, VersionConflict,
                     WaitingFigure, waiting_stale_before)
from .resources import ServiceResource
from .validation import national_phone, phone_cost_warning

IMPORTS_KEY = "services_imports"        # the upload names this session may confirm


class StaleFilter(admin.SimpleListFilter):
    """Yes / No over a queryset's stale() and fresh(); `yes` says what stale means."""
    yes: str

    def lookups(self, request, model_admin):
        return [("yes", self.yes), ("no", gettext_lazy("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.stale()
        if self.value() == "no":
            return queryset.fresh()
        return queryset


class NeedsVerificationFilter(StaleFilter):
    title = gettext_lazy("needs verification")
    parameter_name = "needs_verification"
    yes = gettext_lazy("Yes (not verified in over six months)")


class CategoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return CATEGORY_CHOICES

    def queryset(self, request, queryset):
        return queryset.in_category(self.value()) if self.value() in dict(CATEGORY_CHOICES) else queryset


class OutdatedTranslationFilter(admin.SimpleListFilter):
    title = gettext_lazy("translations")
    parameter_name = "translations"

    def lookups(self, request, model_admin):
        return [("unreviewed", gettext_lazy("not reviewed")), ("outdated", gettext_lazy("outdated"))]

    def queryset(self, request, queryset):
        if self.value() == "unreviewed":
            return queryset.filter(translations__reviewed=False).distinct()
        if self.value() == "outdated":
            ids = [t.service_id for t in ServiceTranslation.objects.filter(service__in=queryset)
                   .select_related("service") if t.outdated]
            return queryset.filter(pk__in=ids)
        return queryset


class MunicipalityScoped:
    """View, change and delete only services of the editor's own municipality (or the
    national ones, for national editors); for an inline, obj is its service."""

    def _allowed(self, request, obj):
        return permissions.is_editor(request.user) and (
            obj is None or permissions.may_edit_municipality(request.user, obj.municipality_id))

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)


class TranslationInline(MunicipalityScoped, admin.StackedInline):
    model = ServiceTranslation
    form = TranslationForm
    extra = 0
    readonly_fields = ["status"]

    def get_fields(self, request, obj=None):
        return ["language", "name", "description", "reviewed", "status", "still_current"]

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    @admin.display(description=gettext_lazy("status"))
    def status(self, translation):
        if not translation.pk:
            return "–"
        if translation.outdated:
            return _("Outdated: the Dutch text changed after this translation was written.")
        return _("Reviewed by a native speaker.") if translation.reviewed else _(
            "Not reviewed: the assistant tells users that no native speaker checked it.")


class ServiceImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.SERVICES_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s MB; import at most %(max)s MB at a time. Split the file.") % {
                    "size": round(upload.size / 1024 / 1024, 1), "max": round(limit / 1024 / 1024, 1)})
        return upload


def sweep_uploads() -> None:
    """Uploads that were never confirmed are removed after SERVICES_IMPORT_KEEP_MINUTES."""
    storage = storages["import_export"]
    folder = "django-import-export"
    try:
        _dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    cutoff = time.time() - settings.SERVICES_IMPORT_KEEP_MINUTES * 60
    for name in files:
        path_ = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path_).timestamp() < cutoff:
                storage.delete(path_)
        except FileNotFoundError:
            continue


@admin.register(Service)
class ServiceAdmin(MunicipalityScoped, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = ServiceAdminForm
    resource_classes = [ServiceResource]
    formats = [SafeCSV, SafeXLSX]
    to_encoding = "utf-8-sig"                 # a BOM, so that Excel reads the CSV as UTF-8
    import_form_class = ServiceImportForm
    inlines = [TranslationInline]
    list_display = ["name", "municipality", "category_labels", "phone_display", "last_verified",
                    "needs_verification", "published", "preview_link"]
    list_filter = [NeedsVerificationFilter, CategoryFilter, "is_active", OutdatedTranslationFilter]
    list_select_related = ["municipality"]
    search_fields = ["name", "description_nl", "address"]
    readonly_fields = ["version"]
    change_list_template = "services/change_list.html"
    change_form_template = "services/change_form.html"
    object_history_template = "services/service_history.html"
    object_history_form_template = "services/service_history_form.html"
    fieldsets = [
        (None, {"fields": ["municipality", "country", "name", "categories", "description_nl", "is_active"]}),
        (gettext_lazy("Contact"), {"fields": ["address", "phone", "email", "website", "opening_hours",
                                              "languages_spoken", "access", "cost"]}),
        (gettext_lazy("Source"), {"fields": ["source_url", "last_verified", "source_note", "version",
                                             "loaded_version"]}),
    ]

    # -- rights -------------------------------------------------------------
    def get_queryset(self, request):
        return permissions.services_for(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return permissions.is_editor(request.user)

    def has_add_permission(self, request):
        return permissions.is_editor(request.user)

    def has_import_permission(self, request):
        return permissions.is_editor(request.user)

    def has_export_permission(self, request):
        return permissions.is_editor(request.user)

    def get_fieldsets(self, request, obj=None):
        """The country is only chosen for national services; a local one takes its municipality's."""
        if permissions.is_national_editor(request.user):
            return self.fieldsets
        return [(title, {**options, "fields": [f for f in options["fields"] if f != "country"]})
                for title, options in self.fieldsets]

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return [*self.list_filter, ("municipality", admin.RelatedOnlyFieldListFilter)]
        return self.list_filter

    def get_autocomplete_fields(self, request):
        return ["municipality"] if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A municipal editor's only choice is their municipality; a national editor's
        only choice is "national" (empty)."""
        if db_field.name == "municipality" and not request.user.is_superuser:
            code = permissions.default_municipality(request.user)
            kwargs["queryset"] = Municipality.objects.filter(pk=code) if code else Municipality.objects.none()
            kwargs["required"] = not permissions.is_national_editor(request.user)
            kwargs["initial"] = code
            kwargs["empty_label"] = None if kwargs["required"] else _("— national service —")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "categories" in request.GET:
            initial["categories"] = [slug for slug in request.GET["categories"].split(",")
                                     if slug in dict(CATEGORY_CHOICES)]
        return initial

    def save_model(self, request, obj, form, change):
        if not permissions.may_edit_municipality(request.user, obj.municipality_id):
            raise PermissionDenied
        obj._history_user = request.user
        revert = getattr(request, "_services_revert", None)
        if revert is not None and revert["deleted"] is not None:
            return                              # restored in history_form_view
        if change:
            obj.save_if_unchanged(form.cleaned_data["loaded_version"])
        else:
            obj.save()
        if revert is not None:
            history.restore_translations(obj, revert["translations"], request.user)
        warning = phone_cost_warning(obj.phone)
        if warning and "_preview" not in request.POST:
            messages.warning(request, warning)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)
        for translation in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            if getattr(translation, "_review_cleared", False) and "_preview" not in request.POST:
                messages.warning(request, _(
                    "The %(language)s translation changed, so it is marked as not reviewed again. Tick "
                    "“reviewed” once a native speaker has checked the new text.") % {
                    "language": translation.get_language_display()})

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)

    # -- import ---------------------------------------------------------------
    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("translations")

    def write_to_tmp_storage(self, import_file, input_format):
        sweep_uploads()
        return super().write_to_tmp_storage(import_file, input_format)

    def get_confirm_form_initial(self, request, import_form):
        """The upload's name is remembered in the editor's session: the confirm step
        only reads a file this session uploaded (never a name the browser made up)."""
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            names = request.session.get(IMPORTS_KEY, [])[-9:]
            request.session[IMPORTS_KEY] = [*names, initial["import_file_name"]]
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error("import_file", _("This file is not a CSV file that can be read. Save it as “CSV UTF-8” "
                                            "or import the XLSX file."))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        name = request.POST.get("import_file_name", "")
        if not name or name not in request.session.get(IMPORTS_KEY, []):
            messages.error(request, _("This import is no longer waiting for confirmation (or was never "
                                      "uploaded here). Upload the file again."))
            return HttpResponseRedirect(reverse("admin:services_service_import"))
        request.session[IMPORTS_KEY] = [n for n in request.session[IMPORTS_KEY] if n != name]
        if not storages["import_export"].exists(f"django-import-export/{name}"):
            messages.error(request, _("This upload has expired. Upload the file again."))
            return HttpResponseRedirect(reverse("admin:services_service_import"))
        try:
            return super().process_import(request, **kwargs)
        except (ImportFileError, UnicodeDecodeError, ValueError) as error:
            messages.error(request, str(error) if isinstance(error, ImportFileError) else _(
                "The file could not be read. Upload it again."))
            return HttpResponseRedirect(reverse("admin:services_service_import"))

    # -- one service ------------------------------------------------------------
    def _get_obj_or_404(self, request, object_id):
        """Another municipality's service does not exist for this editor: 404, where
        Django's admin would redirect to the index."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such service, or not one you may edit."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._get_obj_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._get_obj_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Also "Preview": the form is checked and saved in a transaction that is
        rolled back, and the preview shows the unsaved service as the assistant would."""
        preview = request.method == "POST" and "_preview" in request.POST
        try:
            if not preview:
                return super().changeform_view(request, object_id, form_url, extra_context)
            with transaction.atomic():
                response = super().changeform_view(request, object_id, form_url, extra_context)
                transaction.set_rollback(True)
            return response
        except VersionConflict:
            messages.error(request, VersionConflict.MESSAGE)
            return HttpResponseRedirect(request.get_full_path())

    def _preview_of_unsaved(self, request, obj):
        fields = [(key, value) for key in request.POST for value in request.POST.getlist(key)
                  if key not in ("_preview", "csrfmiddlewaretoken")]
        context = self._preview_context(request, obj)
        context.update(unsaved=True, posted=fields, action=request.get_full_path(),
                       title=_("Preview (not saved yet): %(name)s") % {"name": obj.name})
        return TemplateResponse(request, "services/preview.html", context)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return self._preview_of_unsaved(request, obj)
        if not obj.is_active:
            messages.success(request, _("“%(name)s” is saved as a draft: the assistant does not show it yet. "
                                        "Check the preview, then publish it.") % {"name": obj.name})
            return HttpResponseRedirect(reverse("admin:services_service_preview", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return self._preview_of_unsaved(request, obj)
        return super().response_change(request, obj)

    # -- history: with translations, and deleted services ---------------------------
    def history_view(self, request, object_id, extra_context=None):
        records = (history.HistoricalTranslation.objects.filter(service_id=unquote(object_id))
                   .select_related("history_user").order_by("-history_date"))
        if not Service.objects.filter(pk=unquote(object_id)).exists():
            last = history.HistoricalService.objects.filter(id=unquote(object_id)).order_by("-history_date").first()
            if last is None or not history.may_restore(request.user, last):
                raise Http404(_("No such service, or not one you may edit."))
        return super().history_view(request, object_id, {**(extra_context or {}), "translation_records": records})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert only a service the editor may change now, not one that was theirs
        in an old version; its translations go back with it. A deleted service's
        versions can be opened and brought back too."""
        record = get_object_or_404(history.HistoricalService, id=unquote(object_id), history_id=version_id)
        current = self.get_object(request, unquote(object_id))
        deleted = None
        if current is None:
            deleted = (history.HistoricalService.objects.filter(id=record.id, history_type="-")
                       .order_by("-history_date").first())
            if deleted is None or Service.objects.filter(pk=record.id).exists() or not (
                    history.may_restore(request.user, deleted) and history.may_restore(request.user, record)):
                raise Http404(_("No such service, or not one you may edit."))
            if record.history_type == "-":
                record = (history.HistoricalService.objects.filter(id=record.id, history_date__lte=record.history_date)
                          .exclude(history_type="-").order_by("-history_date").first() or record)
        elif not self.has_change_permission(request, current):
            raise PermissionDenied
        translations = history.translations_as_of(
            record.id, history.version_moment(record), deleted_at=deleted.history_date if deleted else None)
        request._services_revert = {"record": record, "deleted": deleted, "translations": translations}
        if deleted is not None and request.method == "POST":
            if not history.may_restore(request.user, record):
                raise PermissionDenied
            service = history.restore_deleted(deleted, request.user, version=record)
            messages.success(request, _("“%(name)s” is back, with its translations.") % {"name": service.name})
            return HttpResponseRedirect(reverse("admin:services_service_change", args=[service.pk]))
        context = {**(extra_context or {}), "translations_then": translations, "restoring": deleted is not None}
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, context)
        except VersionConflict:
            messages.error(request, VersionConflict.MESSAGE)
            return HttpResponseRedirect(request.get_full_path())

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return permissions.is_editor(request.user) and (
            obj is None or permissions.may_edit_municipality(request.user, obj.municipality_id))

    def deleted_view(self, request):
        """Deleted services the editor may bring back, newest first."""
        records = list(history.deleted_services(request.user)[:200])
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "records": records,
                   "title": _("Deleted services")}
        return TemplateResponse(request, "services/deleted_services.html", context)

    def restore_view(self, request, history_id):
        record = get_object_or_404(history.HistoricalService, history_id=history_id, history_type="-")
        if Service.objects.filter(pk=record.id).exists() or not history.may_restore(request.user, record):
            raise Http404(_("No such service, or not one you may edit."))
        service = history.restore_deleted(record, request.user)
        messages.success(request, _("“%(name)s” is back, with its translations.") % {"name": service.name})
        return HttpResponseRedirect(reverse("admin:services_service_change", args=[service.pk]))

    # -- columns ------------------------------------------------------------
    @admin.display(description=gettext_lazy("categories"))
    def category_labels(self, service):
        return ", ".join(label(slug) for slug in service.categories)

    @admin.display(description=gettext_lazy("phone"))
    def phone_display(self, service):
        return national_phone(service.phone)

    @admin.display(description=gettext_lazy("needs verification"), boolean=True)
    def needs_verification(self, service):
        return service.stale

    @admin.display(description=gettext_lazy("published"), boolean=True, ordering="is_active")
    def published(self, service):
        return service.is_active

    @admin.display(description=gettext_lazy("preview"))
    def preview_link(self, service):
        return format_html('<a href="{}">{}</a>', reverse("admin:services_service_preview", args=[service.pk]),
                           _("preview"))

    # -- preview, publishing, statistics ----------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/preview/", view(self.preview_view), name="services_service_preview"),
            path("<int:object_id>/publish/", view(require_POST(self.publish_view)), name="services_service_publish"),
            path("deleted/", view(self.deleted_view), name="services_service_deleted"),
            path("deleted/<int:history_id>/restore/", view(require_POST(self.restore_view)),
                 name="services_service_restore"),
            path("statistics/", view(self.statistics_view), name="services_service_statistics"),
        ] + super().get_urls()

    def _preview_context(self, request, service) -> dict:
        """The service as the assistant shows it, in each of its five languages."""
        from .api import PublicServiceSerializer

        translations = {t.language: t for t in (service.translations.all() if service.pk else [])}
        previews = []
        for lang in LANGUAGES:
            service.asked_translation = [translations[lang]] if lang in translations else []
            data = PublicServiceSerializer(service, context={"lang": lang}).data
            text, error = None, None
            try:
                text = render_service(dict(data), lang)
            except Exception as exc:   # the preview must show the data even when rendering fails
                error = f"{type(exc).__name__}: {exc}"
            previews.append({"lang": lang, "language": language_name(lang), "lines": text.split("\n") if text else [],
                             "error": error, "json": json.dumps(data, ensure_ascii=False, indent=2)})
        del service.asked_translation
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "original": service,
                "title": _("Preview: %(name)s") % {"name": service.name}, "previews": previews,
                "inactive": not service.is_active}

    def preview_view(self, request, object_id):
        service = self._get_obj_or_404(request, str(object_id))
        return TemplateResponse(request, "services/preview.html", self._preview_context(request, service))

    def publish_view(self, request, object_id):
        service = self._get_obj_or_404(request, str(object_id))
        if not self.has_change_permission(request, service):
            raise PermissionDenied
        publish = request.POST.get("publish") != "0"
        try:
            loaded = int(request.POST.get("version", ""))
        except ValueError:
            loaded = -1
        service.is_active = publish
        service._history_user = request.user
        try:
            service.save_if_unchanged(loaded)
        except VersionConflict:
            messages.error(request, VersionConflict.MESSAGE)
            return HttpResponseRedirect(reverse("admin:services_service_preview", args=[service.pk]))
        if publish:
            messages.success(request, _("“%(name)s” is published: the assistant shows it within a minute.") % {
                "name": service.name})
        else:
            messages.success(request, _("“%(name)s” is no longer shown by the assistant.") % {"name": service.name})
        return HttpResponseRedirect(reverse("admin:services_service_changelist"))

    def statistics_view(self, request):
        """What newcomers ask in the editor's municipality (national editors: any)."""
        allowed = stats.municipalities_for(request.user)
        code = request.GET.get("municipality") or permissions.default_municipality(request.user)
        municipality = allowed.filter(pk=code).first() if code else None
        if code and municipality is None:
            raise Http404(_("No such municipality, or not yours."))
        choices = None
        if permissions.is_national_editor(request.user):
            wanted = Q(question_counts__isnull=False) | Q(pk=municipality.pk if municipality else None)
            choices = Municipality.objects.filter(wanted).distinct().order_by("name")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("What newcomers ask"), "municipality": municipality, "choices": choices,
                   "minimum": settings.SERVICES_STATS_MIN_COUNT,
                   "data": stats.table(municipality) if municipality else None}
        return TemplateResponse(request, "services/statistics.html", context)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityAdminForm
    list_display = ["name", "code", "country", "general_phone_display", "website"]
    list_filter = ["country"]
    search_fields = ["name", "code"]

    def has_module_permission(self, request):
        return permissions.is_national_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_national_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_national_editor(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            obj.save_if_unchanged(form.cleaned_data["loaded_version"])
        else:
            obj.save()
        warning = phone_cost_warning(obj.general_phone)
        if warning:
            messages.warning(request, warning)

    @admin.display(description=gettext_lazy("general phone"))
    def general_phone_display(self, municipality):
        return national_phone(municipality.general_phone)


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "is_national_editor"]
    list_filter = ["is_national_editor"]
    autocomplete_fields = ["user", "municipality"]


class WaitingShownFilter(admin.SimpleListFilter):
    """The latest figure of each authority unless the editor asks for all (the history)."""
    title = gettext_lazy("figures shown")
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("latest", gettext_lazy("latest per authority")), ("all", gettext_lazy("all, with older figures"))]

    def value(self):
        return "all" if super().value() == "all" else "latest"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {"selected": self.value() == lookup, "display": title,
                   "query_string": changelist.get_query_string({self.parameter_name: lookup})}

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.latest_per_authority()


class WaitingStaleFilter(StaleFilter):
    title = gettext_lazy("out of date")
    parameter_name = "stale"
    yes = gettext_lazy("Yes (published over three months ago)")


def month_label(day) -> str:
    """2024-06-01 -> "juni 2024" (in the admin's language)."""
    if not day:
        return "–"
    return format_date(day, "LLLL y", locale=translation.to_locale(translation.get_language() or "nl"))


@admin.register(WaitingFigure)
class WaitingFigureAdmin(SimpleHistoryAdmin):
    """What the IND and DVZ publish about waiting: national editors (and superusers)
    only. A new publication is added as a new figure; the list shows the latest of
    each authority (the filter "all" shows the older ones) and marks figures
    published over three months ago as out of date."""
    form = WaitingFigureAdminForm
    list_display = ["authority", "country", "started_up_to_display", "people_waiting_display", "published_on",
                    "status_display", "latest", "source_link"]
    list_display_links = ["authority", "published_on"]
    list_filter = [WaitingShownFilter, WaitingStaleFilter, "authority"]
    change_list_template = "services/waiting_change_list.html"
    readonly_fields = ["status", "version", "created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["authority", "country", "started_up_to", "people_waiting", "note"],
                "description": gettext_lazy(
                    "Enter what the authority's page says, not an estimate of your own. When the authority "
                    "publishes new figures, add a new entry instead of changing this one: the older figures stay "
                    "as history. Change an entry only to correct a mistake.")}),
        (gettext_lazy("Source"), {"fields": ["source_url", "published_on", "status", "loaded_version"]}),
        (gettext_lazy("Entered"), {"fields": ["created_by", "created_at", "updated_by", "updated_at", "version"]}),
    ]

    # -- rights: national editors and superusers only -----------------------------------
    def has_module_permission(self, request):
        return permissions.is_national_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_national_editor(request.user)

    def has_add_permission(self, request):
        return permissions.is_national_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_national_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser       # editors correct an entry; the history keeps both

    def get_fieldsets(self, request, obj=None):
        if obj is None:         # nothing entered yet: no status, no "entered by"
            return [(self.fieldsets[0][0], {**self.fieldsets[0][1], "description": gettext_lazy(
                        "Enter what the authority's page says, not an estimate of your own. Each new publication "
                        "is a new entry: the older figures stay as history.")}),
                    (self.fieldsets[1][0], {"fields": ["source_url", "published_on", "loaded_version"]})]
        return self.fieldsets

    def get_queryset(self, request):
        newest = (WaitingFigure.objects.filter(country=OuterRef("country"), authority=OuterRef("authority"))
                  .order_by("-published_on", "-id").values("id")[:1])
        return super().get_queryset(request).select_related("created_by", "updated_by").annotate(
            newest_id=Subquery(newest))

    # -- saving ---------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        if not permissions.is_national_editor(request.user):
            raise PermissionDenied
        obj._history_user = request.user
        obj.updated_by = request.user
        if change:
            obj.save_if_unchanged(form.cleaned_data["loaded_version"])
        else:
            obj.created_by = request.user
            obj.save()
        newer = (WaitingFigure.objects.filter(country=obj.country, authority=obj.authority)
                 .latest_per_authority().exclude(pk=obj.pk).first())
        if newer is not None:
            messages.info(request, _("The %(authority)s figure of %(date)s is newer: the assistant keeps using "
                                     "that one.") % {"authority": obj.authority,
                                                     "date": formats.date_format(newer.published_on)})
        elif obj.stale:
            messages.warning(request, _("This figure was published more than three months ago: it is marked "
                                        "out of date, and the assistant says it may no longer be current."))

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict as conflict:
            messages.error(request, str(conflict))
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict as conflict:
            messages.error(request, str(conflict))
            return HttpResponseRedirect(request.get_full_path())

    # -- columns --------------------------------------------------------------------
    @admin.display(description=gettext_lazy("started on applications up to"), ordering="started_up_to")
    def started_up_to_display(self, figure):
        return month_label(figure.started_up_to)

    @admin.display(description=gettext_lazy("people waiting"), ordering="people_waiting")
    def people_waiting_display(self, figure):
        return "–" if figure.people_waiting is None else formats.number_format(figure.people_waiting,
                                                                               force_grouping=True)

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, figure):
        if figure.stale:
            return format_html('<strong class="waiting-stale" title="{}">{}</strong>',
                               _("Published more than three months ago."), _("out of date"))
        return _("current")

    @admin.display(description=gettext_lazy("latest"), boolean=True)
    def latest(self, figure):
        return figure.pk == getattr(figure, "newest_id", None)

    @admin.display(description=gettext_lazy("source"))
    def source_link(self, figure):
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', figure.source_url,
                           figure.source_url.split("//", 1)[-1].split("/", 1)[0])

    @admin.display(description=gettext_lazy("status"))
    def status(self, figure):
        if not figure.pk:
            return "–"
        limit = formats.date_format(waiting_stale_before())
        if figure.stale:
            return format_html('<strong class="waiting-stale">{}</strong> {}', _("Out of date:"), _(
                "published before %(date)s, more than three months ago. The assistant says this figure may no "
                "longer be current. Check the authority's page and add its new figures.") % {"date": limit})
        return _("Current: published within the last three months.")

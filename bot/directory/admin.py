"""The web admin where municipalities keep their services current.

Every editor sees and changes only what permissions.py allows, in the
changelist, the change form (including the municipality field), history and
revert, preview, import and export. A save over a newer save is refused
(optimistic locking, forms.ServiceAdminForm and Service.save_if_unchanged)."""
from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from bot.local_help.listing import render_service

from . import permissions
from .categories import CHOICES as CATEGORY_CHOICES
from .categories import label
from .forms import MunicipalityAdminForm, ServiceAdminForm
from .models import LANGUAGES, EditorProfile, Municipality, Service, ServiceTranslation, VersionConflict
from .resources import ServiceResource
from .validation import national_phone

admin.site.site_header = "Samen – local services"
admin.site.site_title = "Samen services"
admin.site.index_title = "Local services"


class NeedsVerificationFilter(admin.SimpleListFilter):
    title = "needs verification"
    parameter_name = "needs_verification"

    def lookups(self, request, model_admin):
        return [("yes", "Yes (not verified in over six months)"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.stale()
        if self.value() == "no":
            return queryset.fresh()
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return CATEGORY_CHOICES

    def queryset(self, request, queryset):
        return queryset.in_category(self.value()) if self.value() in dict(CATEGORY_CHOICES) else queryset


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
    extra = 0
    fields = ["language", "name", "description", "reviewed"]

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)


@admin.register(Service)
class ServiceAdmin(MunicipalityScoped, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = ServiceAdminForm
    resource_classes = [ServiceResource]
    formats = [CSV, XLSX]
    inlines = [TranslationInline]
    list_display = ["name", "municipality", "category_labels", "phone_display", "last_verified",
                    "needs_verification", "is_active", "preview_link"]
    list_filter = [NeedsVerificationFilter, CategoryFilter, "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name", "description_nl", "address"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["municipality", "country", "name", "categories", "description_nl", "is_active"]}),
        ("Contact", {"fields": ["address", "phone", "email", "website", "opening_hours", "languages_spoken",
                                "access", "cost"]}),
        ("Source", {"fields": ["source_url", "last_verified", "source_note", "version", "loaded_version"]}),
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
            kwargs["empty_label"] = None if kwargs["required"] else "— national service —"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not permissions.may_edit_municipality(request.user, obj.municipality_id):
            raise PermissionDenied
        obj._history_user = request.user
        if change:
            obj.save_if_unchanged(form.cleaned_data["loaded_version"])
        else:
            obj.save()

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def _get_obj_or_404(self, request, object_id):
        """Another municipality's service does not exist for this editor: 404, where
        Django's admin would redirect to the index."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such service, or not one you may edit.")
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._get_obj_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._get_obj_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    # -- optimistic locking: a save that lost a race after the form check ----
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict:
            messages.error(request, VersionConflict.MESSAGE)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert only a service the editor may change now, not one that was
        theirs in an old version."""
        current = self._get_obj_or_404(request, object_id)
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            messages.error(request, VersionConflict.MESSAGE)
            return HttpResponseRedirect(request.get_full_path())

    # -- columns ------------------------------------------------------------
    @admin.display(description="categories")
    def category_labels(self, service):
        return ", ".join(label(slug) for slug in service.categories)

    @admin.display(description="phone")
    def phone_display(self, service):
        return national_phone(service.phone)

    @admin.display(description="needs verification", boolean=True)
    def needs_verification(self, service):
        return service.stale

    @admin.display(description="preview")
    def preview_link(self, service):
        return format_html('<a href="{}">preview</a>', reverse("admin:services_service_preview", args=[service.pk]))

    # -- preview --------------------------------------------------------------
    def get_urls(self):
        return [path("<int:object_id>/preview/", self.admin_site.admin_view(self.preview_view),
                     name="services_service_preview")] + super().get_urls()

    def preview_view(self, request, object_id):
        """The service as the assistant shows it, in each of its five languages."""
        from .api import PublicServiceSerializer, with_translation

        service = self._get_obj_or_404(request, str(object_id))
        previews = []
        for lang in LANGUAGES:
            shown = with_translation(Service.objects.filter(pk=service.pk), lang).get()
            data = PublicServiceSerializer(shown, context={"lang": lang}).data
            text, error = None, None
            try:
                text = render_service(dict(data), lang)
            except Exception as exc:   # the preview must show the data even when rendering fails
                error = f"{type(exc).__name__}: {exc}"
            previews.append({"lang": lang, "lines": text.split("\n") if text else [], "error": error,
                             "json": json.dumps(data, ensure_ascii=False, indent=2)})
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": service,
                   "title": f"Preview: {service.name}", "previews": previews,
                   "inactive": not service.is_active}
        return TemplateResponse(request, "services/preview.html", context)


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

    @admin.display(description="general phone")
    def general_phone_display(self, municipality):
        return national_phone(municipality.general_phone)


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "is_national_editor"]
    list_filter = ["is_national_editor"]
    autocomplete_fields = ["user", "municipality"]

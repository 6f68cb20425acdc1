"""Admin forms: lists and opening hours as an editor types them, phone numbers
as they are dialled, and the version the form was loaded with, so a save
over someone else's newer save is refused instead of silently undoing it."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .categories import CHOICES as CATEGORY_CHOICES
from .models import Municipality, Service, VersionConflict
from .validation import format_opening_hours, national_phone, parse_list, parse_opening_hours


class OpeningHoursField(forms.Field):
    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})
    default_help_text = ("One day per line or separated by “;”: ma 09:30-11:30, 13:00-16:00; vr 09:30-11:30 "
                         "(ma di wo do vr za zo). Leave empty when unknown.")

    def prepare_value(self, value):
        return format_opening_hours(value) if isinstance(value, list) else value

    def to_python(self, value):
        return parse_opening_hours(value) if isinstance(value, str) else (value or [])


class CodeListField(forms.Field):
    widget = forms.TextInput(attrs={"size": 40})

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return parse_list(value) if isinstance(value, str) else (value or [])


MUNICIPALITY_CONFLICT = ("Someone else changed this municipality since you opened it: reload to see their "
                         "changes.")


class ServiceAdminForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(choices=CATEGORY_CHOICES, widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": "Choose at least one category."})
    opening_hours = OpeningHoursField(required=False, help_text=OpeningHoursField.default_help_text)
    languages_spoken = CodeListField(required=False,
                                     help_text="Language codes, comma-separated: nl, ar, ti, prs, en, fr, so ...")
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = ["municipality", "country", "name", "categories", "description_nl", "address", "phone", "email",
                  "website", "opening_hours", "languages_spoken", "access", "cost", "source_url", "source_note",
                  "last_verified", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: when reverting, the instance is an old version.
            self.initial["loaded_version"] = (Service.objects.filter(pk=self.instance.pk)
                                              .values_list("version", flat=True).first())
        if "phone" in self.fields and self.initial.get("phone"):
            self.initial["phone"] = national_phone(self.initial["phone"])
        if "country" in self.fields:
            self.fields["country"].required = False

    def clean(self):
        cleaned = super().clean()
        if "country" in self.fields:
            if cleaned.get("municipality"):
                cleaned["country"] = cleaned["municipality"].country
            elif not cleaned.get("country"):
                self.add_error("country", "Choose the country this national service is for.")
        if self.instance.pk:
            stored = Service.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") != stored:
                raise ValidationError(VersionConflict.MESSAGE, code="version_conflict")
        return cleaned


class MunicipalityAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Municipality
        fields = ["code", "country", "name", "names", "general_phone", "website", "source_url", "source_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version
        if "general_phone" in self.fields and self.initial.get("general_phone"):
            self.initial["general_phone"] = national_phone(self.initial["general_phone"])

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = Municipality.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") != stored:
                raise ValidationError(MUNICIPALITY_CONFLICT, code="version_conflict")
        return cleaned

"""Admin forms: lists and opening hours as an editor types them, languages as
names to tick, phone numbers as they are dialled, text fields that follow the
direction of what is typed (dir="auto", for Arabic and Dari), and the version
the form was loaded with, so a save over someone else's newer save is refused
instead of silently undoing it."""
from __future__ import annotations

from babel import Locale
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bot.core.languages import CODES

from .categories import CHOICES as CATEGORY_CHOICES
from .models import AUTHORITY_COUNTRY, Municipality, Service, ServiceTranslation, VersionConflict, WaitingFigure
from .validation import format_opening_hours, national_phone, parse_month, parse_opening_hours

# Languages offered to tick under "languages spoken": those of the assistant, then
# those most spoken by newcomers in the Netherlands and Belgium, then others.
SPOKEN_LANGUAGES = [*CODES, "fa", "ps", "so", "am", "ku", "ckb", "tr", "uk", "ru", "fr", "de",
                    "es", "pt", "pl", "ro", "bg", "sq", "bs", "hy", "ka", "ur", "hi", "bn", "zh", "sw", "it"]
_DARI = {"nl": "Dari", "en": "Dari"}


def language_name(code: str, locale: str | None = None) -> str:
    locale = (locale or get_language() or "nl")[:2]
    if code == "prs":
        return _DARI.get(locale, "Dari")
    name = Locale.parse(locale).languages.get(code)
    return f"{name[:1].upper()}{name[1:]}" if name else code


def auto_direction(form: forms.BaseForm) -> None:
    """Text follows the direction of what is typed in it: Arabic punctuation at the right end."""
    for field in form.fields.values():
        if isinstance(field.widget, (forms.TextInput, forms.Textarea)) and not isinstance(
                field.widget, (forms.EmailInput, forms.URLInput, forms.NumberInput)):
            field.widget.attrs.setdefault("dir", "auto")


class OpeningHoursField(forms.Field):
    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})
    default_help_text = _("One day per line or separated by “;”: ma 09:30-11:30, 13:00-16:00; vr 9-12; "
                          "ma-vr 9-17 (ma di wo do vr za zo). Leave empty when unknown.")

    def prepare_value(self, value):
        return format_opening_hours(value) if isinstance(value, list) else value

    def to_python(self, value):
        return parse_opening_hours(value) if isinstance(value, str) else (value or [])


class LanguagesField(forms.MultipleChoiceField):
    """Languages spoken, ticked by name; stored as codes."""
    widget = forms.CheckboxSelectMultiple(attrs={"class": "spoken-languages"})

    def valid_value(self, value):
        return True            # the model validates the codes (an old value may not be in the list)


MUNICIPALITY_CONFLICT = _("Someone else changed this municipality since you opened it: reload to see their "
                          "changes.")


class ServiceAdminForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(choices=CATEGORY_CHOICES, widget=forms.CheckboxSelectMultiple,
                                           label=capfirst(_("categories")),
                                           error_messages={"required": _("Choose at least one category.")})
    opening_hours = OpeningHoursField(required=False, label=capfirst(_("opening hours")),
                                      help_text=OpeningHoursField.default_help_text)
    languages_spoken = LanguagesField(required=False, label=capfirst(_("languages spoken")),
                                      help_text=_("The languages the staff speak."))
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
        if "languages_spoken" in self.fields:
            current = [code for code in (self.initial.get("languages_spoken") or []) if code not in SPOKEN_LANGUAGES]
            self.fields["languages_spoken"].choices = [(code, language_name(code))
                                                       for code in SPOKEN_LANGUAGES + current]
        if "is_active" in self.fields and not self.instance.pk:
            self.initial.setdefault("is_active", False)          # a new service starts as a draft
        auto_direction(self)

    def clean(self):
        cleaned = super().clean()
        if "country" in self.fields:
            if cleaned.get("municipality"):
                cleaned["country"] = cleaned["municipality"].country
            elif not cleaned.get("country"):
                self.add_error("country", _("Choose the country this national service is for."))
        if self.instance.pk:
            stored = Service.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if stored is not None and cleaned.get("loaded_version") != stored:
                raise ValidationError(VersionConflict.MESSAGE, code="version_conflict")
        return cleaned


class TranslationForm(forms.ModelForm):
    still_current = forms.BooleanField(
        required=False, label=capfirst(_("still current")),
        help_text=_("The Dutch text changed after this translation was written. Tick when the translation "
                    "still says the same."))

    class Meta:
        model = ServiceTranslation
        fields = ["language", "name", "description", "reviewed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.outdated):
            self.fields["still_current"].widget = forms.HiddenInput()
        auto_direction(self)

    def save(self, commit=True):
        self.instance._still_current = self.cleaned_data.get("still_current", False)
        return super().save(commit)


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
        auto_direction(self)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = Municipality.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") != stored:
                raise ValidationError(MUNICIPALITY_CONFLICT, code="version_conflict")
        return cleaned


class MonthField(forms.Field):
    """A month as an editor types it (2024-06, 06-2024, juni 2024), stored as its first day."""
    widget = forms.TextInput(attrs={"size": 12, "placeholder": "2024-06"})

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value

    def to_python(self, value):
        return parse_month(value)


class WaitingFigureAdminForm(forms.ModelForm):
    started_up_to = MonthField(required=False, label=capfirst(_("started on applications up to")),
                               help_text=WaitingFigure._meta.get_field("started_up_to").help_text)
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = WaitingFigure
        fields = ["authority", "country", "started_up_to", "people_waiting", "published_on", "source_url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: when reverting, the instance is an old version.
            self.initial["loaded_version"] = (WaitingFigure.objects.filter(pk=self.instance.pk)
                                              .values_list("version", flat=True).first())
        self.fields["country"].required = False
        self.fields["country"].help_text = _("Filled in from the authority when left empty.")
        auto_direction(self)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("country") and cleaned.get("authority") in AUTHORITY_COUNTRY:
            cleaned["country"] = AUTHORITY_COUNTRY[cleaned["authority"]]
        if self.instance.pk:
            stored = WaitingFigure.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if stored is not None and cleaned.get("loaded_version") != stored:
                raise ValidationError(WaitingFigure.CONFLICT_MESSAGE, code="version_conflict")
        return cleaned

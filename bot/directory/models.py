"""What municipalities keep current: their services, the translations of
those, and which editor may change what. Every check lives on the model
(clean and field validators) so the admin, the import and the write API
enforce the same rules."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import NotSupportedError, models, transaction
from django.db.models import Lookup
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bot.core.languages import REGISTRY

from .categories import CHOICES as CATEGORY_CHOICES
from .validation import (COUNTRIES, normalise_phone, validate_categories, validate_https, validate_language_codes,
                         validate_opening_hours)

STALE_AFTER_DAYS = 183
# Dutch is every service's own language; the others are translations.
TRANSLATION_LANGUAGES = [(language.code, language.name_en) for language in REGISTRY.values() if language.code != "nl"]
LANGUAGES = ["nl"] + [code for code, _ in TRANSLATION_LANGUAGES]


class SlugListField(models.JSONField):
    """A JSON list of slugs that the database can filter on (see ContainsSlug)."""


@SlugListField.register_lookup
class ContainsSlug(Lookup):
    """`categories__contains_slug="housing"`: the list holds this slug, tested by the
    database itself. JSONField's `contains` does this on PostgreSQL only."""
    lookup_name = "contains_slug"

    def process_rhs(self, compiler, connection):
        return "%s", [str(self.rhs)]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} ? {rhs})", [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):
        raise NotSupportedError("contains_slug is implemented for SQLite and PostgreSQL")


class VersionConflict(Exception):
    """Someone saved the record after the editor (or API client) loaded it."""

    MESSAGE = "Someone else changed this service since you opened it: reload to see their changes."


class OptimisticLock(models.Model):
    """A version number that every save through save_if_unchanged increments:
    two editors never silently overwrite each other."""
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_if_unchanged(self, loaded_version: int) -> None:
        """Saves as version loaded_version + 1, unless someone saved since that version
        was loaded (VersionConflict, nothing written). The conditional UPDATE takes
        the row's write lock, so of two concurrent saves exactly one wins."""
        with transaction.atomic():
            claimed = (type(self).objects.filter(pk=self.pk, version=loaded_version)
                       .update(version=loaded_version + 1))
            if not claimed:
                raise VersionConflict(VersionConflict.MESSAGE)
            self.version = loaded_version + 1
            self.save()


class Municipality(OptimisticLock):
    code = models.CharField(max_length=6, primary_key=True, validators=[RegexValidator(
        r"^(GM\d{4}|\d{5})$", "Use a CBS code (GM0141) or a Belgian NIS code (44021).")])
    country = models.CharField(max_length=2, choices=COUNTRIES)
    name = models.CharField(max_length=100, help_text="Official name.")
    names = models.JSONField(default=dict, blank=True,
                             help_text='Display names per language, e.g. {"en": "The Hague", "ar": "لاهاي"}.')
    general_phone = models.CharField(max_length=32, blank=True,
                                     help_text="The municipality's general number, shown when it has no service "
                                               "of the kind asked for.")
    website = models.URLField(blank=True, validators=[validate_https])
    source_url = models.URLField(blank=True, validators=[validate_https],
                                 help_text="Where the phone number and website were checked.")
    source_note = models.TextField(blank=True, help_text="How and when the source was checked.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "municipalities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        try:
            self.general_phone = normalise_phone(self.general_phone, self.country or "nl")
        except ValidationError as error:
            raise ValidationError({"general_phone": error}) from None


class ServiceQuerySet(models.QuerySet):
    def in_category(self, slug: str) -> ServiceQuerySet:
        return self.filter(categories__contains_slug=slug)

    def stale(self) -> ServiceQuerySet:
        return self.filter(last_verified__lt=stale_before())

    def fresh(self) -> ServiceQuerySet:
        return self.filter(last_verified__gte=stale_before())


def stale_before() -> dt.date:
    """Entries last verified before this day need checking again (over six months)."""
    return timezone.localdate() - dt.timedelta(days=STALE_AFTER_DAYS)




class Service(OptimisticLock):
    ACCESS_CHOICES = [("walk_in", "Walk in"), ("appointment", "By appointment"), ("both", "Walk in or appointment")]
    COST_CHOICES = [("free", "Free"), ("paid", "Paid"), ("unknown", "Unknown")]

    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="services",
                                     help_text="Empty for a national service.")
    country = models.CharField(max_length=2, choices=COUNTRIES, default="nl",
                               help_text="For national services: the country they serve. "
                                         "A local service takes its municipality's country.")
    categories = SlugListField(default=list, validators=[validate_categories],
                               error_messages={"blank": "Choose at least one category."},
                               help_text=f"One or more of: {', '.join(slug for slug, _ in CATEGORY_CHOICES)}.")
    name = models.CharField(max_length=120)
    description_nl = models.TextField(
        "Dutch description", validators=[MaxLengthValidator(1000)],
        error_messages={"blank": "A Dutch description is required: the assistant shows it in every language "
                                 "that has no translation."})
    address = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=32, blank=True, help_text="Stored as +31..., shown as you dial it.")
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, validators=[validate_https])
    opening_hours = models.JSONField(default=list, blank=True, validators=[validate_opening_hours])
    languages_spoken = models.JSONField(default=list, blank=True, validators=[validate_language_codes])
    access = models.CharField(max_length=12, choices=ACCESS_CHOICES, blank=True)
    cost = models.CharField(max_length=8, choices=COST_CHOICES, default="unknown")
    source_url = models.URLField(validators=[validate_https],
                                 help_text="The page where these details were checked.")
    source_note = models.TextField(blank=True, help_text="How and when the source was checked (internal).")
    last_verified = models.DateField(help_text="The day the details were last checked against the source.")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name if self.municipality_id else 'national, ' + self.country})"

    @property
    def stale(self) -> bool:
        return bool(self.last_verified) and self.last_verified < stale_before()

    def clean(self) -> None:
        if self.municipality_id:
            country = Municipality.objects.filter(pk=self.municipality_id).values_list("country", flat=True).first()
            self.country = country or self.country
        try:
            self.phone = normalise_phone(self.phone, self.country)
        except ValidationError as error:
            raise ValidationError({"phone": error}) from None

    def save(self, *args, **kwargs):
        if self.municipality_id and self.municipality:
            self.country = self.municipality.country
        super().save(*args, **kwargs)



class ServiceTranslation(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=3, choices=TRANSLATION_LANGUAGES)
    name = models.CharField(max_length=120, blank=True, help_text="Leave empty to keep the Dutch name.")
    description = models.TextField(validators=[MaxLengthValidator(1000)])
    reviewed = models.BooleanField(default=False, help_text="A native speaker checked this translation.")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="one_translation_per_language")]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.service.name} [{self.language}]"


class EditorProfile(models.Model):
    """Which services a user may edit: those of one municipality, and/or the
    national ones (is_national_editor), who also edit municipalities."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_profile")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="editors")
    is_national_editor = models.BooleanField(default=False)

    def __str__(self) -> str:
        scope = [str(self.municipality)] if self.municipality_id else []
        if self.is_national_editor:
            scope.append("national")
        return f"{self.user} ({', '.join(scope) or 'no rights'})"

    def clean(self) -> None:
        if not self.municipality_id and not self.is_national_editor:
            raise ValidationError("Give the editor a municipality, or make them a national editor.")

"""What municipalities keep current: their services, the translations of
those, and which editor may change what; what newcomers ask, as monthly
counts; which seed entries were loaded; what the IND and DVZ publish about
waiting (WaitingFigure). Every check lives on the model
(clean and field validators) so the admin, the import, the seed and the
write API enforce the same rules."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, RegexValidator
from django.db import NotSupportedError, models, transaction
from django.db.models import Lookup, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bot.core.languages import REGISTRY

from .categories import CHOICES as CATEGORY_CHOICES
from .validation import (COUNTRIES, clean_text, months_before, normalise_phone, validate_categories,
                         validate_display_names, validate_formula_free, validate_https, validate_language_codes,
                         validate_month, validate_opening_hours, validate_published_date, validate_verified_date,
                         validate_visible_text)

STALE_AFTER_DAYS = 183
# Dutch is every service's own language; the assistant's others are translations.
TRANSLATION_LANGUAGES = [(language.code, _(language.name_en)) for language in REGISTRY.values() if language.code != "nl"]
LANGUAGES = ["nl"] + [code for code, _label in TRANSLATION_LANGUAGES]
NAME_VALIDATORS = [validate_visible_text, validate_formula_free]


class CleanTextMixin:
    """Text fields are cleaned (line breaks, control characters: validation.clean_text)
    before any validator sees them, whichever way the value came in."""
    SINGLE_LINE: tuple[str, ...] = ()
    MULTI_LINE: tuple[str, ...] = ()

    def clean_text_fields(self) -> None:
        for name in self.SINGLE_LINE:
            setattr(self, name, clean_text(getattr(self, name), multiline=False))
        for name in self.MULTI_LINE:
            setattr(self, name, clean_text(getattr(self, name), multiline=True))

    def clean_fields(self, exclude=None):
        self.clean_text_fields()
        super().clean_fields(exclude)


def fingerprint(*texts: str) -> str:
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:32]


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

    MESSAGE = _("Someone else changed this service since you opened it: reload to see their changes.")


class OptimisticLock(models.Model):
    """A version number that every save through save_if_unchanged increments:
    two editors never silently overwrite each other."""
    CONFLICT_MESSAGE = VersionConflict.MESSAGE
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

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
                raise VersionConflict(str(self.CONFLICT_MESSAGE))
            self.version = loaded_version + 1
            self.save()


class Municipality(CleanTextMixin, OptimisticLock):
    SINGLE_LINE = ("name", "website", "source_url")
    MULTI_LINE = ("source_note",)

    code = models.CharField(_("code"), max_length=6, primary_key=True, validators=[RegexValidator(
        r"^(GM\d{4}|\d{5})$", _("Use a CBS code (GM0141) or a Belgian NIS code (44021)."))])
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    name = models.CharField(_("name"), max_length=100, help_text=_("Official name."),
                            validators=NAME_VALIDATORS)
    names = models.JSONField(_("display names"), default=dict, blank=True, validators=[validate_display_names],
                             help_text=_('Display names per language, e.g. {"en": "The Hague", "ar": "لاهاي"}.'))
    general_phone = models.CharField(_("general phone number"), max_length=32, blank=True,
                                     help_text=_("The municipality's general number, shown when it has no "
                                                 "service of the kind asked for."))
    website = models.URLField(_("website"), blank=True, validators=[validate_https])
    source_url = models.URLField(_("source"), blank=True, validators=[validate_https],
                                 help_text=_("Where the phone number and website were checked."))
    source_note = models.TextField(_("source note"), blank=True,
                                   help_text=_("How and when the source was checked."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

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




class Service(CleanTextMixin, OptimisticLock):
    SINGLE_LINE = ("name", "address", "email", "website", "source_url")
    MULTI_LINE = ("description_nl", "source_note")
    ACCESS_CHOICES = [("walk_in", _("Walk in")), ("appointment", _("By appointment")),
                      ("both", _("Walk in or appointment"))]
    COST_CHOICES = [("free", _("Free")), ("paid", _("Paid")), ("unknown", _("Unknown"))]

    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="services", verbose_name=_("municipality"),
                                     help_text=_("Empty for a national service."))
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, default="nl",
                               help_text=_("For national services: the country they serve. "
                                           "A local service takes its municipality's country."))
    categories = SlugListField(_("categories"), default=list, validators=[validate_categories],
                               error_messages={"blank": _("Choose at least one category.")},
                               help_text=format_lazy("{} {}.", _("One or more of:"),
                                                     ", ".join(slug for slug, _label in CATEGORY_CHOICES)))
    name = models.CharField(_("name"), max_length=120, validators=NAME_VALIDATORS)
    description_nl = models.TextField(
        _("Dutch description"), validators=[MaxLengthValidator(1000)],
        error_messages={"blank": _("A Dutch description is required: the assistant shows it in every language "
                                   "that has no translation.")})
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True,
                             help_text=_("As you dial it: 0546 45 69 09. Stored as +31..."))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_https])
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True,
                                     validators=[validate_opening_hours])
    languages_spoken = models.JSONField(_("languages spoken"), default=list, blank=True,
                                        validators=[validate_language_codes])
    access = models.CharField(_("access"), max_length=12, choices=ACCESS_CHOICES, blank=True)
    cost = models.CharField(_("cost"), max_length=8, choices=COST_CHOICES, default="unknown")
    source_url = models.URLField(_("source"), validators=[validate_https],
                                 help_text=_("The page where these details were checked."))
    source_note = models.TextField(_("source note"), blank=True,
                                   help_text=_("How and when the source was checked (internal)."))
    last_verified = models.DateField(_("last checked"), validators=[validate_verified_date],
                                     help_text=_("The day the details were last checked against the source."))
    is_active = models.BooleanField(
        _("published"), default=True,
        help_text=_("Shown by the assistant. A new service starts as a draft: check the preview, then publish."))
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        where = self.municipality.name if self.municipality_id else f"{_('national')}, {self.country}"
        return f"{self.name} ({where})"

    @property
    def stale(self) -> bool:
        return bool(self.last_verified) and self.last_verified < stale_before()

    def dutch_fingerprint(self) -> str:
        """What the translations translate: the Dutch name and description."""
        return fingerprint(self.name or "", self.description_nl or "")

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


class ServiceTranslation(CleanTextMixin, models.Model):
    """A translation of a service's name and description.

    Trust marks follow the text: `reviewed` (a native speaker checked it) is
    cleared whenever the text changes without the reviewer ticking it again,
    and a translation is `outdated` once the Dutch name or description changed
    after it was written or confirmed (source_fingerprint)."""
    SINGLE_LINE = ("name",)
    MULTI_LINE = ("description",)

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations",
                                verbose_name=_("service"))
    language = models.CharField(_("language"), max_length=3, choices=TRANSLATION_LANGUAGES)
    name = models.CharField(_("name"), max_length=120, blank=True, validators=NAME_VALIDATORS,
                            help_text=_("Leave empty to keep the Dutch name."))
    description = models.TextField(_("description"), validators=[MaxLengthValidator(1000)])
    reviewed = models.BooleanField(_("reviewed"), default=False,
                                   help_text=_("A native speaker checked this translation as it stands now."))
    source_fingerprint = models.CharField(max_length=32, blank=True, editable=False,
                                          help_text="dutch_fingerprint() of the service when this was written.")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="one_translation_per_language")]
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.service.name} [{self.language}]"

    @property
    def outdated(self) -> bool:
        return bool(self.source_fingerprint) and self.source_fingerprint != self.service.dutch_fingerprint()

    @property
    def trusted(self) -> bool:
        """Reviewed, and of the Dutch text as it is now."""
        return self.reviewed and not self.outdated

    def save(self, *args, **kwargs):
        """A changed text is no longer the text that was reviewed, unless the reviewer
        ticks `reviewed` in the same save (was not reviewed, is now); a changed or
        newly reviewed text is of the current Dutch. `_still_current` (set by the
        admin form) confirms that the translation still fits a changed Dutch text."""
        stored = (type(self).objects.filter(pk=self.pk).values("name", "description", "reviewed").first()
                  if self.pk else None)
        text_changed = stored is None or (stored["name"], stored["description"]) != (self.name, self.description)
        newly_reviewed = self.reviewed and not (stored and stored["reviewed"])
        if stored and text_changed and stored["reviewed"] and self.reviewed:
            self.reviewed = False
            self._review_cleared = True
        if text_changed or newly_reviewed or getattr(self, "_still_current", False) or not self.source_fingerprint:
            self.source_fingerprint = self.service.dutch_fingerprint()
        super().save(*args, **kwargs)


class EditorProfile(models.Model):
    """Which services a user may edit: those of one municipality, and/or the
    national ones (is_national_editor), who also edit municipalities."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_profile",
                                verbose_name=_("user"))
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="editors", verbose_name=_("municipality"))
    is_national_editor = models.BooleanField(_("national editor"), default=False)

    class Meta:
        verbose_name = _("editor profile")
        verbose_name_plural = _("editor profiles")

    def __str__(self) -> str:
        scope = [str(self.municipality)] if self.municipality_id else []
        if self.is_national_editor:
            scope.append("national")
        return f"{self.user} ({', '.join(scope) or 'no rights'})"

    def clean(self) -> None:
        if not self.municipality_id and not self.is_national_editor:
            raise ValidationError(_("Give the editor a municipality, or make them a national editor."))


class QuestionCount(models.Model):
    """How often the assistant was asked about a topic, per municipality, language
    and month: a counter, nothing else (no text, no sender, no day or time), kept
    when the conversations are deleted. Reported by the action server
    (api.QuestionReportView); shown with small counts suppressed (stats.py)."""
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="question_counts")
    month = models.DateField(help_text="The first day of the month.")
    category = models.CharField(max_length=32, choices=CATEGORY_CHOICES)
    language = models.CharField(max_length=3)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "month", "category", "language"],
                                               name="one_counter_per_cell")]
        verbose_name = _("question count")
        verbose_name_plural = _("question counts")


class SeedRecord(models.Model):
    """A seed entry that was loaded once (seed.py): never loaded again, so an
    editor's change, rename or deletion of it stays."""
    key = models.CharField(max_length=300, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)


# -- what the authorities publish about waiting ---------------------------------------
AUTHORITIES = [("IND", "IND"), ("DVZ", "DVZ")]
AUTHORITY_COUNTRY = {"IND": "nl", "DVZ": "be"}       # who decides on family reunification where
WAITING_STALE_AFTER_MONTHS = 3
MAX_PEOPLE_WAITING = 1_000_000


def waiting_stale_before() -> dt.date:
    """Figures published before this day are more than three months old: the admin
    marks them "verouderd", and the assistant says they may be out of date."""
    return months_before(timezone.localdate(), WAITING_STALE_AFTER_MONTHS)


class WaitingFigureQuerySet(models.QuerySet):
    def latest_per_authority(self) -> WaitingFigureQuerySet:
        """Of each country's authority, the figure published last (of two published on
        the same day, the one entered last); within this queryset, as far as those
        figures are in it."""
        newest = (WaitingFigure.objects.filter(country=OuterRef("country"), authority=OuterRef("authority"))
                  .order_by("-published_on", "-id").values("id")[:1])
        return self.filter(id=Subquery(newest))

    def stale(self) -> WaitingFigureQuerySet:
        return self.filter(published_on__lt=waiting_stale_before())

    def fresh(self) -> WaitingFigureQuerySet:
        return self.filter(published_on__gte=waiting_stale_before())


class WaitingFigure(CleanTextMixin, OptimisticLock):
    """What the IND (Netherlands) or the DVZ (Belgium) currently publishes about
    waiting for family reunification, as data: the month of application it has
    started on, and/or how many are waiting, with the date and the page it was
    published on. Each new publication is a new entry, so the older figures stay;
    every change of an entry is kept in its history. The assistant's waiting-time
    answer uses the latest entry and says its date (api.WaitingFigureView); one
    published more than three months ago is `stale`."""
    SINGLE_LINE = ("source_url",)
    MULTI_LINE = ("note",)
    CONFLICT_MESSAGE = _("Someone else changed this figure since you opened it: reload to see their changes.")

    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    authority = models.CharField(_("authority"), max_length=3, choices=AUTHORITIES,
                                 help_text=_("IND for the Netherlands, DVZ (Dienst Vreemdelingenzaken) for Belgium."))
    started_up_to = models.DateField(
        _("started on applications up to"), null=True, blank=True, validators=[validate_month],
        help_text=_("The authority has started on applications received up to and including this month, as "
                    "its page says: 2024-06 or juni 2024. Leave empty when the page gives no month."))
    people_waiting = models.PositiveIntegerField(
        _("people waiting"), null=True, blank=True, validators=[MaxValueValidator(MAX_PEOPLE_WAITING)],
        help_text=_("How many applications or people are waiting, as the page gives it. Leave empty when it "
                    "gives no number."))
    note = models.TextField(
        _("note"), blank=True, validators=[MaxLengthValidator(500)],
        help_text=_("Optional, in Dutch: what else the page says about these figures, for example which "
                    "applications they are about. The assistant may show it to users: no internal remarks."))
    published_on = models.DateField(
        _("published on"), validators=[validate_published_date],
        help_text=_("The date the page gives for these figures; when it gives none, the day you read it. "
                    "Over three months ago, the figure is marked out of date."))
    source_url = models.URLField(_("source"), validators=[validate_https],
                                 help_text=_("The authority's page with these figures (https://)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("last changed by"))
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    objects = WaitingFigureQuerySet.as_manager()

    class Meta:
        ordering = ["country", "authority", "-published_on", "-id"]
        indexes = [models.Index(fields=["country", "authority", "published_on"], name="waiting_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_up_to__isnull=False) | Q(people_waiting__isnull=False),
                name="waiting_figure_says_something", violation_error_code="no_figure",
                violation_error_message=_("Give the month the authority has started on, the number of people "
                                          "waiting, or both.")),
            models.CheckConstraint(
                condition=Q(authority="IND", country="nl") | Q(authority="DVZ", country="be"),
                name="waiting_figure_authority_of_its_country", violation_error_code="wrong_authority",
                violation_error_message=_("The IND decides for the Netherlands, the DVZ for Belgium.")),
        ]
        verbose_name = _("waiting figure")
        verbose_name_plural = _("waiting figures")

    def __str__(self) -> str:
        published = self.published_on.strftime("%d-%m-%Y") if self.published_on else "?"
        return f"{self.authority} ({published})"

    @property
    def stale(self) -> bool:
        return bool(self.published_on) and self.published_on < waiting_stale_before()

    def clean(self) -> None:
        errors = {}
        if self.started_up_to:
            self.started_up_to = self.started_up_to.replace(day=1)
        if self.authority in AUTHORITY_COUNTRY and self.country and AUTHORITY_COUNTRY[self.authority] != self.country:
            errors["authority"] = ValidationError(
                _("The %(authority)s does not decide for %(country)s: the IND decides for the Netherlands, "
                  "the DVZ for Belgium."), code="wrong_authority",
                params={"authority": self.authority, "country": self.get_country_display()})
        if self.started_up_to and self.published_on and self.started_up_to > self.published_on.replace(day=1):
            errors["started_up_to"] = ValidationError(
                _("This month is after the publication date: the authority cannot have started on applications "
                  "it had not received yet."), code="after_publication")
        if errors:
            raise ValidationError(errors)

"""The JSON APIs.

Public read API (no authentication, public fields only), called by the
assistant's action server (bot/local_help/client.py):
    GET /api/v1/municipalities/<code>/services?category=<slug>&lang=<nl|ar|ti|prs|en>
    GET /api/v1/municipalities/<code>
    GET /api/v1/waiting/<nl|be>        the latest waiting figure of the IND or DVZ
    GET /api/health
Write API for municipalities with their own systems (token authentication),
limited to the token user's services, with the admin's validation and
optimistic locking through "version" (409 when stale), translations included:
    /api/v1/services/  and  /api/v1/services/<id>/
Statistics: the action server reports one asked question (service token):
    POST /api/v1/stats/questions
"""
from __future__ import annotations

import copy
import datetime as dt
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import permissions
from .categories import CATEGORIES
from .models import (AUTHORITY_COUNTRY, LANGUAGES, Municipality, QuestionCount, Service, ServiceTranslation,
                     VersionConflict, WaitingFigure)
from .validation import COUNTRIES, clean_text

class NullableCharField(serializers.CharField):
    """Empty text is null in the API, so clients test one thing."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return str(value) if value else None


class MunicipalitySerializer(serializers.ModelSerializer):
    general_phone = NullableCharField(help_text="E.164, e.g. +3114024.")
    website = NullableCharField()

    class Meta:
        model = Municipality
        fields = ["code", "name", "country", "general_phone", "website"]


class PublicServiceSerializer(serializers.ModelSerializer):
    """A service as the assistant shows it, in the asked language when a
    translation exists (context "lang"), else in Dutch."""
    name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    translation_reviewed = serializers.SerializerMethodField()
    translation_outdated = serializers.SerializerMethodField()
    address = NullableCharField()
    phone = NullableCharField(help_text="E.164, e.g. +31546456909.")
    email = NullableCharField()
    website = NullableCharField()
    opening_hours = serializers.JSONField(
        help_text='[{"weekday": 0-6 (Monday = 0), "opens": "HH:MM", "closes": "HH:MM"}]')
    languages_spoken = serializers.ListField(child=serializers.CharField())
    access = NullableCharField(help_text="walk_in, appointment, both, or null when unknown.")
    stale = serializers.BooleanField(help_text="Not verified in over six months.")

    class Meta:
        model = Service
        fields = ["id", "name", "description", "language", "translation_reviewed", "translation_outdated", "address",
                  "phone", "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                  "last_verified", "stale"]

    def _translation(self, service: Service) -> ServiceTranslation | None:
        found = getattr(service, "asked_translation", None)
        return found[0] if found else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, service: Service) -> str:
        translation = self._translation(service)
        return (translation.name if translation else "") or service.name

    @extend_schema_field(OpenApiTypes.STR)
    def get_description(self, service: Service) -> str:
        translation = self._translation(service)
        return translation.description if translation else service.description_nl

    @extend_schema_field(OpenApiTypes.STR)
    def get_language(self, service: Service) -> str:
        return self.context["lang"] if self._translation(service) else "nl"

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_translation_reviewed(self, service: Service) -> bool | None:
        """True only for a translation a native speaker checked as it stands, of the
        Dutch text as it stands: an outdated translation is not reviewed."""
        translation = self._translation(service)
        return translation.trusted if translation else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_translation_outdated(self, service: Service) -> bool | None:
        """The Dutch name or description changed after this translation was written."""
        translation = self._translation(service)
        return translation.outdated if translation else None


def with_translation(services, lang: str):
    """For a language other than Dutch, each service's translation into it, prefetched
    (what PublicServiceSerializer reads)."""
    if lang == "nl":
        return services
    return services.prefetch_related(Prefetch(
        "translations", queryset=ServiceTranslation.objects.filter(language=lang), to_attr="asked_translation"))


def _municipality(code: str) -> Municipality:
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist:
        raise exceptions.NotFound(f"Unknown municipality code “{code}”.") from None


ERROR = inline_serializer("Error", {"detail": serializers.CharField()})


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class HealthView(PublicView):
    @extend_schema(responses=inline_serializer("Health", {"ok": serializers.BooleanField()}))
    def get(self, request):
        return Response({"ok": True})


class MunicipalityView(PublicView):
    @extend_schema(responses={200: MunicipalitySerializer, 404: ERROR})
    def get(self, request, code: str):
        return Response(MunicipalitySerializer(_municipality(code)).data)


class MunicipalityServicesView(PublicView):
    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, enum=list(CATEGORIES),
                             description="Only services of this category (all when left out)."),
            OpenApiParameter("lang", str, enum=LANGUAGES,
                             description="Language of name and description when translated; default nl."),
        ],
        responses={200: inline_serializer("MunicipalityServices", {
            "municipality": MunicipalitySerializer(),
            "local": PublicServiceSerializer(many=True),
            "national": PublicServiceSerializer(many=True),
        }), 400: ERROR, 404: ERROR},
        description="The municipality's own active services, and the national ones of its country.")
    def get(self, request, code: str):
        category = request.query_params.get("category") or None
        lang = request.query_params.get("lang") or "nl"
        if category is not None and category not in CATEGORIES:
            raise exceptions.ParseError(f"Unknown category “{category}”; known: {', '.join(CATEGORIES)}.")
        if lang not in LANGUAGES:
            raise exceptions.ParseError(f"Unknown language “{lang}”; known: {', '.join(LANGUAGES)}.")
        municipality = _municipality(code)
        services = with_translation(Service.objects.filter(is_active=True), lang)
        if category:
            services = services.in_category(category)
        context = {"lang": lang}
        return Response({
            "municipality": MunicipalitySerializer(municipality).data,
            "local": PublicServiceSerializer(services.filter(municipality=municipality), many=True,
                                             context=context).data,
            "national": PublicServiceSerializer(
                services.filter(municipality__isnull=True, country=municipality.country), many=True,
                context=context).data,
        })


class WaitingFigureSerializer(serializers.ModelSerializer):
    """What the authority last published about waiting, for the assistant's
    waiting-time answer, which says its date and, when stale, that it may be out of date."""
    started_up_to = serializers.SerializerMethodField(
        help_text="YYYY-MM: the authority has started on applications received up to and including this "
                  "month; null when it published no such month.")
    people_waiting = serializers.IntegerField(
        allow_null=True, help_text="How many applications or people are waiting; null when not published.")
    note = NullableCharField(help_text="What else the authority's page says about the figures, in Dutch; "
                                       "null when nothing.")
    published_on = serializers.DateField(help_text="YYYY-MM-DD: the date the authority published the figures "
                                                   "(or the day its page was read).")
    source_url = serializers.URLField(help_text="The authority's page with these figures.")
    stale = serializers.BooleanField(help_text="Published more than three months ago: it may be out of date.")

    class Meta:
        model = WaitingFigure
        fields = ["country", "authority", "started_up_to", "people_waiting", "note", "published_on",
                  "source_url", "stale"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_started_up_to(self, figure: WaitingFigure) -> str | None:
        return figure.started_up_to.strftime("%Y-%m") if figure.started_up_to else None


class WaitingFigureView(PublicView):
    @extend_schema(
        responses={200: WaitingFigureSerializer, 404: ERROR},
        description="The latest figure (by publication date) that national editors entered for the country's "
                    f"authority ({', '.join(f'{c}: {a}' for a, c in AUTHORITY_COUNTRY.items())}); 404 when "
                    "there is none, or for another country.")
    def get(self, request, country: str):
        if country not in dict(COUNTRIES):
            raise exceptions.NotFound(f"Unknown country “{country}”; known: {', '.join(dict(COUNTRIES))}.")
        figure = WaitingFigure.objects.filter(country=country).latest_per_authority().order_by("authority").first()
        if figure is None:
            raise exceptions.NotFound(f"No waiting figure for “{country}” yet.")
        return Response(WaitingFigureSerializer(figure).data)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = VersionConflict.MESSAGE
    default_code = "version_conflict"


class TranslationSerializer(serializers.ModelSerializer):
    outdated = serializers.BooleanField(read_only=True,
                                        help_text="The Dutch text changed after this translation was written.")

    class Meta:
        model = ServiceTranslation
        fields = ["language", "name", "description", "reviewed", "outdated"]
        extra_kwargs = {"reviewed": {"help_text": "A native speaker checked this text. Cleared when the text "
                                                  "changes, unless the same request sets it (from false)."}}


def save_translations(service: Service, items: list[dict], user) -> None:
    """The service's translations become exactly items (by language)."""
    wanted = {item["language"]: item for item in items}
    for translation in service.translations.all():
        if translation.language not in wanted:
            translation._history_user = user
            translation.delete()
    for language, item in wanted.items():
        translation = (service.translations.filter(language=language).first()
                       or ServiceTranslation(service=service, language=language))
        translation.name = item.get("name", "")
        translation.description = item["description"]
        translation.reviewed = item.get("reviewed", False)
        translation._history_user = user
        translation.save()


class ServiceWriteSerializer(serializers.ModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), allow_null=True, required=False,
        help_text="Municipality code; null for a national service. Default: the token user's municipality.")
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="Required when updating: the version you read. 409 Conflict when someone saved since.")
    stale = serializers.BooleanField(read_only=True)
    translations = TranslationSerializer(
        many=True, required=False,
        help_text="All translations of the service; when sent, languages left out are deleted.")

    class Meta:
        model = Service
        fields = ["id", "municipality", "country", "categories", "name", "description_nl", "address", "phone",
                  "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                  "source_note", "last_verified", "is_active", "version", "stale", "translations"]

    def to_internal_value(self, data):
        """Texts cleaned (line breaks, control characters) before any check sees them."""
        if isinstance(data, dict):
            data = dict(data)
            for name in (*Service.SINGLE_LINE, *Service.MULTI_LINE):
                if name in data:
                    data[name] = clean_text(data[name], multiline=name in Service.MULTI_LINE)
            if isinstance(data.get("translations"), list):
                data["translations"] = [
                    {**item, **{key: clean_text(item[key], multiline=key == "description")
                                for key in ("name", "description") if key in item}}
                    if isinstance(item, dict) else item for item in data["translations"]]
        return super().to_internal_value(data)

    def validate_translations(self, items):
        languages = [item["language"] for item in items]
        if len(set(languages)) != len(languages):
            raise serializers.ValidationError(_("Give each language once."))
        errors = []
        for item in items:
            candidate = ServiceTranslation(language=item["language"], name=item.get("name", ""),
                                           description=item.get("description", ""),
                                           reviewed=item.get("reviewed", False))
            try:
                candidate.full_clean(exclude=["service", "source_fingerprint"])
                item["name"], item["description"] = candidate.name, candidate.description
                errors.append({})
            except DjangoValidationError as error:
                errors.append(error.message_dict)
        if any(errors):
            raise serializers.ValidationError(errors)
        return items

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is None and "municipality" not in attrs:
            code = permissions.default_municipality(user)
            attrs["municipality"] = Municipality.objects.get(pk=code) if code else None
        if "municipality" in attrs:
            code = attrs["municipality"].pk if attrs["municipality"] else None
            if not permissions.may_edit_municipality(user, code):
                where = _("municipality %(code)s") % {"code": code} if code else _("national services")
                raise exceptions.PermissionDenied(_("You may not add or change services for %(where)s.") % {
                    "where": where})
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": _("Send the version you read, so that a newer change "
                                                            "by someone else is not overwritten.")})
        # The model's own validation, as in the admin; it also stores the phone as E.164
        # and cleans the texts (line breaks, control characters).
        candidate = copy.copy(self.instance) if self.instance is not None else Service()
        for name, value in attrs.items():
            if name not in ("version", "translations"):
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["version"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        for name in ("phone", "country", *Service.SINGLE_LINE, *Service.MULTI_LINE):
            if name in attrs or name in ("phone", "country"):
                attrs[name] = getattr(candidate, name)
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        validated_data.pop("version", None)
        translations = validated_data.pop("translations", None)
        service = Service(**validated_data)
        service._history_user = self.context["request"].user
        service.save()
        if translations is not None:
            save_translations(service, translations, self.context["request"].user)
        return service

    @transaction.atomic
    def update(self, service, validated_data):
        loaded = validated_data.pop("version")
        translations = validated_data.pop("translations", None)
        for name, value in validated_data.items():
            setattr(service, name, value)
        service._history_user = self.context["request"].user
        try:
            service.save_if_unchanged(loaded)
        except VersionConflict:
            raise Conflict() from None
        if translations is not None:
            save_translations(service, translations, self.context["request"].user)
        return service


@extend_schema(parameters=[OpenApiParameter("category", str, enum=list(CATEGORIES), required=False,
                                            description="Only services of this category.")])
class ServiceViewSet(viewsets.ModelViewSet):
    """The token user's services: a municipal editor's municipality, or the national ones."""
    serializer_class = ServiceWriteSerializer
    permission_classes = [IsAuthenticated, permissions.IsEditor]

    def get_queryset(self):
        services = (permissions.services_for(self.request.user).select_related("municipality")
                    .prefetch_related("translations"))
        category = self.request.query_params.get("category")
        if category:
            if category not in CATEGORIES:
                raise exceptions.ParseError(f"Unknown category “{category}”.")
            services = services.in_category(category)
        return services

    def perform_destroy(self, service):
        service._history_user = self.request.user
        service.delete()


def api_docs(request):
    """The API's OpenAPI description as a plain page: no JavaScript from a CDN."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [{"path": path, "method": method.upper(), **operation}
                  for path, item in schema["paths"].items() for method, operation in item.items()]
    return render(request, "services/api_docs.html", {"schema": schema, "operations": operations})


class QuestionReportSerializer(serializers.Serializer):
    municipality = serializers.CharField(max_length=6, help_text="CBS (GM0141) or NIS (44021) code.")
    topic = serializers.ChoiceField(choices=list(CATEGORIES), help_text="A service category slug.")
    language = serializers.ChoiceField(choices=LANGUAGES, help_text="The language the user writes.")
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", help_text="YYYY-MM: this month or the previous one.")

    def validate_municipality(self, code):
        if not Municipality.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("Unknown municipality code."))
        return code

    def validate_month(self, text):
        year, month = (int(part) for part in text.split("-"))
        first = timezone.localdate().replace(day=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        asked = first.replace(year=year, month=month)
        if asked not in (first, previous):
            raise serializers.ValidationError(_("Report the current month or the previous one."))
        return asked


class QuestionReportView(APIView):
    """The action server reports one question the assistant was asked:
    {municipality, topic, language, month}. No sender, no text, no day or time:
    one monthly counter goes up by one. README "Statistics" has the contract."""
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def _authorised(self, request) -> bool:
        expected = settings.SERVICES_STATS_TOKEN
        header = request.headers.get("Authorization", "")
        scheme, _sep, given = header.partition(" ")
        return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), expected.encode())

    @extend_schema(request=QuestionReportSerializer,
                   responses={204: None, 400: ERROR, 401: ERROR, 503: ERROR},
                   description="Counts one asked question (Authorization: Bearer <SERVICES_STATS_TOKEN>).")
    def post(self, request):
        if not settings.SERVICES_STATS_TOKEN:
            return Response({"detail": "Statistics are not configured (SERVICES_STATS_TOKEN)."},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE)
        if not self._authorised(request):
            return Response({"detail": "Missing or wrong token."}, status=status.HTTP_401_UNAUTHORIZED,
                            headers={"WWW-Authenticate": "Bearer"})
        report = QuestionReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        count_question(**report.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


def count_question(municipality: str, topic: str, language: str, month) -> None:
    """One more question in the counter; concurrent first reports of a cell both count."""
    cell = {"municipality_id": municipality, "month": month, "category": topic, "language": language}
    for _attempt in range(2):
        if QuestionCount.objects.filter(**cell).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                QuestionCount.objects.create(**cell, count=1)
            return
        except IntegrityError:
            continue          # created meanwhile by another report: update it

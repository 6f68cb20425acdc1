"""The JSON APIs.

Public read API (no authentication, public fields only), called by the
assistant's action server (bot/localservices/client.py):
    GET /api/v1/municipalities/<code>/services?category=<slug>&lang=<nl|ar|ti|prs|en>
    GET /api/v1/municipalities/<code>
    GET /api/health
Write API for municipalities with their own systems (token authentication),
limited to the token user's services, with the admin's validation and
optimistic locking through "version" (409 when stale):
    /api/v1/services/  and  /api/v1/services/<id>/
"""
from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import permissions
from .categories import CATEGORIES
from .models import LANGUAGES, Municipality, Service, ServiceTranslation, VersionConflict


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
        fields = ["id", "name", "description", "language", "translation_reviewed", "address", "phone", "email",
                  "website", "opening_hours", "languages_spoken", "access", "cost", "source_url", "last_verified",
                  "stale"]

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
        translation = self._translation(service)
        return translation.reviewed if translation else None


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


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = VersionConflict.MESSAGE
    default_code = "version_conflict"


class ServiceWriteSerializer(serializers.ModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), allow_null=True, required=False,
        help_text="Municipality code; null for a national service. Default: the token user's municipality.")
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="Required when updating: the version you read. 409 Conflict when someone saved since.")
    stale = serializers.BooleanField(read_only=True)

    class Meta:
        model = Service
        fields = ["id", "municipality", "country", "categories", "name", "description_nl", "address", "phone",
                  "email", "website", "opening_hours", "languages_spoken", "access", "cost", "source_url",
                  "source_note", "last_verified", "is_active", "version", "stale"]

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is None and "municipality" not in attrs:
            code = permissions.default_municipality(user)
            attrs["municipality"] = Municipality.objects.get(pk=code) if code else None
        if "municipality" in attrs:
            code = attrs["municipality"].pk if attrs["municipality"] else None
            if not permissions.may_edit_municipality(user, code):
                raise exceptions.PermissionDenied(
                    f"You may not add or change services for {f'municipality {code}' if code else 'national services'}.")
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": "Send the version you read, so that a newer change "
                                                          "by someone else is not overwritten."})
        # The model's own validation, as in the admin; it also stores the phone as E.164.
        candidate = copy.copy(self.instance) if self.instance is not None else Service()
        for name, value in attrs.items():
            if name != "version":
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["version"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        attrs["phone"], attrs["country"] = candidate.phone, candidate.country
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        service = Service(**validated_data)
        service._history_user = self.context["request"].user
        service.save()
        return service

    def update(self, service, validated_data):
        loaded = validated_data.pop("version")
        for name, value in validated_data.items():
            setattr(service, name, value)
        service._history_user = self.context["request"].user
        try:
            service.save_if_unchanged(loaded)
        except VersionConflict:
            raise Conflict() from None
        return service


@extend_schema(parameters=[OpenApiParameter("category", str, enum=list(CATEGORIES), required=False,
                                            description="Only services of this category.")])
class ServiceViewSet(viewsets.ModelViewSet):
    """The token user's services: a municipal editor's municipality, or the national ones."""
    serializer_class = ServiceWriteSerializer
    permission_classes = [IsAuthenticated, permissions.IsEditor]

    def get_queryset(self):
        services = permissions.services_for(self.request.user).select_related("municipality")
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

"""Who may edit which services, in one place for the admin, the import and the
write API: a municipal editor edits their municipality's services, a national
editor the national ones (and municipalities), a superuser everything.
Rights come from the EditorProfile, not from Django's per-model permissions,
so that giving someone a municipality is the whole set-up. The waiting
figures (what the IND and DVZ publish) are kept by national editors only
(admin.WaitingFigureAdmin, with is_national_editor)."""
from __future__ import annotations

from django.db.models import Q
from rest_framework.permissions import BasePermission

from .models import EditorProfile, Service

NATIONAL = None   # the "municipality" of a national service


def profile(user) -> EditorProfile | None:
    if not user or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.editor_profile
    except EditorProfile.DoesNotExist:
        return None


def is_editor(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or profile(user)))


def is_national_editor(user) -> bool:
    if user and user.is_active and user.is_superuser:
        return True
    editor = profile(user)
    return bool(editor and editor.is_national_editor)


def allowed_municipalities(user) -> set[str | None] | None:
    """The municipality codes (None: national services) a user may edit; None means all."""
    if user and user.is_active and user.is_superuser:
        return None
    editor = profile(user)
    allowed: set[str | None] = set()
    if editor and editor.municipality_id:
        allowed.add(editor.municipality_id)
    if editor and editor.is_national_editor:
        allowed.add(NATIONAL)
    return allowed


def may_edit_municipality(user, code: str | None) -> bool:
    allowed = allowed_municipalities(user)
    return allowed is None or code in allowed


def services_for(user, queryset=None):
    """The services a user may see and change."""
    queryset = Service.objects.all() if queryset is None else queryset
    allowed = allowed_municipalities(user)
    if allowed is None:
        return queryset
    if not allowed:
        return queryset.none()
    condition = Q(municipality__in=[code for code in allowed if code is not NATIONAL])
    if NATIONAL in allowed:
        condition |= Q(municipality__isnull=True)
    return queryset.filter(condition)


def default_municipality(user) -> str | None:
    """Where a new service goes when the editor does not say: their own municipality."""
    editor = profile(user)
    return editor.municipality_id if editor else None


class IsEditor(BasePermission):
    """Write API: only users with an editor profile (or superusers); which services
    they reach is limited by services_for."""
    message = "This token belongs to a user who is not a service editor."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)

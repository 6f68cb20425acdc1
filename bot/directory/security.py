"""Signing in to the admin: a password (django-axes locks a user name and
address out after repeated failures), then a code from an authenticator app
(django-otp's TOTP devices; set up at the first sign-in), sessions that end
when idle and after a working day, and the admin's language.

Every admin page asks for both factors: AdminSite.has_permission requires a
session verified by django-otp."""
from __future__ import annotations

import io
import re
import time

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import path, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

LOGIN_TIME = "_samen_login_time"
DEVICE_NAME = "authenticator"


def client_ip(request) -> str:
    """The address django-axes counts failures for: the peer's, or behind our own
    proxy (SERVICES_BEHIND_PROXY=1) the address that proxy added last."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class LanguageMiddleware:
    """The admin in Dutch, or in English when the editor chose it (Django's
    set_language view, kept in a cookie); the API in English unless the client
    asks for Dutch (Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        known = dict(settings.LANGUAGES)
        if request.path.startswith("/api/"):
            first = request.headers.get("Accept-Language", "").split(",")[0].strip().lower()
            language = "nl" if first.startswith("nl") else "en"
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = chosen if chosen in known else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


@receiver(user_logged_in)
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends a session SESSION_MAX_AGE seconds after signing in, however active
    it was (the idle limit is Django's own: SESSION_COOKIE_AGE, renewed on
    every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_TIME)
            if started is None or time.time() - started > settings.SESSION_MAX_AGE:
                logout(request)
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=12,
        help_text=_("The six digits your authenticator app shows for Samen."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "size": 8}))

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = re.sub(r"\s+", "", self.cleaned_data["code"])
        allowed, extra = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute and try again with a new code."), code="throttled")
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Type the code your app shows now (it changes every 30 seconds)."),
                code="invalid")
        return code


def qr_svg(data: str) -> str:
    out = io.BytesIO()
    write_qrcode_image(data, out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]          # inline: without the XML declaration


class AdminSite(admin.AdminSite):
    site_header = _("Samen – local services")
    site_title = _("Samen services")
    index_title = _("Local services")

    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and getattr(user, "is_verified", lambda: False)()

    def _next(self, request) -> str:
        wanted = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
            return wanted
        return reverse("admin:index", current_app=self.name)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Step 1, the password (Django's admin login, guarded by django-axes); then
        on to step 2, the code."""
        user = request.user
        if user.is_active and user.is_authenticated and user.is_staff and not user.is_verified():
            return HttpResponseRedirect(f"{reverse('admin:two_factor', current_app=self.name)}"
                                        f"?next={self._next(request)}")
        return super().login(request, extra_context)

    def get_urls(self):
        return [path("two-factor/", self.two_factor, name="two_factor")] + super().get_urls()

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def two_factor(self, request):
        """Step 2: the code from the editor's authenticator app; at the first
        sign-in, setting the app up (a QR code, and the key to type)."""
        user = request.user
        if not (user.is_active and user.is_authenticated and user.is_staff):
            return HttpResponseRedirect(resolve_url("admin:login"))
        next_url = self._next(request)
        if user.is_verified():
            return HttpResponseRedirect(next_url)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        setting_up = device is None
        if setting_up:
            # One unconfirmed device per user, so the QR code stays the same when the page reloads.
            device = (TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).first()
                      or TOTPDevice.objects.create(user=user, confirmed=False, name=DEVICE_NAME))
        form = CodeForm(device, request.POST or None)
        if request.method == "POST" and form.is_valid():
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        context = {**self.each_context(request), "form": form, "next": next_url, "setting_up": setting_up,
                   "title": _("Set up your second sign-in step") if setting_up else _("Second sign-in step")}
        if setting_up:
            context["qr"] = mark_safe(qr_svg(device.config_url))
            context["key"] = " ".join(re.findall(".{1,4}", device_key(device)))
        return render(request, "services/two_factor.html", context)


def device_key(device: TOTPDevice) -> str:
    """The secret as base32, as authenticator apps ask for it when typed in."""
    import base64
    return base64.b32encode(device.bin_key).decode().rstrip("=")

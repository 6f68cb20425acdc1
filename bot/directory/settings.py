"""Django settings for the services store, all from the environment, with
defaults that run on one machine (SQLite under .samen/):

DATABASE_URL            sqlite:///<repo>/.samen/services.db (postgresql://... works too)
SERVICES_SECRET_KEY     else generated once into .samen/services-secret-key (mode 0600)
SERVICES_DEBUG=1        debug pages (never in production)
SERVICES_ALLOWED_HOSTS  comma-separated, default localhost,127.0.0.1
SERVICES_HTTPS=1        behind HTTPS: secure cookies, and the hosts above trusted for CSRF
"""
from __future__ import annotations

import os
import pathlib
import secrets

import dj_database_url

ROOT = pathlib.Path(__file__).resolve().parents[2]
STATE = ROOT / ".samen"
STATE.mkdir(exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, else one generated on first start and kept
    (readable by the owner only), so sessions survive restarts."""
    if os.environ.get("SERVICES_SECRET_KEY"):
        return os.environ["SERVICES_SECRET_KEY"]
    path = STATE / "services-secret-key"
    if not path.exists():
        draft = path.with_suffix(f".{os.getpid()}.tmp")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)         # whole key or none, even when several workers start at once
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SERVICES_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SERVICES_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
                 if h.strip()]
# Production behind TLS: SERVICES_HTTPS=1 (secure cookies, redirect to https,
# HSTS); behind a TLS-terminating proxy also SERVICES_BEHIND_PROXY=1. Off by
# default because `make run` serves the admin on http://127.0.0.1 only.
HTTPS = os.environ.get("SERVICES_HTTPS") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS] if HTTPS else []
if os.environ.get("SERVICES_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATABASES = {"default": dj_database_url.parse(
    os.environ.get("DATABASE_URL") or f"sqlite:///{STATE / 'services.db'}")}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "import_export",
    "bot.directory.apps.ServicesConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
ROOT_URLCONF = "bot.directory.urls"
WSGI_APPLICATION = "bot.directory.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
AUTH_PASSWORD_VALIDATORS = [{"NAME": f"django.contrib.auth.password_validation.{name}"} for name in (
    "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
    "NumericPasswordValidator")]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = STATE / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samen local services API",
    "DESCRIPTION": "Public read API for the assistant, and a token-authenticated write API for municipalities.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
IMPORT_EXPORT_USE_TRANSACTIONS = True

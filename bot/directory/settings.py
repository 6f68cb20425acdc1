"""Django settings for the services store, all from the environment, with
defaults that run on one machine (SQLite under .samen/):

DATABASE_URL            sqlite:///<repo>/.samen/services.db (postgresql://... works too)
SERVICES_SECRET_KEY     else generated once into .samen/services-secret-key (mode 0600)
SERVICES_DEBUG=1        debug pages (never in production)
SERVICES_ALLOWED_HOSTS  comma-separated, default localhost,127.0.0.1
SERVICES_HTTPS=1        behind HTTPS: secure cookies, and the hosts above trusted for CSRF
SERVICES_BEHIND_PROXY=1 behind a TLS-terminating proxy (X-Forwarded-Proto, X-Forwarded-For)
SERVICES_SESSION_IDLE_MINUTES  sign-out after this long without a request (default 60)
SERVICES_SESSION_MAX_HOURS     sign-out this long after signing in, whatever happens (default 10)
SERVICES_API_TOKEN_DAYS        lifetime of a write-API token (default 90)
SERVICES_EMAIL_HOST, SERVICES_EMAIL_PORT, SERVICES_EMAIL_USER, SERVICES_EMAIL_PASSWORD,
SERVICES_EMAIL_FROM     the mail server for password-reset mails (STARTTLS); without a
                        host, mails are written to .samen/mail/ (one file per mail)
SERVICES_STATS_TOKEN    the action server's key for reporting asked questions (README)
"""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import secrets

import dj_database_url

from bot.core.environment import stats_token

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
BEHIND_PROXY = os.environ.get("SERVICES_BEHIND_PROXY") == "1"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATABASES = {"default": dj_database_url.parse(
    os.environ.get("DATABASE_URL") or f"sqlite:///{STATE / 'services.db'}")}

INSTALLED_APPS = [
    # First, so that its templates (admin/base_site.html, the sign-in pages) take
    # precedence over Django's own.
    "bot.directory.apps.ServicesConfig",
    "bot.directory.apps.ServicesAdminConfig",      # django.contrib.admin with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bot.directory.security.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bot.directory.security.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",            # last, as django-axes asks
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
        "django.template.context_processors.i18n",
    ]},
}]
AUTH_PASSWORD_VALIDATORS = [{"NAME": f"django.contrib.auth.password_validation.{name}"} for name in (
    "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
    "NumericPasswordValidator")]

# -- signing in ----------------------------------------------------------------
# django-axes: after 5 wrong passwords for one user name from one address, that
# pair is locked out for 15 minutes (each further try restarts the wait). Locking
# the user name alone would let anyone lock an editor out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "services/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "bot.directory.security.client_ip"
# The second factor (django-otp, TOTP): required for every admin page, set up at
# the first sign-in with an authenticator app. Wrong codes slow down (django-otp's throttling).
OTP_TOTP_ISSUER = "Samen"
# Sessions: signed out after an idle hour (every request renews the cookie), when
# the browser closes, and at most 10 hours after signing in (security.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SERVICES_SESSION_IDLE_MINUTES") or 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_MAX_AGE = int(os.environ.get("SERVICES_SESSION_MAX_HOURS") or 10) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 2 * 3600
# Password-reset mails.
if os.environ.get("SERVICES_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["SERVICES_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("SERVICES_EMAIL_PORT") or 587)
    EMAIL_HOST_USER = os.environ.get("SERVICES_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SERVICES_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = STATE / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("SERVICES_EMAIL_FROM", "Samen <noreply@localhost>")

# -- languages -------------------------------------------------------------------
# The admin speaks Dutch unless the editor chooses English (security.LanguageMiddleware);
# the API answers in English unless Accept-Language asks for Dutch.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = STATE / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["knox.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["bot.directory.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Write-API tokens (django-rest-knox): only a hash is stored, each expires.
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=int(os.environ.get("SERVICES_API_TOKEN_DAYS") or 90)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samen local services API",
    "DESCRIPTION": "Public read API for the assistant, and a token-authenticated write API for municipalities.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# -- import and export -----------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Uploaded files wait for the confirm step in private storage (never the system
# temp folder), under a random name the server remembers in the editor's session.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": STATE / "media", "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "import_export": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": STATE / "imports", "base_url": None,
                                  "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}},
}
# A cell that a spreadsheet would run as a formula is exported as text, and
# characters that XLSX cannot hold never break an export (formats.py says how).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
SERVICES_IMPORT_MAX_BYTES = 2 * 1024 * 1024
SERVICES_IMPORT_MAX_ROWS = 1000
SERVICES_IMPORT_KEEP_MINUTES = 60             # an unconfirmed upload is removed after this
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# -- statistics: what newcomers ask (README "Privacy") ---------------------------------
# Shared with the action server (bot.core.environment): from the environment, else generated once in .samen/.
SERVICES_STATS_TOKEN = stats_token().decode()
SERVICES_STATS_MIN_COUNT = 10

# -- logging: errors with a traceback, and no line per request (README "Privacy") ------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_lookups": {"()": "bot.directory.logs.PrivacyFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_lookups"]}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "bot.directory": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

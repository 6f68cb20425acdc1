"""WSGI entry point for a production server (gunicorn bot.directory.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bot.directory.settings")
application = get_wsgi_application()

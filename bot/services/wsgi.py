"""WSGI entry point for a production server (gunicorn bot.services.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bot.services.settings")
application = get_wsgi_application()

"""The Django app: label "services", so tables are services_* wherever the package lives."""
from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "bot.directory"
    label = "services"
    verbose_name = "Local services"
    default_auto_field = "django.db.models.BigAutoField"

"""The Django app: label "services", so tables are services_* wherever the package lives."""
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "bot.directory"
    label = "services"
    verbose_name = _("Local services")
    default_auto_field = "django.db.models.BigAutoField"


class ServicesAdminConfig(AdminConfig):
    """django.contrib.admin, with the site that asks for the second factor."""
    default_site = "bot.directory.security.AdminSite"

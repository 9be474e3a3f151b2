from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "globa.organisations"
    verbose_name = _("Organisations")
    label = "organisations"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "globa.registry"
    verbose_name = _("Registry")
    label = "registry"
    default_auto_field = "django.db.models.BigAutoField"

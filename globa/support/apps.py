from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The help given: the service catalogue, who provides what, and every service delivered."""

    name = "globa.support"
    label = "support"
    verbose_name = _("Services")
    default_auto_field = "django.db.models.BigAutoField"

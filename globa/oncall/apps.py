from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OncallConfig(AppConfig):
    """On-call care: contracts with on-call carers, respite, what each carer can take on a
    day, and emergency placement matching."""

    name = "globa.oncall"
    label = "oncall"
    verbose_name = _("On-call care")
    default_auto_field = "django.db.models.BigAutoField"

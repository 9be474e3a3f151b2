from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarersConfig(AppConfig):
    """The carer journey: public centre pages and inquiries, and each centre's pipeline from
    a first inquiry to an active carer."""

    name = "globa.carers"
    label = "carers"
    verbose_name = _("Carer journey")
    default_auto_field = "django.db.models.BigAutoField"

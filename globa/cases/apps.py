from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Early-intervention case management (atvejo vadyba) with at-risk families."""

    name = "globa.cases"
    label = "cases"
    verbose_name = _("Case management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from globa.cases.hooks import connect

        connect()

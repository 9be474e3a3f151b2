from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "globa.api"
    label = "api"
    verbose_name = _("JSON API")

    def ready(self) -> None:
        # The OpenAPI description learns how clients authenticate.
        from globa.api import schema  # noqa: F401

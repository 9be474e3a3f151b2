from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_instruments(sender: AppConfig, using: str, plan: Any = None, **kwargs: Any) -> None:
    """Publish the instrument files' new versions after every migration: a new database
    has the instruments, and an updated installation the versions added since."""
    from django.db import connections

    from globa.assessments.registry import load

    if "assessments_instrumentversion" not in connections[using].introspection.table_names():
        return
    load(using=using)


class AssessmentsConfig(AppConfig):
    """Structured assessments: instruments as versioned data, the assessments made with
    them, their results and change over time."""

    name = "globa.assessments"
    label = "assessments"
    verbose_name = _("assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_load_instruments, sender=self)
        from globa.assessments import hooks

        hooks.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Each person's tasks and reminders: generated daily by rules, or written by hand."""

    name = "globa.reminders"
    label = "reminders"
    verbose_name = _("Tasks and reminders")
    default_auto_field = "django.db.models.BigAutoField"

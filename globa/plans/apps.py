from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plans that assessments lead to: a child's individual service plan and a staff
    member's development plan (goals raised by the assessment's needs, actions, reviews);
    a family's help plan is the case's own (globa.cases), fed the same way."""

    name = "globa.plans"
    label = "plans"
    verbose_name = _("plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from globa.plans import hooks

        hooks.connect()

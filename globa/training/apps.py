from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """GIMK training: programmes and their topics, each centre's training groups with their
    trainers, participants, sessions and attendance."""

    name = "globa.training"
    label = "training"
    verbose_name = _("GIMK training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A person's page in the pipeline shows their training groups (see core.parts).
        from globa.core.parts import add_part
        from globa.training.selectors import person_part

        add_part("candidate", person_part)

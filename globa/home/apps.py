from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "globa.home"
    label = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from globa.core.parts import add_part
        from globa.home.chronology import chronology_part

        # The latest events of the child's chronology on the child's page.
        add_part("child", chronology_part)

from django.apps import AppConfig


class DevdataConfig(AppConfig):
    name = "globa.devdata"
    label = "devdata"
    default_auto_field = "django.db.models.BigAutoField"

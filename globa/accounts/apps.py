from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "globa.accounts"
    verbose_name = _("Accounts and roles")
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

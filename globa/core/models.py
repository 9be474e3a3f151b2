from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A creating form sent once: its key, who sent it and where it led. A second send of
    the same form (a double click, Back and send again, two tabs) finds the first and goes
    where it went, instead of creating the record twice (``globa.core.submissions``)."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("sent at"))
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")

    def __str__(self) -> str:
        return str(self.key)

"""A notification: something another person (or the public form) did that concerns the
recipient. Each row is its recipient's own: row-level security shows it to them alone.

The row keeps the kind and the name of what it is about (``label``, a record's name, shown
only in the application); the sentence around it is written in the reader's language when
shown. An e-mail about it leaves the system and says only the kind and a link.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from globa.lib import clock
from globa.organisations.models import Organisation


class Kind(models.TextChoices):
    INQUIRY = "inquiry", _("New inquiry from a prospective carer")
    PLACEMENT = "placement", _("New placement in a household you coordinate")
    HOUSEHOLD_ASSIGNED = "household_assigned", _("A household was assigned to you")
    CASE_ASSIGNED = "case_assigned", _("A case was assigned to you")
    PLACEMENT_REQUEST = "placement_request", _("Placement request from another centre")
    PLACEMENT_REQUEST_ACCEPTED = "request_accepted", _("Placement request accepted")
    PLACEMENT_REQUEST_DECLINED = "request_declined", _("Placement request declined")
    REVIEW_ACTIONS = "review_actions", _("Follow-up actions from a quality review visit")
    REVIEW_OVERDUE = "review_overdue", _("A follow-up action of a quality review is overdue")


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # The organisation whose record it is about (the receiving centre of an inquiry).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The name of what it is about, as it was then; shown in the application only.
    label = models.CharField(_("about"), max_length=300, blank=True)
    # Where in Globa the record is (a path: the e-mail adds the site's address).
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_by_recipient"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.label}"
            if self.label
            else str(self.get_kind_display())
        )

    def get_absolute_url(self) -> str:
        return reverse("notifications:list") + f"#n-{self.pk}"

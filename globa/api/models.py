"""API clients: other systems (a municipality's register, a case system) that read and write
Globa's records through the JSON API, each registered for one organisation by an
administrator.

A client acts as an account of its own (``user``) with one role in its organisation, given
through the staff pages like any role, so a second person approves it before the client can
see a record; every change it makes is audited, and every record it is shown is in the
access log, under that account. Its ``scopes`` narrow further what it may read or change.
Tokens are shown once and kept only as a hash.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Role
from globa.organisations.models import Organisation


class ApiClient(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("account it acts as"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scopes = ArrayField(models.CharField(max_length=60), default=list, verbose_name=_("scopes"))
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="api_client_name_per_organisation",
                violation_error_message=_("This organisation already has a client of this name."),
            ),
            models.CheckConstraint(
                condition=Q(rate_per_minute__gte=1, rate_per_minute__lte=10000),
                name="api_client_rate",
                violation_error_message=_("A rate limit is from 1 to 10,000 requests a minute."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(models.Model):
    """A client's secret. Only its first characters (``prefix``, to tell tokens apart) and a
    SHA-256 hash are kept; the token itself is shown once, when it is issued."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(_("begins with"), max_length=20)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_issue",
                violation_error_message=_("A token expires after it is issued."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class RateWindow(models.Model):
    """How many requests a client (or a staff member's session) made in the current minute:
    one row each, counted by one statement (``globa.api.throttling``)."""

    key = models.CharField(max_length=40, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("API rate window")
        verbose_name_plural = _("API rate windows")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"

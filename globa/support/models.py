"""The service catalogue and the record of every service delivered.

``Delivery`` holds personal data; it carries ``provider`` (the organisation that gave the
help, with its sector), and row-level security and the audit trigger are keyed by it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, HouseholdKind

LONGEST_DELIVERY_MINUTES = 12 * 60


class ServiceGroup(models.TextChoices):
    CARE_CENTRE = "care_centre", _("care centre services")
    COMMUNITY = "community", _("community services")
    FAMILY = "family", _("services for families")


class Service(models.Model):
    """One service of the catalogue. Retired services keep their records (``valid_to``)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=ServiceGroup.choices)
    name_lt = models.CharField(_("name in Lithuanian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    legal_source = models.CharField(
        _("legal source"), max_length=60, blank=True, help_text=_("Where the service is defined.")
    )
    valid_from = models.DateField(_("valid from"), default=dt.date(2020, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    restricted_notes = models.BooleanField(
        _("notes visible only to the specialist team"),
        default=False,
        help_text=_("Notes of this service are shown only to their author and the specialists."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("service catalogue")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="service_validity",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ServiceProvision(models.Model):
    """An organisation provides a service (from ``valid_from`` until ``valid_to``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provisions"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="provisions")
    valid_from = models.DateField(_("provided from"), default=dt.date(2020, 1, 1))
    valid_to = models.DateField(_("provided until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service provided")
        verbose_name_plural = _("services provided")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "valid_from"], name="service_provision_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.service}"


class ContactRule(models.Model):
    """How often a coordinator must be in contact with a household of a kind, in days."""

    household_kind = models.CharField(
        _("household type"), max_length=30, choices=HouseholdKind.choices, unique=True
    )
    interval_days = models.PositiveSmallIntegerField(_("at least every (days)"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact rule")
        verbose_name_plural = _("contact rules")
        ordering = ["household_kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1, interval_days__lte=366),
                name="contact_rule_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_household_kind_display()}: {self.interval_days}"


class DeliveryForm(models.TextChoices):
    OFFICE = "office", _("at the office")
    HOME_VISIT = "home_visit", _("home visit")
    REMOTE = "remote", _("remote (video)")
    PHONE = "phone", _("by phone")


class Delivery(models.Model):
    """One service given to one recipient. A contact with several recipients (a visit to a
    household with three children) is several deliveries sharing ``contact``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.UUIDField(_("contact"), default=uuid.uuid4, db_index=True)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("provider"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("service")
    )
    delivered_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    form = models.CharField(_("form"), max_length=20, choices=DeliveryForm.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deliveries_given",
        verbose_name=_("given by"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    household = models.ForeignKey(
        CarerHousehold, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliveries_recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service delivery")
        verbose_name_plural = _("service deliveries")
        ordering = ["-delivered_on", "-recorded_at"]
        indexes = [
            models.Index(fields=["household", "-delivered_on"], name="delivery_household_day"),
            models.Index(fields=["child", "-delivered_on"], name="delivery_child_day"),
            models.Index(fields=["provider", "delivered_on"], name="delivery_provider_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(child__isnull=False, household__isnull=True, person_name="")
                    | Q(child__isnull=True, household__isnull=False, person_name="")
                    | (Q(child__isnull=True, household__isnull=True) & ~Q(person_name=""))
                ),
                name="delivery_one_recipient",
                violation_error_message=_("A service is given to exactly one recipient."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=LONGEST_DELIVERY_MINUTES),
                name="delivery_minutes",
                violation_error_message=_("A duration is between 1 minute and 12 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.delivered_on}"

    @property
    def recipient(self) -> object:
        return self.child or self.household or self.person_name

"""Exports of the monitoring figures made in the background: what was asked, how far it got,
and the file when it is ready. An export holds figures only (after disclosure control where
the person asking needs it), never a record of a person; it is the asker's alone."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("spreadsheet (XLSX)")
        CSV = "csv", _("CSV")
        PDF = "pdf", _("PDF")

    class Report(models.TextChoices):
        DASHBOARD = "dashboard", _("dashboard")
        ANNUAL = "annual", _("annual report")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    report = models.CharField(_("report"), max_length=20, choices=Report.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The area, period and language asked for, as the dashboard's query parameters.
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=1)
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring export")
        verbose_name_plural = _("monitoring exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_user")]

    def __str__(self) -> str:
        return self.title or str(self.pk)


class ChildPopulation(models.Model):
    """How many children (under 18) lived in a municipality at the start of a year, for the
    rates per 100,000 children: loaded by an administrator from the statistics office's
    figures (``globa population``); the demo's are synthetic and say so in ``source``."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    children = models.PositiveIntegerField(_("children under 18"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("child population")
        verbose_name_plural = _("child population")
        ordering = ["year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="child_population_once_a_year",
                violation_error_message=_("This municipality already has a figure for the year."),
            ),
            models.CheckConstraint(
                condition=models.Q(children__gt=0),
                name="child_population_positive",
                violation_error_message=_("The number of children must be above 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.children}"


class ServiceContract(models.Model):
    """A municipality's contract with a provider for service types of the catalogue, for a
    period and an amount of money: what the NGO share *by funding* is counted from.

    The amount is the funding for the whole agreed period (``starts_on`` to ``ends_on``);
    a contract ended early (``ended_on``) counts only its days until then
    (docs/monitoring.md, "Funding by service contracts")."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="service_contracts",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts_as_provider",
        verbose_name=_("provider"),
    )
    services = models.ManyToManyField(
        "support.Service", related_name="contracts", verbose_name=_("service types")
    )
    number = models.CharField(_("contract number"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    amount = models.DecimalField(_("funding (EUR)"), max_digits=14, decimal_places=2)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-starts_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                name="service_contract_number_once",
                violation_error_message=_(
                    "The municipality already has a contract with this number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="service_contract_amount_not_negative",
                violation_error_message=_("The funding cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="service_contract_ends_after_start",
                violation_error_message=_("The contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("starts_on"), ended_on__lte=models.F("ends_on")),
                name="service_contract_ended_within",
                violation_error_message=_("A contract can be ended only on a day of its period."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_on"], name="contract_period")]

    def __str__(self) -> str:
        return f"{self.number} — {self.provider}"

    @property
    def last_day(self) -> dt.date:
        return self.ended_on or self.ends_on

"""Exports of the monitoring figures made in the background: what was asked, how far it got,
and the file when it is ready. An export holds figures only (after disclosure control where
the person asking needs it), never a record of a person; it is the asker's alone."""

from __future__ import annotations

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

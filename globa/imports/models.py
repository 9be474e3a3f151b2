"""Imports of existing registers: the file a centre sent, what its dry run found, the
decisions on duplicates, and afterwards which record came from which row.

An import belongs to its centre (``centre``): row-level security and the audit trigger are
keyed by it, like the records it brings in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        UNREADABLE = "unreadable", _("the file could not be read")
        COMMITTING = "committing", _("being saved")
        COMMITTED = "committed", _("saved")
        FAILED = "failed", _("saving failed, nothing was saved")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("care centre")
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("content"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # {"errors": [[sheet, row, column header, message], ...], "duplicates": [...],
    #  "counts": {sheet: rows}, "general": [...]}
    result = models.JSONField(_("result of the check"), default=dict, blank=True)
    # Row of the children's sheet -> "new", "skip" or the id of the existing child to use.
    decisions = models.JSONField(_("decisions on duplicates"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded at"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "-created_at"], name="import_centre")]

    def __str__(self) -> str:
        return self.file_name


class ImportedRecord(models.Model):
    """A record an import made, and the row of the file it came from."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sheet = models.CharField(_("sheet"), max_length=30)
    row = models.PositiveIntegerField(_("row"))
    table = models.CharField(_("kind of record"), max_length=60)
    record_id = models.CharField(_("record"), max_length=64)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        indexes = [
            models.Index(fields=["batch", "sheet", "row"], name="imported_row"),
            models.Index(fields=["table", "record_id"], name="imported_record"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row} → {self.table} {self.record_id}"

"""Reading the access log and the export log: "who has seen this record" and "who took
which list away" are pages, not database queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from globa.audit.models import AccessLog, ExportLog


def who_has_seen(record: models.Model, limit: int = 50) -> list[AccessLog]:
    """The latest views of the record, newest first, with who saw it."""
    return list(
        AccessLog.objects.filter(**{AccessLog.field_for(record): record})
        .select_related("user")
        .order_by("-at")[:limit]
    )


def exports_of(organisation_ids: Iterable[int], limit: int = 100) -> list[ExportLog]:
    """The latest lists exported by people acting for these organisations, newest first."""
    return list(
        ExportLog.objects.filter(organisation_id__in=list(organisation_ids))
        .select_related("user", "organisation")
        .order_by("-at")[:limit]
    )

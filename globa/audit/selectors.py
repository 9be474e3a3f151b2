"""Reading the access log: "who has seen this record" is a page, not a database query."""

from __future__ import annotations

from django.db import models

from globa.audit.models import AccessLog


def who_has_seen(record: models.Model, limit: int = 50) -> list[AccessLog]:
    """The latest views of the record, newest first, with who saw it."""
    return list(
        AccessLog.objects.filter(**{AccessLog.field_for(record): record})
        .select_related("user")
        .order_by("-at")[:limit]
    )

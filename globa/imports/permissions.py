"""Imports are the centre manager's: anyone else gets 403 on the pages, and an import of
another centre does not exist for them (404)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_page, scope_for
from globa.core.views import uuid_or_404
from globa.imports.models import ImportBatch
from globa.organisations.models import Organisation
from globa.registry.permissions import access_managed_centres


def access_imports(user: User) -> QuerySet[Organisation]:
    """The centres whose registers the user may import: those they manage (else 403)."""
    return access_managed_centres(user)


def access_import(user: User, batch_id: str | uuid.UUID) -> ImportBatch:
    require_page(bool(scope_for(user).managed_centre_ids))
    batch = (
        ImportBatch.objects.filter(centre_id__in=scope_for(user).managed_centre_ids)
        .select_related("centre", "created_by", "committed_by")
        .filter(pk=uuid_or_404(batch_id))
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def imports_of(user: User) -> QuerySet[ImportBatch]:
    return (
        ImportBatch.objects.filter(centre_id__in=scope_for(user).managed_centre_ids)
        .defer("content")
        .select_related("centre", "created_by")
        .order_by("-created_at")
    )


def traced(batch: ImportBatch) -> list[tuple[str, str, int, int, int]]:
    """What the saved import made, by sheet and kind of record: (sheet, kind, records, first
    row, last row) — each record remembers its row (``ImportedRecord``)."""
    from django.apps import apps
    from django.db.models import Count, Max, Min

    from globa.imports.layout import SHEETS

    titles = {sheet.key: sheet.title for sheet in SHEETS}
    names = {
        model._meta.db_table: str(model._meta.verbose_name_plural) for model in apps.get_models()
    }
    rows = (
        batch.records.values("sheet", "table")
        .annotate(n=Count("id"), first=Min("row"), last=Max("row"))
        .order_by("sheet", "table")
    )
    return [
        (
            titles.get(r["sheet"], r["sheet"]),
            names.get(r["table"], r["table"]),
            r["n"],
            r["first"],
            r["last"],
        )
        for r in rows
    ]

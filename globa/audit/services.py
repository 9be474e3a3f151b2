"""The access log: every response that shows a person's record says so, in the same
transaction, before the page is rendered (if the row cannot be written, nothing is shown).

The log knows the kinds of record it can name by its own foreign keys, so the apps above
it hand it the record and nothing else: ``record_view(by=user, record=child)``.
"""

from __future__ import annotations

from django.db import models

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.audit.models import AccessLog, ExportLog

# What the person saw the record for; shown on "who has seen this record".
VIEW = "view"
EDIT = "edit"
RECORDING = "recording"
MATCHING = "matching"


def record_organisation(record: models.Model) -> int:
    """The organisation a record belongs to (its centre, or the case's organisation)."""
    for key in ("centre_id", "organisation_id", "provider_id"):
        value = getattr(record, key, None)
        if value is not None:
            return int(value)
    raise TypeError(f"{type(record).__name__} has no organisation")


def acting_organisation(by: User, organisation_id: int) -> int | None:
    """The organisation the user acts for on this record: the record's own when the user
    works there (they see it through that membership), else their first."""
    scope = scope_for(by)
    return organisation_id if organisation_id in scope.roles_by_org else scope.primary_org_id


def record_view(*, by: User, record: models.Model, what: str = VIEW) -> AccessLog:
    """Log that the user was shown the record."""
    organisation_id = record_organisation(record)
    return AccessLog.objects.create(
        user=by,
        acting_organisation_id=acting_organisation(by, organisation_id),
        organisation_id=organisation_id,
        what=what,
        **{AccessLog.field_for(record): record},
    )


def record_views(*, by: User, records: list[models.Model], what: str = VIEW) -> None:
    """Log several records shown on one page (matching several children), in one insert."""
    AccessLog.objects.bulk_create(
        AccessLog(
            user=by,
            acting_organisation_id=acting_organisation(by, record_organisation(record)),
            organisation_id=record_organisation(record),
            what=what,
            **{AccessLog.field_for(record): record},
        )
        for record in records
    )


def record_export(
    *,
    by: User,
    list_name: str,
    filters: dict[str, list[str]],
    sort: str,
    file_format: str,
    rows: int,
) -> ExportLog:
    """Log that the user took a list away as a file: which list, filtered and ordered how,
    in which format, and how many rows."""
    scope = scope_for(by)
    organisation_id = scope.primary_org_id
    if organisation_id is None:
        raise ValueError("a user without an organisation exports no list")
    return ExportLog.objects.create(
        user=by,
        organisation_id=organisation_id,
        list_name=list_name,
        filters=filters,
        sort=sort,
        file_format=file_format,
        rows=rows,
    )

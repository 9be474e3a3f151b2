"""A list exported to a file, with its entry in the export log (one door for every list)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from globa.accounts.models import User
from globa.audit.services import record_export
from globa.core.lists import Listing


def export_list(by: User, listing: Listing, rows: Iterable[Any]) -> HttpResponse:
    """The file of exactly these rows (the page's filters and order), logged in the same
    transaction: if the log cannot be written, no file is given."""
    content, count = listing.export_file(rows)
    record_export(
        by=by,
        list_name=listing.spec.name,
        filters=listing.filter_values(),
        sort=listing.sort_param,
        file_format=listing.export,
        rows=count,
    )
    return listing.response(content)

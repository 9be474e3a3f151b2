"""Pages of a query with their total in one statement."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "paging_total"
MAX_PAGE = 1_000_000


def page_of(queryset: QuerySet[Any], number: Any, per_page: int) -> Page[Any]:
    """The requested page, as ``Paginator.get_page`` gives it, counting with a window function.

    ``Paginator`` counts with a second query that repeats the whole filter; here the page's
    own query carries the total (``COUNT(*) OVER ()``). Only a page past the end (an old
    link after records changed) or below one costs the usual count, to fall back to the last
    page as Django does.
    """
    paginator = Paginator(queryset, per_page)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    if wanted < 1 or wanted > MAX_PAGE:
        # Below one, or so far past any real end that the offset would not fit the database.
        return paginator.get_page(number)
    start = (wanted - 1) * per_page
    rows = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[start : start + per_page])
    if rows:
        paginator.count = getattr(rows[0], TOTAL)
        return Page(rows, wanted, paginator)
    if wanted == 1:
        paginator.count = 0
        return Page([], 1, paginator)
    return paginator.get_page(number)

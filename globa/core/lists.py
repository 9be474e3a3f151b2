"""Lists people work from: their columns, sorting, filters in the address, and export.

One list is described once (``ListSpec``: its columns, which of them sort and how, and
which parameters of the address are its filters). A view reads the request into a
``Listing`` (the chosen order and the filters), orders its rows by it, and either renders
them (the column headers come from ``Listing.headers``, with ``aria-sort``) or exports
exactly those rows, in that order, with the same filters (``export_file``). Nothing here
decides what a user may see: the rows come from each app's scoped selectors, and the
export is recorded by ``globa.audit.exports``, which views call.

Sorting happens in the database for a query (text in Lithuanian order) and in Python for a
list already computed (the same Lithuanian key), so both kinds of list behave alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

from globa.lib import clock
from globa.lib.collation import lt, lt_key

SORT = "sort"
EXPORT = "export"
PAGE = "page"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell that a spreadsheet would read as a formula is written as text (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its key in the address (``?sort=name``, ``?sort=-name``), its heading,
    its value in an export, and how it sorts (database fields, text ones in Lithuanian
    order; or, for a list computed in Python, by its value)."""

    key: str
    label: str | Promise
    value: Callable[[Any], Any]
    order: tuple[str, ...] = ()
    text: bool = False
    sortable: bool = True
    numeric: bool = False
    # For a list sorted in Python, what to sort by when it is not the value itself.
    sort_value: Callable[[Any], Any] | None = None
    # False: exported, but shown on the page otherwise than as a column (a section heading).
    in_table: bool = True


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str | Promise
    columns: tuple[Column, ...]
    filters: tuple[str, ...] = ()
    default_sort: str = ""

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key and c.sortable), None)

    def read(self, params: QueryDict) -> Listing:
        """The order and filters the address asks for; an unknown sort is ignored (the
        list's own order), an unknown export format shows the list."""
        wanted = params.get(SORT, self.default_sort) or self.default_sort
        descending = wanted.startswith("-")
        column = self.column(wanted.lstrip("-"))
        if column is None:
            descending = False
        fmt = params.get(EXPORT, "")
        filters = QueryDict(mutable=True)
        for name in self.filters:
            values = [v for v in params.getlist(name) if v != ""]
            if values:
                filters.setlist(name, values)
        return Listing(
            self,
            column,
            descending,
            filters,
            fmt if fmt in FORMATS else "",
            explicit=column is not None and SORT in params,
        )


@dataclass
class Header:
    label: str | Promise
    key: str
    url: str = ""
    aria_sort: str = ""
    numeric: bool = False


@dataclass
class Listing:
    spec: ListSpec
    sort: Column | None
    descending: bool
    filters: QueryDict
    export: str = ""
    # Whether the address chose the order (else the list's own order, not repeated in links).
    explicit: bool = False

    @property
    def sort_param(self) -> str:
        if self.sort is None:
            return ""
        return f"-{self.sort.key}" if self.descending else self.sort.key

    def query(self, **extra: str) -> str:
        """The address's parameters for this listing (filters, order), without the page."""
        params = self.filters.copy()
        if self.explicit and self.sort_param:
            params[SORT] = self.sort_param
        for key, value in extra.items():
            params[key] = value
        return params.urlencode()

    def export_query(self, fmt: str) -> str:
        return self.query(**{EXPORT: fmt})

    @property
    def exports(self) -> list[tuple[str, str, str]]:
        """The export links: format, its name, and the address's parameters."""
        return [
            ("xlsx", "Excel (XLSX)", self.export_query("xlsx")),
            ("csv", "CSV", self.export_query("csv")),
        ]

    @property
    def page_query(self) -> str:
        return self.query()

    def filter_values(self) -> dict[str, list[str]]:
        return {key: self.filters.getlist(key) for key in self.filters}

    def headers(self) -> list[Header]:
        """The column headings; a sortable one links to the other direction of its order."""
        found = []
        for column in self.spec.columns:
            if not column.in_table:
                continue
            header = Header(column.label, column.key, numeric=column.numeric)
            if column.sortable:
                current = self.sort is not None and self.sort.key == column.key
                if current:
                    header.aria_sort = "descending" if self.descending else "ascending"
                next_sort = column.key if not current or self.descending else f"-{column.key}"
                params = self.filters.copy()
                params[SORT] = next_sort
                header.url = "?" + params.urlencode()
            found.append(header)
        return found

    def order(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The query in the chosen order (ties by id, so pages do not shuffle); without one,
        as the selector ordered it."""
        column = self.sort
        if column is None:
            return queryset
        fields = column.order or (column.key,)
        prefix = "-" if self.descending else ""
        if column.text:
            keys: list[Any] = lt(*(prefix + name for name in fields))
        else:
            keys = [
                F(name).desc(nulls_last=True) if self.descending else F(name).asc(nulls_last=True)
                for name in fields
            ]
        return queryset.order_by(*keys, "pk")

    def sorted(self, rows: Iterable[Any]) -> list[Any]:
        """A computed list in the chosen order (empty values last either way)."""
        found = list(rows)
        column = self.sort
        if column is None:
            return found

        sort_value = column.sort_value or column.value

        def key(row: Any) -> Any:
            value = sort_value(row)
            return lt_key(value) if column.text or isinstance(value, str) else value

        present = [row for row in found if sort_value(row) not in (None, "")]
        missing = [row for row in found if sort_value(row) in (None, "")]
        return sorted(present, key=key, reverse=self.descending) + missing

    def export_file(self, rows: Iterable[Any]) -> tuple[bytes, int]:
        """The rows as the chosen format's file, and how many rows it holds."""
        table = ([_cell(column.value(row)) for column in self.spec.columns] for row in rows)
        heading = [str(column.label) for column in self.spec.columns]
        if self.export == "xlsx":
            return _xlsx(str(self.spec.title), heading, table)
        return _csv(heading, table)

    def filename(self) -> str:
        return f"{slugify(self.spec.name)}-{clock.now():%Y%m%d-%H%M}.{self.export}"

    def response(self, content: bytes) -> HttpResponse:
        response = HttpResponse(content, content_type=FORMATS[self.export])
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (dt.date, int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(heading: list[str], table: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(heading)
    count = 0
    for row in table:
        writer.writerow(
            [value.isoformat() if isinstance(value, dt.date) else value for value in row]
        )
        count += 1
    # A byte order mark, so that a spreadsheet opening the file reads it as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count


def _xlsx(title: str, heading: list[str], table: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Globa")
    bold = Font(bold=True)
    cells = []
    for text in heading:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in table:
        values = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            values.append(cell)
        sheet.append(values)
        count += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count

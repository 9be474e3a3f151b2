"""The shared list mechanism: the order and filters read from the address, the headings
with aria-sort, sorting a computed list, and the export files."""

import datetime as dt
import io
from dataclasses import dataclass

from django.http import QueryDict
from openpyxl import load_workbook

from globa.core.lists import Column, ListSpec


@dataclass
class Row:
    name: str
    born: dt.date | None
    count: int


SPEC = ListSpec(
    name="people",
    title="People",
    columns=(
        Column("name", "Name", lambda r: r.name, text=True),
        Column("born", "Born", lambda r: r.born),
        Column("count", "Count", lambda r: r.count, numeric=True),
        Column("note", "Note", lambda r: "", sortable=False),
    ),
    filters=("q", "status"),
)
ROWS = [
    Row("Žilvinas", dt.date(2015, 1, 2), 3),
    Row("Čepas", None, 1),
    Row("Ąžuolas", dt.date(2012, 5, 6), 2),
    Row("Cezaris", dt.date(2014, 1, 1), 5),
]


def read(query: str):  # type: ignore[no-untyped-def]
    return SPEC.read(QueryDict(query))


def test_the_address_chooses_the_order_and_keeps_only_its_filters() -> None:
    listing = read("q=jon&sort=-born&page=3&other=1&status=")
    assert listing.sort_param == "-born"
    assert listing.query() == "q=jon&sort=-born"
    assert listing.filter_values() == {"q": ["jon"]}
    assert listing.export_query("csv") == "q=jon&sort=-born&export=csv"


def test_an_unknown_or_unsortable_column_keeps_the_lists_own_order() -> None:
    for query in ("sort=nope", "sort=-note", "sort="):
        listing = read(query)
        assert listing.sort is None
        assert listing.sorted(ROWS) == ROWS
        assert all(not header.aria_sort for header in listing.headers())


def test_headings_say_the_order_and_link_to_the_other_direction() -> None:
    headers = {h.key: h for h in read("q=a&sort=name").headers()}
    assert headers["name"].aria_sort == "ascending"
    assert headers["name"].url == "?q=a&sort=-name"
    assert headers["born"].url == "?q=a&sort=born"
    assert headers["note"].url == ""
    assert {h.key: h for h in read("sort=-name").headers()}["name"].url == "?sort=name"


def test_text_sorts_in_lithuanian_order_and_empty_values_go_last() -> None:
    assert [r.name for r in read("sort=name").sorted(ROWS)] == [
        "Ąžuolas",
        "Cezaris",
        "Čepas",
        "Žilvinas",
    ]
    assert [r.name for r in read("sort=-born").sorted(ROWS)][-1] == "Čepas"
    assert [r.name for r in read("sort=born").sorted(ROWS)][-1] == "Čepas"


def test_an_unknown_export_format_shows_the_list() -> None:
    assert read("export=pdf").export == ""


def test_csv_writes_dates_and_guards_formulas() -> None:
    listing = read("export=csv")
    content, count = listing.export_file([Row("=1+2", dt.date(2015, 1, 2), 3)])
    assert count == 1
    text = content.decode("utf-8")
    assert text.startswith("\ufeffName,Born,Count,Note")
    assert "'=1+2,2015-01-02,3," in text


def test_xlsx_keeps_dates_and_numbers() -> None:
    listing = read("export=xlsx")
    content, count = listing.export_file(ROWS)
    assert count == 4
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Name", "Born", "Count", "Note"]
    assert rows[1][1].date() == dt.date(2015, 1, 2)
    assert rows[1][2] == 3
    assert listing.filename().startswith("people-") and listing.filename().endswith(".xlsx")

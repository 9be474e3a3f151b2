"""The import workbook: its sheets and their Lithuanian column names, reading a file a centre
sends (XLSX with these sheets, or one CSV sheet), and writing the template and the report.

A workbook holds up to five sheets, each optional: children, their relatives, carer
households with up to two adults, placements and service deliveries. Rows refer to each
other by the child's personal code (or other identifier) and by the household's key in the
file, so a register kept in several spreadsheets can be brought together in one file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from globa.lib import clock
from globa.registry.models import Child, EndReason, HouseholdKind, Placement, Relative, Sex
from globa.support.models import DeliveryForm

ERRORS_HEADER = "Klaidos"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text, date, bool, int, choice, code
    required: bool = False
    choices: type[TextChoices] | None = None
    example: str = ""
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]
    description: str = ""

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _adult(n: int) -> tuple[Column, ...]:
    return (
        Column(
            f"Suaugusiojo {n} vardas", f"adult{n}_first_name", example="Jonas" if n == 1 else ""
        ),
        Column(
            f"Suaugusiojo {n} pavardė",
            f"adult{n}_last_name",
            example="Petrauskas" if n == 1 else "",
        ),
        Column(
            f"Suaugusiojo {n} gimimo data",
            f"adult{n}_birth_date",
            "date",
            example="1980-04-12" if n == 1 else "",
        ),
        Column(
            f"Suaugusiojo {n} asmens kodas",
            f"adult{n}_personal_code",
            "code",
            example="38004120124" if n == 1 else "",
        ),
        Column(
            f"Suaugusiojo {n} telefonas",
            f"adult{n}_phone",
            example="+37060000001" if n == 1 else "",
        ),
    )


CHILDREN = Sheet(
    "children",
    "Vaikai",
    (
        Column(
            "Asmens kodas",
            "personal_code",
            "code",
            example="61503140126",
            note="11 skaitmenų; jei nėra, kitas identifikatorius",
        ),
        Column("Kitas identifikatorius", "other_identifier", example=""),
        Column("Identifikatoriaus šalis", "other_identifier_country", example=""),
        Column("Vardas", "first_name", required=True, example="Ieva"),
        Column("Pavardė", "last_name", required=True, example="Jonaitė"),
        Column("Lytis", "sex", "choice", required=True, choices=Sex, example="moteris"),
        Column("Gimimo data", "birth_date", "date", required=True, example="2015-03-14"),
        Column("Savivaldybė", "municipality", required=True, example="Vilniaus miesto savivaldybė"),
        Column(
            "Teisinis statusas",
            "legal_status",
            "choice",
            required=True,
            choices=Child.LegalStatus,
            example="laikinoji globa",
        ),
        Column("Neįgalumas", "has_disability", "bool", example="ne"),
        Column("Specialieji poreikiai", "special_needs", example=""),
    ),
    "Vienas vaikas vienoje eilutėje.",
)
RELATIVES = Sheet(
    "relatives",
    "Giminaičiai",
    (
        Column(
            "Vaiko asmens kodas",
            "child",
            required=True,
            example="61503140126",
            note="arba kitas identifikatorius",
        ),
        Column("Vardas", "first_name", required=True, example="Rima"),
        Column("Pavardė", "last_name", required=True, example="Jonaitienė"),
        Column(
            "Ryšys",
            "relation",
            "choice",
            required=True,
            choices=Relative.Relation,
            example="motina",
        ),
        Column(
            "Ryšių palaikymas",
            "contact_arrangement",
            "choice",
            choices=Relative.Contact,
            example="prižiūrimi susitikimai",
        ),
        Column("Telefonas", "phone", example="+37060000002"),
    ),
)
HOUSEHOLDS = Sheet(
    "households",
    "Šeimos",
    (
        Column(
            "Šeimos kodas",
            "key",
            required=True,
            example="S1",
            note="bet koks šeimos žymuo šiame faile",
        ),
        Column("Pavadinimas", "name", required=True, example="Naujųjų šeima"),
        Column(
            "Tipas",
            "kind",
            "choice",
            required=True,
            choices=HouseholdKind,
            example="budintis globotojas",
        ),
        Column("Adresas", "address", required=True, example="Gedimino pr. 1, Vilnius"),
        Column("Savivaldybė", "municipality", required=True, example="Vilniaus miesto savivaldybė"),
        Column(
            "Koordinatorius",
            "coordinator",
            required=True,
            example="koordinatorius",
            note="koordinatoriaus naudotojo vardas Globoje",
        ),
        *_adult(1),
        *_adult(2),
    ),
)
PLACEMENTS = Sheet(
    "placements",
    "Apgyvendinimai",
    (
        Column("Vaiko asmens kodas", "child", required=True, example="61503140126"),
        Column(
            "Šeimos kodas",
            "household",
            example="S1",
            note="šeima iš lapo „Šeimos“ arba jau esanti Globoje (pavadinimas)",
        ),
        Column("Įstaiga", "institution", example="", note="jei vaikas gyveno įstaigoje"),
        Column(
            "Tipas",
            "kind",
            "choice",
            required=True,
            choices=Placement.Kind,
            example="laikinoji globa",
        ),
        Column("Pradžia", "started_on", "date", required=True, example="2025-09-01"),
        Column("Pabaiga", "ended_on", "date", example=""),
        Column("Pabaigos priežastis", "end_reason", "choice", choices=EndReason, example=""),
        Column("Skubus", "is_emergency", "bool", example="taip"),
    ),
)
DELIVERIES = Sheet(
    "deliveries",
    "Paslaugos",
    (
        Column(
            "Paslaugos kodas",
            "service",
            required=True,
            example="coordinator_assistance",
            note="kodas iš paslaugų katalogo",
        ),
        Column("Data", "delivered_on", "date", required=True, example="2026-10-20"),
        Column("Trukmė (min.)", "minutes", "int", required=True, example="60"),
        Column(
            "Forma",
            "form",
            "choice",
            required=True,
            choices=DeliveryForm,
            example="vizitas namuose",
        ),
        Column("Vaiko asmens kodas", "child", example=""),
        Column("Šeimos kodas", "household", example="S1"),
        Column("Pastabos", "notes", example="Aptarta vaiko adaptacija"),
    ),
)
SHEETS = (CHILDREN, RELATIVES, HOUSEHOLDS, PLACEMENTS, DELIVERIES)
TRUE = {"taip", "yes", "true", "1", "t", "y"}
FALSE = {"ne", "no", "false", "0", "f", "n", ""}


# Words people write for a value besides its name. A sex is never a single letter: "M" is
# "male" in English and "moteris" (woman) in Lithuanian.
ALIASES: dict[type[TextChoices], dict[str, str]] = {
    Sex: {"vyras": "M", "berniukas": "M", "moteris": "F", "mergaitė": "F", "m": "", "f": ""},
}


def choice_names(choices: type[TextChoices]) -> dict[str, str]:
    """Every way a value may be written: its code, and its name in Lithuanian and English."""
    names: dict[str, str] = {}
    for value, label in choices.choices:
        names[str(value).lower()] = str(value)
        for language in ("lt", "en"):
            with translation.override(language):
                names[str(label).lower()] = str(value)
    names.update(ALIASES.get(choices, {}))
    return {name: value for name, value in names.items() if value}


def label_of(choices: type[TextChoices], value: str) -> str:
    with translation.override("lt"):
        return str(choices(value).label)


# Reading ---------------------------------------------------------------------------------


@dataclass
class Rows:
    """The rows of one sheet as sent: the row's number in the file and its cells by key."""

    sheet: Sheet
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    missing_headers: list[str] = field(default_factory=list)


class UnreadableFile(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(sheet: Sheet, table: Iterator[tuple[Any, ...]]) -> Rows:
    found = Rows(sheet)
    try:
        header = [_text(cell) for cell in next(table)]
    except StopIteration:
        return found
    by_header = {c.header.lower(): c for c in sheet.columns}
    positions: dict[int, Column] = {}
    for index, name in enumerate(header):
        if name == ERRORS_HEADER or not name:
            continue
        column = by_header.get(name.lower())
        if column is None:
            found.unknown_headers.append(name)
        else:
            positions[index] = column
    present = {c.key for c in positions.values()}
    found.missing_headers = [c.header for c in sheet.columns if c.required and c.key not in present]
    for number, cells in enumerate(table, start=2):
        values = {
            column.key: _text(cells[index]) if index < len(cells) else ""
            for index, column in positions.items()
        }
        if any(values.values()):
            found.rows.append((number, values))
    return found


def read(content: bytes, name: str) -> list[Rows]:
    """The sheets of the file that Globa knows, by their names (XLSX) or by their headers
    (a CSV holds one sheet)."""
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1257")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
        if not table:
            raise UnreadableFile("empty")
        headers = {_text(cell).lower() for cell in table[0]}
        sheet = max(SHEETS, key=lambda s: len(headers & {h.lower() for h in s.headers}))
        return [_rows(sheet, iter([tuple(row) for row in table]))]
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile(str(error)) from error
    found = []
    titles = {title.lower(): title for title in workbook.sheetnames}
    for sheet in SHEETS:
        title = titles.get(sheet.title.lower())
        if title is not None:
            found.append(_rows(sheet, workbook[title].iter_rows(values_only=True)))
    workbook.close()
    return found


# Writing ---------------------------------------------------------------------------------

BOLD = Font(bold=True)
NOTE = Font(italic=True, color="555555")
ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def _header(sheet: Worksheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    for index, text in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(text) + 2)


# The example's dates, in days before today: a file made today passes the check today.
EXAMPLE_DAYS_AGO = {("placements", "started_on"): 80, ("deliveries", "delivered_on"): 30}


def example_value(sheet: Sheet, column: Column) -> str:
    days = EXAMPLE_DAYS_AGO.get((sheet.key, column.key))
    if days is None:
        return column.example
    return (clock.today() - dt.timedelta(days=days)).isoformat()


def template(*, example: bool) -> bytes:
    """The empty template, or the same with an example row on each sheet, and a sheet that
    explains the columns and the values each accepts."""
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "Paaiškinimai"
    _header(guide, ["Lapas", "Stulpelis", "Privalomas", "Galimos reikšmės", "Pastaba"])
    for sheet in SHEETS:
        tab = workbook.create_sheet(sheet.title)
        _header(tab, sheet.headers)
        if example:
            tab.append([example_value(sheet, c) for c in sheet.columns])
        for column in sheet.columns:
            values = ""
            if column.choices is not None:
                values = "; ".join(label_of(column.choices, v) for v in column.choices.values)
            elif column.kind == "date":
                values = "MMMM-MM-DD"
            elif column.kind == "bool":
                values = "taip; ne"
            guide.append(
                [sheet.title, column.header, "taip" if column.required else "", values, column.note]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report(rows: list[Rows], errors: dict[tuple[str, int], list[str]]) -> bytes:
    """The workbook as sent, each sheet with an errors column: the file to fix and send again."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for sheet_rows in rows:
        sheet = sheet_rows.sheet
        tab = workbook.create_sheet(sheet.title)
        _header(tab, [*sheet.headers, ERRORS_HEADER])
        general = errors.get((sheet.key, 1), [])
        if general:
            tab.append(["" for _ in sheet.headers] + ["; ".join(general)])
        for number, values in sheet_rows.rows:
            problems = errors.get((sheet.key, number), [])
            tab.append([values.get(c.key, "") for c in sheet.columns] + ["; ".join(problems)])
            if problems:
                for cell in tab[tab.max_row]:
                    cell.fill = ERROR_FILL
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

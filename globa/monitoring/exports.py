"""The figures of a dashboard (or the annual report) as a spreadsheet, a CSV file and a PDF:
the same ``Dashboard`` as the page, so every output shows the same numbers and the same ``c``
where a figure is suppressed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from globa.lib.pdf import a4
from globa.monitoring.disclosure import SUPPRESSED
from globa.monitoring.indicators import FLOW, Indicator
from globa.monitoring.selectors import Cell, Dashboard, Figure, area_title

Progress = Callable[[int, int], None]


def _none(done: int, total: int) -> None:
    pass


def suppression_note(board: Dashboard) -> str:
    if board.view.exact:
        return _("Exact figures: no disclosure control is applied for this reader.")
    return _(
        "Disclosure control: counts from 1 to %(small)s are suppressed, and further figures "
        "with them so that none can be worked out from the totals; a suppressed figure is "
        "marked “%(mark)s”. A share or mean is shown only when the counts behind it are 0 or "
        "at least %(k)s."
    ) % {"small": board.threshold - 1, "mark": SUPPRESSED, "k": board.threshold}


def meta(board: Dashboard, title: str) -> list[tuple[str, str]]:
    return [
        (_("Report"), title),
        (_("Area"), area_title(board.view)),
        (
            _("Period"),
            f"{board.period.label} ({board.period.start:%Y-%m-%d} \u2013 {board.period.end:%Y-%m-%d})",
        ),
        (_("Previous period"), board.previous.label),
        (_("Made at"), timezone.localtime(board.made_at).strftime("%Y-%m-%d %H:%M")),  # type: ignore[arg-type]
        (_("Disclosure control"), suppression_note(board)),
    ]


def kind_label(indicator: Indicator) -> str:
    return _("flow over the period") if indicator.kind == FLOW else _("stock on the last day")


def definition_rows(board: Dashboard) -> list[list[str]]:
    rows = []
    for f in board.figures:
        i = f.indicator
        rows.append(
            [
                i.code,
                i.name_lt,
                i.name_en,
                i.definition_lt,
                i.definition_en,
                i.numerator.name,
                i.denominator.name if i.denominator else "",
                kind_label(i),
                i.unit,
                ", ".join([*i.breakdowns, _("place")]),
                i.periodicity,
                i.disclosure,
            ]
        )
    return rows


DEFINITION_HEADERS = [
    "code",
    "name (lt)",
    "name (en)",
    "definition (lt)",
    "definition (en)",
    "numerator",
    "denominator",
    "stock or flow",
    "unit",
    "breakdowns",
    "periodicity",
    "disclosure control",
]


def _sheet_title(text: str, used: set[str]) -> str:
    base = "".join(ch for ch in text if ch not in "[]:*?/\\")[:28] or "sheet"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}{n}", n + 1
    used.add(title)
    return title


def xlsx(board: Dashboard, title: str, progress: Progress = _none) -> bytes:
    """A sheet about the report, the summary, a sheet per table, and the definitions."""
    book = Workbook()
    bold = Font(bold=True)
    used: set[str] = set()
    about = book.active
    assert about is not None
    about.title = _sheet_title(_("About"), used)
    for item in meta(board, title):
        about.append(list(item))
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for cell in about["A"]:
        cell.font = bold
    summary = book.create_sheet(_sheet_title(_("Indicators"), used))
    summary.append(
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            board.period.label,
            board.previous.label,
            _("Change"),
        ]
    )
    for f in board.figures:
        summary.append(
            [
                f.indicator.code,
                f.indicator.name,
                f.indicator.unit,
                f.total.export,
                f.previous.export,
                f.change,
            ]
        )
    for cell in summary[1]:
        cell.font = bold
    summary.column_dimensions["B"].width = 60
    total = len(board.figures) + 1
    for n, f in enumerate(board.figures, start=1):
        progress(n, total)
        if not f.rows or (len(f.rows) == 1 and len(f.columns) <= 1):
            continue
        sheet = book.create_sheet(_sheet_title(f.indicator.code, used))
        sheet.append([f.indicator.name])
        sheet["A1"].font = bold
        sheet.append([f"{_('Period')}: {board.period.label}", f.indicator.unit])
        headers = [_("Place")] + [label for _key, label in f.columns]
        if len(f.columns) > 1:
            headers.append(_("Total"))
        sheet.append(headers)
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        shown = {p.id for p in board.shown_places}
        for place_row in f.rows:
            if place_row.place.id not in shown:
                continue
            values: list[object] = [place_row.place.name]
            values += (
                [c.export for c in place_row.cells] if place_row.cells else [place_row.total.export]
            )
            if len(f.columns) > 1:
                values.append(place_row.total.export)
            sheet.append(values)
        if len(f.rows) > 1:
            last: list[object] = [board.view.name]
            last += [c.export for c in f.by_category] if f.columns else [f.total.export]
            if len(f.columns) > 1:
                last.append(f.total.export)
            sheet.append(last)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for name, cells, extra_total in f.extra:
            if not cells:
                continue
            sheet.append([])
            totals = [] if extra_total is None else [extra_total]
            sheet.append([name] + [label for label, _cell in cells] + [_("Total") for _t in totals])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            sheet.append(
                [area_title(board.view)]
                + [c.export for _l, c in cells]
                + [t.export for t in totals]
            )
            if extra_total is None:
                sheet.append(
                    [
                        _(
                            "One may be counted in more than one column, so the columns add "
                            "up to more than the figure."
                        )
                    ]
                )
        sheet.column_dimensions["A"].width = 40
        for col in range(2, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 16
    definitions = book.create_sheet(_sheet_title(_("Definitions"), used))
    definitions.append(DEFINITION_HEADERS)
    for cell in definitions[1]:
        cell.font = bold
    for definition in definition_rows(board):
        definitions.append(definition)
    progress(total, total)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_rows(board: Dashboard) -> list[list[object]]:
    """One line per figure: indicator, place, category, period, value (``c`` suppressed)."""
    lines: list[list[object]] = [
        [
            "indicator",
            "name",
            "area",
            "place",
            "category",
            "period_start",
            "period_end",
            "value",
            "unit",
        ]
    ]
    area = area_title(board.view)
    start, end = board.period.start.isoformat(), board.period.end.isoformat()

    def line(f: Figure, place: str, category: str, cell: Cell) -> None:
        lines.append(
            [
                f.indicator.code,
                f.indicator.name,
                area,
                place,
                category,
                start,
                end,
                cell.export if cell.export is not None else "",
                f.indicator.unit,
            ]
        )

    for f in board.figures:
        line(f, _("Total"), "", f.total)
        for name, cells, _total in f.extra:
            for label, cell in cells:
                line(f, _("Total"), f"{name}: {label}", cell)
        if len(f.columns) > 1:
            for (_key, label), cell in zip(f.columns, f.by_category, strict=True):
                line(f, _("Total"), label, cell)
        if len(f.rows) > 1:
            shown = {p.id for p in board.shown_places}
            for row in f.rows:
                if row.place.id not in shown:
                    continue
                line(f, row.place.name, "", row.total)
                if len(f.columns) > 1:
                    for (_key, label), cell in zip(f.columns, row.cells, strict=True):
                        line(f, row.place.name, label, cell)
    return lines


def csv_bytes(board: Dashboard) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_rows(board))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: spreadsheets read it as UTF-8


BLUE = (11, 95, 165)
ORANGE = (179, 88, 6)
LIGHT_ORANGE = (253, 224, 197)


def pdf(board: Dashboard, title: str, progress: Progress = _none) -> bytes:
    """The report: about it, the figures in a table, then each indicator with its chart
    (this period blue, the previous one orange beneath) and its figures by category."""
    doc = a4(title, footer=f"Globa · {title}", margins=(16, 14))
    width = doc.w - doc.l_margin - doc.r_margin

    def text(value: str, size: float = 9, bold: bool = False, gap: float = 1) -> None:
        doc.set_font("DejaVu", "B" if bold else "", size)
        doc.multi_cell(width, size * 0.48, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(gap)

    text(title, 16, True, 3)
    for label, value in meta(board, title)[1:]:
        text(f"{label}: {value}", 9)
    doc.ln(2)
    text(_("Indicators"), 12, True, 2)
    doc.set_font("DejaVu", "", 8)
    with doc.table(
        col_widths=(90, 28, 28, 20), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=4.5
    ) as table:
        head = table.row()
        for h in (_("Indicator"), board.period.label, board.previous.label, _("Change")):
            head.cell(h)
        for f in board.figures:
            row = table.row()
            row.cell(f"{f.indicator.name} ({f.indicator.unit})")
            row.cell(str(f.total))
            row.cell(str(f.previous))
            row.cell(f.change)
    total = len(board.figures)
    for n, f in enumerate(board.figures, start=1):
        progress(n, total)
        if len(f.columns) <= 1:
            continue
        if doc.get_y() > doc.h - 80:
            doc.add_page()
        doc.ln(4)
        text(f.indicator.name, 11, True, 1)
        text(f.indicator.definition, 8, False, 2)
        _bars(doc, f, width)
    return bytes(doc.output())


def _bars(doc: FPDF, f: Figure, width: float) -> None:
    label_w, bar_h = 62.0, 3.2
    plot_w = width - label_w - 22
    values = [
        float(c.value)
        for c in [*f.by_category, *f.previous_by_category]
        if not c.hidden and c.value is not None
    ]
    top = max([*values, 1.0])
    x0 = doc.l_margin
    for (_key, label), now, before in zip(
        f.columns, f.by_category, f.previous_by_category, strict=True
    ):
        if doc.get_y() > doc.h - 24:
            doc.add_page()
        y = doc.get_y()
        doc.set_font("DejaVu", "", 7.5)
        doc.set_xy(x0, y)
        doc.cell(label_w - 2, 4, label[:44], align="R")
        for cell, offset, fill, draw, height in (
            (now, 0.0, BLUE, BLUE, bar_h),
            (before, bar_h + 0.6, LIGHT_ORANGE, ORANGE, bar_h - 1),
        ):
            w = 0.0 if cell.hidden or cell.value is None else plot_w * float(cell.value) / top
            doc.set_fill_color(*fill)
            doc.set_draw_color(*draw)
            if w > 0:
                doc.rect(x0 + label_w, y + offset, w, height, style="DF")
            doc.set_xy(x0 + label_w + w + 1, y + offset - 0.4)
            doc.set_font("DejaVu", "B" if offset == 0 else "", 7)
            doc.cell(18, height + 0.8, str(cell))
        doc.set_xy(x0, y + 2 * bar_h + 2.2)
    doc.set_font("DejaVu", "", 7)
    y = doc.get_y() + 1
    doc.set_fill_color(*BLUE)
    doc.rect(x0 + label_w, y, 4, 2.5, style="F")
    doc.set_xy(x0 + label_w + 5, y - 0.8)
    doc.cell(40, 4, _("this period"))
    doc.set_fill_color(*LIGHT_ORANGE)
    doc.set_draw_color(*ORANGE)
    doc.rect(x0 + label_w + 45, y, 4, 2.5, style="DF")
    doc.set_xy(x0 + label_w + 50, y - 0.8)
    doc.cell(40, 4, _("previous period"))
    doc.set_xy(x0, y + 5)

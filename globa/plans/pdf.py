"""A plan as a PDF for signing, in Lithuanian (fpdf2, with DejaVu Sans embedded so that every
Lithuanian letter prints). The same document serves a child's service plan, a staff
member's development plan and a case's help plan: ``Document`` is what the pages read."""

from __future__ import annotations

from dataclasses import dataclass, field

from fpdf.enums import XPos, YPos

from globa.lib.pdf import a4


@dataclass(frozen=True)
class Step:
    what: str
    who: str
    by: str
    done: str = ""
    given: str = ""


@dataclass(frozen=True)
class GoalBlock:
    text: str
    raised_by: str = ""
    progress: str = ""
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    title: str
    facts: list[tuple[str, str]]
    goals: list[GoalBlock]
    reviews: list[tuple[str, str]]
    signatures: list[str]
    footer: str
    labels: dict[str, str]


def render(document: Document) -> bytes:
    pdf = a4(document.title, footer=document.footer)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    line(document.title, 16, bold=True, gap=3)
    pdf.set_font("DejaVu", size=10)
    for label, value in document.facts:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(48, 6, label)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(width - 48, 6, value or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    line(document.labels["goals"], 13, bold=True, gap=2)
    if not document.goals:
        line(document.labels["none"])
    for number, goal in enumerate(document.goals, start=1):
        line(f"{number}. {goal.text}", 11, bold=True, gap=0.5)
        meta = "; ".join(part for part in (goal.raised_by, goal.progress) if part)
        if meta:
            pdf.set_text_color(80, 80, 80)
            line(meta, 9, gap=1)
            pdf.set_text_color(0, 0, 0)
        if goal.steps:
            columns = (0.42, 0.24, 0.14, 0.20)
            with pdf.table(
                col_widths=columns,
                text_align="LEFT",
                line_height=5,
                first_row_as_headings=True,
                headings_style=None,
            ) as table:
                header = table.row()
                for title in (
                    document.labels["what"],
                    document.labels["who"],
                    document.labels["by"],
                    document.labels["done"],
                ):
                    header.cell(title)
                for step in goal.steps:
                    row = table.row()
                    row.cell(step.what + (f"\n{step.given}" if step.given else ""))
                    row.cell(step.who)
                    row.cell(step.by)
                    row.cell(step.done or "")
        pdf.ln(3)
    if document.reviews:
        line(document.labels["reviews"], 13, bold=True, gap=2)
        for when, text in document.reviews:
            line(f"{when}: {text}", 10)
    pdf.ln(10)
    line(document.labels["signatures"], 11, bold=True, gap=8)
    for who in document.signatures:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y + 10, pdf.l_margin + 80, y + 10)
        pdf.line(pdf.l_margin + 100, y + 10, pdf.l_margin + 140, y + 10)
        pdf.set_xy(pdf.l_margin, y + 11)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(100, 4, who)
        pdf.cell(40, 4, document.labels["date"])
        pdf.ln(12)
    return bytes(pdf.output())

"""The PDF documents Globa makes (a plan to sign, a monitoring report, a person's data on
request) start here: A4, a font with every Lithuanian letter (DejaVu Sans, in ``fonts/``),
the title and the language in the file, and a footer with the page numbers. fpdf2 is the one
PDF library; this is its one set-up."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


class Document(FPDF):
    """An A4 page in millimetres whose footer says what the document is and which page."""

    footer_text = ""

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def a4(title: str, *, footer: str = "", margins: tuple[float, float] = (18, 16)) -> Document:
    """A document with its first page added: side and top ``margins`` in millimetres (the
    bottom one as the side's), the text font set to ``FONT`` (regular and ``B``)."""
    document = Document(format="A4", unit="mm")
    document.footer_text = footer
    document.set_title(title)
    document.set_creator("Globa")
    document.set_lang("lt")
    document.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    side, top = margins
    document.set_margins(side, top, side)
    document.set_auto_page_break(True, margin=side)
    document.add_page()
    document.set_font(FONT, "", 10)
    return document

"""The dashboards in a real browser, with the background worker making the files: a
national monitor filters a county and downloads the spreadsheet; a municipality officer
downloads the annual report as a PDF with its charts."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def _download(page: object) -> Path:
    link = page.get_by_role("link", name=re.compile("^Atsisiųsti "))  # type: ignore[attr-defined]
    # The page was not reloaded by hand: htmx replaces the status until the file is ready.
    link.wait_for(timeout=60000)
    with page.expect_download() as info:  # type: ignore[attr-defined]
        link.click()
    return Path(info.value.path())


def test_a_national_monitor_filters_a_county_and_downloads_the_xlsx(page: object) -> None:
    log_in(page, "stebesena")
    page.get_by_role("link", name="Skaičiai", exact=True).first.click()  # type: ignore[attr-defined]
    assert page.get_by_role("heading", name="Skaičiai: Lietuva").is_visible()  # type: ignore[attr-defined]
    page.get_by_label(re.compile("^Apskritis")).select_option(label="Vilniaus apskritis")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Rodyti").first.click()  # type: ignore[attr-defined]
    heading = page.get_by_role("heading", name="Skaičiai: Lietuva, Vilniaus apskritis")  # type: ignore[attr-defined]
    heading.wait_for()
    places = page.locator("#h-places").locator("xpath=..")  # type: ignore[attr-defined]
    assert places.get_by_text("Trakų rajono savivaldybė").count() == 1
    assert places.get_by_text("Kauno miesto savivaldybė").count() == 0
    page.get_by_label(re.compile("^Formatas")).select_option("xlsx")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Parengti failą").click()  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(_download(page).read_bytes()))
    assert {"Apie", "Rodikliai", "Apibrėžimai", "children_in_care"} <= set(book.sheetnames)
    about = {row[0]: row[1] for row in book["Apie"].iter_rows(values_only=True)}
    assert "Vilniaus apskritis" in about["Teritorija"]


def test_a_municipality_officer_downloads_the_annual_report_pdf(page: object) -> None:
    log_in(page, "savivaldybe")
    # The start page shows the municipality's headline figures and leads to the dashboard.
    assert page.get_by_role(
        "heading", name=re.compile("Vilniaus miesto savivaldybė: rodikliai")
    ).is_visible()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Visi rodikliai, ataskaitos ir atsisiuntimai").click()  # type: ignore[attr-defined]
    page.get_by_label(re.compile("^Ataskaita")).select_option("annual")  # type: ignore[attr-defined]
    page.get_by_label(re.compile("^Formatas")).select_option("pdf")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Parengti failą").click()  # type: ignore[attr-defined]
    content = _download(page).read_bytes()
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    drawn = b"".join(
        zlib.decompress(stream)
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
        if stream[:1] == b"x"
    )
    # The charts' bars: filled rectangles in the chart blue.
    assert drawn.count(b" re") > 20
    assert b"0.0431 0.3725 0.6471 rg" in drawn

"""The dashboards in a real browser, with the background worker making the files: a
national monitor filters a county and downloads the spreadsheet; a municipality officer
downloads the annual report as a PDF with its charts."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from globa.lib import clock
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


def test_a_municipality_officer_records_a_service_contract(page: object) -> None:
    year = clock.today().year
    log_in(page, "savivaldybe")
    page.get_by_role("link", name="Skaičiai", exact=True).first.click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Paslaugų sutartys").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Paslaugų sutartys: Vilniaus miesto savivaldybė").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nauja paslaugų sutartis").click()  # type: ignore[attr-defined]
    # Nothing filled in: the error summary takes focus and nothing is saved.
    page.get_by_role("button", name="Išsaugoti").click()  # type: ignore[attr-defined]
    summary = page.locator(".form-errors")  # type: ignore[attr-defined]
    summary.wait_for()
    assert summary.evaluate("(el) => el === document.activeElement")
    page.get_by_label("Teikėjas").select_option(label="Globos centras „Užuovėja“")  # type: ignore[attr-defined]
    page.get_by_label("Sutarties numeris").fill("SP-BANDYMAS/1")  # type: ignore[attr-defined]
    page.get_by_role("group", name=re.compile("^Paslaugų rūšys")).get_by_label(  # type: ignore[attr-defined]
        "Socialinė konsultacija", exact=True
    ).check()
    page.get_by_label("Pradžia").fill(f"{year}-01-01")  # type: ignore[attr-defined]
    page.get_by_label("Baigiasi").fill(f"{year}-12-31")  # type: ignore[attr-defined]
    page.get_by_label("Finansavimas (Eur)").fill("12345.60")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Išsaugoti").click()  # type: ignore[attr-defined]
    row = page.locator("tbody tr").filter(has_text="SP-BANDYMAS/1")  # type: ignore[attr-defined]
    row.wait_for()
    # The amount as a Lithuanian reader writes it: a space between thousands, a decimal comma.
    assert "12\xa0345,60" in row.inner_text()
    assert "NVO" in row.inner_text()
    by_service = page.locator(
        "section",
        has=page.get_by_role("heading", name=re.compile("^Finansavimas pagal paslaugos rūšį")),
    )  # type: ignore[attr-defined]
    assert by_service.get_by_role("rowheader", name="Socialinė konsultacija").count() == 1


def test_an_officer_follows_an_institutions_transformation(page: object) -> None:
    today = clock.today()
    log_in(page, "savivaldybe")
    page.get_by_role("link", name="Skaičiai", exact=True).first.click()  # type: ignore[attr-defined]
    page.get_by_role("link", name=re.compile("^Institucijų pertvarka")).click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Institucijų pertvarka").wait_for()  # type: ignore[attr-defined]
    # The municipality's own institution only.
    rows = page.locator("tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 1
    rows.first.get_by_role("link").click()
    page.get_by_role("link", name="Pridėti etapą").click()  # type: ignore[attr-defined]
    page.get_by_label("Etapas").fill("Perkelti paskutinius gyventojus")  # type: ignore[attr-defined]
    page.get_by_label("Terminas").fill((today - dt.timedelta(days=3)).isoformat())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Išsaugoti").click()  # type: ignore[attr-defined]
    milestone = page.locator("tr", has_text="Perkelti paskutinius gyventojus")  # type: ignore[attr-defined]
    milestone.wait_for()
    # A milestone past its date and not done says so.
    assert "vėluojama" in milestone.inner_text()
    page.get_by_role("link", name="Keisti planą ar jo būseną").click()  # type: ignore[attr-defined]
    page.get_by_role("combobox", name=re.compile("^Būsena")).select_option(label="įgyvendintas")  # type: ignore[attr-defined]
    page.get_by_label("Būsena nuo").fill(today.isoformat())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Išsaugoti").click()  # type: ignore[attr-defined]
    history = page.locator("li", has_text=f"{today.isoformat()}: įgyvendintas")  # type: ignore[attr-defined]
    history.wait_for()
    assert history.count() == 1

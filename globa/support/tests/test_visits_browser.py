"""End to end in a real headless Chromium: booking a visit, the week and month calendar,
recording the contact from the visit; the calendar on a phone."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.lib import clock
from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(folder / name), full_page=True)


def test_a_coordinator_books_a_visit_and_records_it_from_the_calendar(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.get_by_role("navigation", name="Pagrindinis").get_by_role("link", name="Vizitai").click()
    page.wait_for_url(re.compile(r"/visits/"))
    # The demo has a visit whose day passed unrecorded: the calendar asks about it.
    attention = page.locator("section.attention")
    assert "neįrašytas" in attention.inner_text()
    screenshot(page, "visits-week.png")

    page.get_by_role("link", name="Suplanuoti vizitą").first.click()
    page.wait_for_url(re.compile(r"/visits/new/"))
    page.get_by_label("Šeima").select_option(label="Budinčių Mockų šeima")
    tomorrow = clock.today() + dt.timedelta(days=1)
    page.get_by_label("Data").fill(tomorrow.isoformat())
    page.get_by_label("Laikas").fill("10:30")
    page.get_by_label("vizitas namuose").check()
    page.get_by_label("Tikslas").fill("Susipažinimas")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r"/visits/\?"))
    assert "Vizitas suplanuotas." in page.get_by_role("status").inner_text()
    day = page.locator("li.day").filter(has_text=tomorrow.isoformat())
    visit = day.locator("li").filter(has_text="Budinčių Mockų šeima")
    assert "10:30" in visit.inner_text()

    visit.get_by_role("link", name=re.compile("Įrašyti kontaktą")).click()
    page.wait_for_url(re.compile(r"/households/[0-9a-f-]+/contact/\?visit="))
    assert "Įrašomas vizitas" in page.locator("main").inner_text()
    page.get_by_label("saugumas nekelia susirūpinimo").check()
    page.get_by_label("Tolesni žingsniai").fill("Kitas vizitas po savaitės.")
    page.get_by_role("button", name="Įrašyti").click()
    confirm = page.get_by_label(re.compile("tai kitas kontaktas"))
    status = page.get_by_role("status")
    status.or_(confirm).wait_for()
    if confirm.is_visible():
        confirm.check()
        page.get_by_role("button", name="Įrašyti").click()
    page.wait_for_url(re.compile(r"/visits/\?"))
    day = page.locator("li.day").filter(has_text=tomorrow.isoformat())
    assert "įvykęs" in day.locator("li").filter(has_text="Budinčių Mockų šeima").inner_text()

    page.get_by_role("link", name="Mėnuo").click()
    page.wait_for_url(re.compile(r"view=month"))
    assert page.locator("table.month").is_visible()
    screenshot(page, "visits-month.png")


def test_the_calendar_fits_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "koordinatorius")
    for view in ("week", "month"):
        page.goto(f"/visits/?view={view}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, view
    assert page.locator("table.month td:not(.empty):not(.outside)").count() >= 1

"""End to end in a real headless Chromium: the header's search box as one types, a list
sorted, filtered and exported, the warning before an idle session ends, and a record on
paper (see globa.testing_browser)."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def screenshot(page, name: str, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(folder / name), full_page=full_page)


def test_the_search_box_finds_a_child_as_one_types(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    box = page.get_by_role("searchbox", name=re.compile("Ieškoti vaikų"))
    # Without diacritics and in capitals: the child is Austėja Jonaitė-Naršytė.
    box.press_sequentially("JONAITE-NARS", delay=40)
    results = page.locator("#site-results")
    hit = results.get_by_role("link", name="Austėja Jonaitė-Naršytė")
    hit.wait_for()
    assert results.get_by_role("heading", name="Vaikai").is_visible()
    screenshot(page, "search.png", full_page=False)
    # The keyboard: down into the results, Escape back to the box and the results closed.
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Austėja Jonaitė-Naršytė"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "site-q"
    assert results.inner_text() == ""
    # Enter sends the box: the results page, which works without JavaScript too.
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=JONAITE-NARS"))
    page.locator(".search-page").get_by_role("link", name="Austėja Jonaitė-Naršytė").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Austėja Jonaitė-Naršytė"


def test_a_case_manager_finds_cases_but_no_children(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "atvejo.vadybininkas")
    page.locator("#site-q").press_sequentially("jonaite-nars", delay=40)
    page.locator("#site-results").get_by_role("status").wait_for()
    assert "Austėja" not in page.locator("#site-results").inner_text()


def test_the_children_list_sorts_filters_and_exports_what_it_shows(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.goto("/children/")
    header = page.get_by_role("columnheader", name=re.compile("Gimimo data"))
    header.get_by_role("link").click()
    page.wait_for_url(re.compile(r"sort=born"))
    assert header.get_attribute("aria-sort") == "ascending"
    header.get_by_role("link").click()
    page.wait_for_url(re.compile(r"sort=-born"))
    assert header.get_attribute("aria-sort") == "descending"
    # A filter keeps the order, and both stay in the address (a bookmark shows the same).
    page.locator("#id_status").select_option("in_care")
    page.wait_for_url(re.compile(r"status=in_care.*sort=-born|sort=-born.*status=in_care"))
    shown = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert shown == sorted(shown, reverse=True)
    page.reload()
    assert (
        page.get_by_role("columnheader", name=re.compile("Gimimo data")).get_attribute("aria-sort")
        == "descending"
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Vardas, pavardė", "Gimimo data"]
    names = page.locator("#results tbody tr td:first-child").all_inner_texts()
    assert [row[0] for row in rows[1 : len(names) + 1]] == names

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert [row[0] for row in list(csv.reader(io.StringIO(text)))[1 : len(names) + 1]] == names
    screenshot(page, "children-list-sorted.png")


def test_an_idle_session_warns_and_may_be_kept(page) -> None:  # type: ignore[no-untyped-def]
    # The browser's clock is the test's: it moves the page's idle time forward at will.
    page.clock.install()
    log_in(page, "koordinatorius")
    # The header's own requests (the notifications count) are activity: they end first.
    page.wait_for_load_state("networkidle")
    dialog = page.get_by_role("dialog", name=re.compile("Ar dar dirbate"))
    idle = int(page.locator("#session-warning").get_attribute("data-idle-seconds"))
    warn = int(page.locator("#session-warning").get_attribute("data-warn-seconds"))
    assert not dialog.is_visible()
    page.clock.run_for((idle - warn + 2) * 1000)
    dialog.wait_for()
    stay = dialog.get_by_role("button", name="Likti prisijungus")
    assert page.evaluate("document.activeElement.textContent") == "Likti prisijungus"
    assert re.search(r"\d:\d\d", dialog.inner_text())
    screenshot(page, "session-warning.png", full_page=False)
    with page.expect_response(re.compile(r"/session/renew/$")) as renewed:
        stay.click()
    assert renewed.value.status == 200
    dialog.wait_for(state="hidden")
    # Still signed in; left alone past the end, the page signs out.
    page.clock.run_for((idle - warn + 2) * 1000)
    dialog.wait_for()
    page.clock.run_for((warn + 2) * 1000)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.goto("/children/")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_a_childs_page_prints_without_navigation_and_with_who_printed_it(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.goto("/children/?q=jonaite-narsyte")
    page.locator("#results").get_by_role("link", name="Austėja Jonaitė-Naršytė").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    header = page.locator(".print-header")
    assert not header.is_visible()
    assert page.get_by_role("button", name="Spausdinti").is_visible()
    page.emulate_media(media="print")
    assert header.is_visible()
    assert "Spausdino Eglė Kazlauskienė" in header.inner_text()
    for hidden in (".top", "nav", "form", "button", ".actions"):
        assert not page.locator(hidden).first.is_visible(), hidden
    screenshot(page, "child-print.png")
    page.emulate_media(media="screen")
    # The chronology on the child's page leads to the whole of it (a demo child with a past).
    page.goto("/children/?q=gabija+jonaite")
    page.locator("#results").get_by_role("link", name="Gabija Jonaitė").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    page.get_by_role("link", name="Visa chronologija").click()
    page.wait_for_url(re.compile(r"/chronology/$"))
    assert page.locator("ol.chronology li").count() >= 2
    assert "Apgyvendinimo pradžia" in page.locator("ol.chronology").inner_text()
    screenshot(page, "chronology.png")


def test_the_new_pages_fit_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/children/?q=gabija+jonaite")
    page.locator("#results").get_by_role("link", name="Gabija Jonaitė").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    child = page.url
    for url in ("/search/?q=jonaite", child + "chronology/", "/children/?sort=-born"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
    # The search box's results stay within the screen too.
    page.locator("#site-q").press_sequentially("jonait", delay=40)
    page.locator("#site-results").get_by_role("link").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

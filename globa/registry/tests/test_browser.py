"""End to end in a real headless Chromium: the registry (see globa.testing_browser)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def test_coordinator_finds_a_child_and_places_it(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.get_by_role("navigation").get_by_role("link", name=re.compile("Vaikai|Children")).click()
    page.locator("#id_q").fill("jonaite-narsyte")
    # htmx replaces the results as one types, without a page load, and keeps the URL.
    page.wait_for_url(re.compile(r"q=jonaite-narsyte"))
    assert "Gabija" not in page.locator("#results").inner_text()
    result = page.locator("#results").get_by_role(
        "link", name=re.compile("Austėja Jonaitė-Naršytė")
    )
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Austėja Jonaitė-Naršytė"

    page.get_by_role("link", name=re.compile("Apgyvendinti vaiką|Start a placement")).first.click()
    page.locator("#id_household").select_option(label="Naršyklės bandymų šeima")
    page.locator("#id_kind").select_option("temporary")
    page.locator("#id_started_on").fill("2026-11-02")
    page.get_by_role("button", name=re.compile("^(Apgyvendinti|Start the placement)$")).click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    timeline = page.locator("#timeline")
    assert "2026-11-02" in timeline.inner_text()
    assert "Naršyklės bandymų šeima" in timeline.inner_text()
    page.screenshot(
        path=str(
            Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir())) / "child-page.png"
        ),
        full_page=True,
    )


def test_language_switch_is_remembered(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    assert page.locator("html").get_attribute("lang") == "lt"
    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/children/")
    assert page.get_by_role("heading", level=1).inner_text() == "Children"
    page.get_by_role("button", name="LT", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Vaikai"


def test_bad_input_shows_a_message_next_to_the_field(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.goto("/children/new/")
    page.locator("#id_first_name").fill("Rokas")
    page.locator("#id_last_name").fill("Petrauskas")
    page.locator("#id_birth_date").fill("2015-03-14")
    page.locator("#id_personal_code").fill("51503140000")
    page.get_by_role("button", name=re.compile("Išsaugoti|Save")).click()
    error = page.locator("#id_personal_code_error")
    error.wait_for()
    assert error.inner_text()
    assert page.locator("#id_first_name").input_value() == "Rokas"

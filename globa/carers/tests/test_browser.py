"""End to end in a real headless Chromium: a visitor finds a centre and sends an inquiry;
the centre's manager finds it on the board and moves it on."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(folder / name), full_page=True)


def test_a_visitor_inquires_and_the_centre_moves_them_on(page) -> None:  # type: ignore[no-untyped-def]
    # The visitor, on a phone, finds the Vilnius centres and asks.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/centres/")
    page.get_by_label("Savivaldybė").select_option(label="Vilniaus miesto savivaldybė")
    page.get_by_role("button", name="Ieškoti").click()
    page.get_by_role("link", name=re.compile("Šeimos židinys")).click()
    assert "Darbo laikas" in page.content()
    page.get_by_role("link", name="Teirautis, kaip tapti globėju").click()
    page.get_by_label(re.compile("^Vardas")).fill("Naršė")
    page.get_by_label(re.compile("^Pavardė")).fill("Būsimoji")
    page.get_by_label("El. paštas").fill("narse@example.lt")
    page.get_by_label("budintis globotojas").check()
    page.get_by_label("Jūsų klausimas ar žinutė").fill(
        "Ar galiu dirbti ir būti budinčia globotoja?"
    )
    # Forgetting the consent loses nothing typed.
    page.get_by_role("button", name="Siųsti").click()
    assert (
        page.locator("#id_consent_error")
        .get_by_text("Jūsų užklausą galime priimti tik su jūsų sutikimu.")
        .is_visible()
    )
    assert page.get_by_label(re.compile("^Pavardė")).input_value() == "Būsimoji"
    page.get_by_label(re.compile("^Sutinku")).check()
    page.get_by_role("button", name="Siųsti").click()
    page.wait_for_url(re.compile(r"/become-a-carer/sent/"))
    assert "Šeimos židinys" in page.locator("main").inner_text()
    screenshot(page, "inquiry-sent.png")

    # The centre manager finds the inquiry on the board and invites her to a meeting.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "vadovas")
    page.get_by_role("link", name="Būsimi globėjai").first.click()
    inquiries = page.locator("section.column").first
    assert "Naršė Būsimoji" in inquiries.inner_text()
    screenshot(page, "carer-pipeline.png")
    inquiries.get_by_role("link", name="Naršė Būsimoji").click()
    assert page.get_by_label("Perkelti į").locator("option").first.inner_text() == (
        "informacinis susitikimas"
    )
    page.get_by_role("button", name="Išsaugoti perkėlimą").click()
    assert page.get_by_text("Perkelta į „informacinis susitikimas“.").is_visible()
    journey = page.locator("ol.timeline").inner_text()
    assert "Užklausa" in journey and "Informacinis susitikimas" in journey
    assert "viešoji forma" in journey

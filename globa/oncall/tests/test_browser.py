"""End to end in a real headless Chromium: a coordinator finds an on-call carer for a
brother and sister and places them together."""

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


def test_a_coordinator_matches_a_sibling_group_and_places_it(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.goto("/children/?q=Kazlauskas")
    page.get_by_role("link", name="Lukas Kazlauskas").click()
    page.get_by_role("link", name="Rasti budintį globotoją").click()
    # Both children of the sibling group are ticked: they are placed together.
    assert page.get_by_label(re.compile("Lukas Kazlauskas")).is_checked()
    assert page.get_by_label(re.compile("Gabija Kazlauskaitė")).is_checked()
    first = page.locator("ol.ranking > li").first
    carer = first.locator("h2 a").inner_text()
    # Every candidate shows why it is ranked where it is.
    assert "Arti namų" in first.inner_text() or "arti namų" in first.inner_text()
    screenshot(page, "matching.png")
    first.get_by_role("button", name="Apgyvendinti 2 vaikus čia").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    assert page.get_by_text(re.compile(f"Budintis globotojas: {re.escape(carer)}")).is_visible()
    assert carer in page.locator("main").inner_text()

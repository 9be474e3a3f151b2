"""End to end in a real headless Chromium: the coordinator's notifications."""

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


def test_the_coordinator_sees_opens_and_clears_notifications(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    bell = page.locator("header a.bell")
    # The count is loaded into the header after the page.
    bell.locator(".badge").wait_for()
    assert re.search(r"\d+", bell.locator(".badge").inner_text())
    bell.click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    assert page.get_by_role("heading", name="Pranešimai").is_visible()
    items = page.locator("li.notification.unread")
    assert items.count() >= 2
    assert "Jums priskirta šeima" in page.locator("main").inner_text()
    screenshot(page, "notifications.png")
    # Opening one goes to what it is about and marks it read.
    assigned = items.filter(has_text="Jums priskirta šeima").first
    assigned.get_by_role("button", name=re.compile("Atidaryti")).click()
    page.wait_for_url(re.compile(r"/households/[0-9a-f-]+/$"))
    page.goto("/notifications/")
    before = page.locator("li.notification").count()
    assert page.locator("li.notification.unread").count() == before - 1 or before > 30
    page.get_by_role("button", name="Pažymėti visus kaip perskaitytus").click()
    page.get_by_role("status").wait_for()
    assert page.locator("li.notification.unread").count() == 0
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.locator("header a.bell .badge").count() == 0


def test_the_notifications_page_fits_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "vadovas")
    page.goto("/notifications/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert page.locator("li.notification").count() >= 1

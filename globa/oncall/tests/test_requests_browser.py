"""End to end in a real headless Chromium: a centre manager answers another centre's
placement request from the notification."""

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


def test_the_manager_accepts_another_centres_request(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.goto("/notifications/")
    item = page.locator("li.notification").filter(has_text="Kito centro prašymas").first
    item.get_by_role("button", name=re.compile("Atidaryti")).click()
    page.wait_for_url(re.compile(r"/carers/match/requests/[0-9a-f-]+/$"))
    main = page.locator("main")
    assert "laukia atsakymo" in main.inner_text()
    # Before accepting, the other centre's child is not named.
    assert "Stankevič" not in main.inner_text()
    screenshot(page, "placement-request.png")
    page.get_by_label("Budintis globotojas, kuris priima vaiką").select_option(
        label="Budinčių Mockų šeima"
    )
    page.get_by_role("button", name="Priimti ir apgyvendinti").click()
    # Accepting passes the records, places the child and tells both centres: on a busy
    # machine it takes longer than one look.
    # Either the saved message or the form's errors: a refusal fails with its reason.
    page.locator("[role=status], .form-errors").first.wait_for(timeout=45_000)
    assert page.get_by_role("status").count() == 1, main.inner_text()
    assert "Priimta" in page.get_by_role("status").inner_text()
    assert "priimtas" in main.inner_text()
    # The child is now the centre's own, found in its list.
    page.goto("/children/?q=stankevicius")
    page.get_by_role("link", name=re.compile("Stankevičius")).first.wait_for()

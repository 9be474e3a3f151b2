"""An import in a real browser: the file is checked by the background worker while the page
shows the progress and updates itself (htmx), then saved the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from globa.imports import layout
from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def test_an_import_is_checked_and_saved_while_the_page_updates_itself(
    page: object, tmp_path: Path
) -> None:
    log_in(page, "vadovas")
    page.goto("/imports/")  # type: ignore[attr-defined]
    path = tmp_path / "registras.xlsx"
    path.write_bytes(layout.template(example=True))
    page.get_by_label(re.compile("^Failas", re.I)).set_input_files(str(path))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tikrinti failą").click()  # type: ignore[attr-defined]
    status = page.locator("#h-status")  # type: ignore[attr-defined]
    # The page was not reloaded by hand: htmx replaces the status until the check is done.
    status.filter(has_text="patikrintas").wait_for(timeout=30000)
    assert page.get_by_text("Patikra klaidų nerado.").is_visible()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Išsaugoti importą").click()  # type: ignore[attr-defined]
    status.filter(has_text="išsaugotas").wait_for(timeout=30000)
    # The example's child is in the registry now.
    page.goto("/children/?q=61503140126")  # type: ignore[attr-defined]
    assert page.get_by_role("link", name="Ieva Jonaitė").count() == 1  # type: ignore[attr-defined]

"""End to end in a real headless Chromium: the centre's manager opens an assessment of the
demo, attaches a signed copy on its documents page and finds it listed there."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.documents.tests.test_documents import PDF
from globa.lib import clock
from globa.testing_browser import log_in

pytestmark = pytest.mark.browser


def test_a_manager_attaches_a_signed_assessment(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.goto("/assessments/")
    page.locator("section[aria-labelledby='h-recent'] tbody a").first.click()
    page.wait_for_url(re.compile(r"/assessments/[0-9a-f-]+/$"))
    page.get_by_role("link", name="Dokumentai", exact=True).click()
    page.wait_for_url(re.compile(r"/assessments/[0-9a-f-]+/documents/$"))
    signed = tmp_path / "Pasirasytas vertinimas.pdf"
    signed.write_bytes(PDF)
    page.get_by_label("Rūšis").select_option("signed_plan")
    page.get_by_label("Aprašymas").fill("Pasirašyta su globėjais")
    page.get_by_label("Dokumento data").fill(clock.today().isoformat())
    page.get_by_label("Failas").set_input_files(str(signed))
    page.get_by_role("button", name="Pridėti").click()
    page.get_by_text("Dokumentas pridėtas").wait_for()
    assert page.get_by_role("link", name="Pasirasytas vertinimas.pdf").count() == 1
    shots = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(shots / "assessment-documents.png"), full_page=True)

"""End to end in a real headless Chromium: the national monitor records a quality review
visit with a follow-up action, and the centre's manager marks the action done."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from globa.devdata.demo import HOME_CENTRE
from globa.lib import clock
from globa.testing_browser import log_in

pytestmark = pytest.mark.browser

ACTION = "Aptarti budinčių globotojų atostogų grafiką"


def test_a_monitor_records_a_visit_and_the_manager_marks_its_action_done(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "stebesena")
    page.goto("/monitoring/")
    page.get_by_role("link", name="Kokybės vertinimo vizitai ir tolesni veiksmai").click()
    page.get_by_role("link", name="Naujas vizitas").click()
    page.get_by_label("Globos centras").select_option(label=HOME_CENTRE)
    page.get_by_label(re.compile("^Kas lankėsi")).fill("Laima Žemaitienė")
    page.get_by_label("Kas vertinta").fill("Budinčių globotojų palaikymas")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r"/monitoring/reviews/\d+/$"))
    visit = page.url
    page.get_by_role("link", name="Pridėti tolesnį veiksmą").click()
    page.get_by_label("Tolesnis veiksmas").fill(ACTION)
    due = clock.today() + dt.timedelta(days=30)
    page.get_by_label("Terminas").fill(due.isoformat())
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(visit)
    assert ACTION in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "vadovas")
    # The start page counts the centre's open actions and leads to them.
    page.get_by_role("link", name=re.compile("neatlikt\\w* kokybės vertinimo veiksm")).click()
    page.get_by_role("link", name=clock.today().isoformat()).first.click()
    assert page.url == visit
    row = page.locator("tr").filter(has_text=ACTION)
    row.get_by_role("link", name="Pažymėti atliktu").click()
    page.get_by_label("Kas padaryta").fill("Grafikas aptartas susitikime su globėjais")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(visit)
    row = page.locator("tr").filter(has_text=ACTION)
    assert "atlikta" in row.inner_text()
    assert "Grafikas aptartas" in row.inner_text()
    # The manager records nothing of the visit.
    assert page.get_by_role("link", name="Pridėti tolesnį veiksmą").count() == 0

"""End to end in a real headless Chromium: a case manager assesses a family at intake and at
review, takes the help plan's goals from the needs and sees the change chart."""

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


def shots() -> Path:
    return Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(shots() / name), full_page=True)


def advance(page, case_url: str, stage: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    page.goto(case_url)
    page.get_by_role("link", name="Kitas etapas").click()
    page.get_by_label("Kitas etapas").select_option(label=stage)
    page.get_by_label("Data").fill(day.isoformat())
    page.get_by_role("button", name="Išsaugoti").click()


def assess(page, case_url: str, timepoint: str, day: dt.date, level: str, safety: str) -> str:  # type: ignore[no-untyped-def]
    """Start an assessment from the case page and rate every item of every domain."""
    page.goto(case_url)
    page.get_by_role("link", name="Naujas vertinimas").click()
    page.get_by_label("Vertinimo momentas").select_option(timepoint)
    page.get_by_label("Vertinimo data").fill(day.isoformat())
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r"/domains/environment/$"))
    while True:
        items = page.locator("fieldset.item:not(.overall)")
        for index in range(items.count()):
            item = items.nth(index)
            wanted = safety if item.locator("label.level").count() > 9 else level
            item.locator("label.level").filter(
                has_text=re.compile(f"^{re.escape(wanted)}")
            ).first.click()
        # Saved as one goes: the status says so.
        page.locator("#saving").filter(has_text="Išsaugota automatiškai").wait_for(timeout=60000)
        last = page.get_by_role("button", name="Išsaugoti ir peržiūrėti")
        if last.count():
            if timepoint == "review":
                # As on a tablet during a home visit.
                page.set_viewport_size({"width": 820, "height": 1180})
                page.locator("#h-domain").scroll_into_view_if_needed()
                page.screenshot(path=str(shots() / "assessment-form.png"))
                page.set_viewport_size({"width": 1280, "height": 900})
            last.click()
            break
        page.get_by_role("button", name=re.compile("^Išsaugoti ir toliau")).click()
        page.wait_for_load_state()
    page.get_by_label("Vertintojo išvada").fill("Šeima myli vaikus; sutarta dėl pagalbos.")
    page.get_by_role("button", name="Užbaigti ir užrakinti").click()
    page.wait_for_url(re.compile(r"/assessments/[0-9a-f-]+/$"))
    return str(page.url)


def test_a_case_manager_assesses_a_family_at_intake_and_review(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "atvejo.vadybininkas")
    page.get_by_role("link", name="Priimti nukreipimą").first.click()
    page.get_by_label("Šeima").fill("Vertinamų šeima")
    page.get_by_label("Kas nukreipė").select_option("school")
    referred = clock.today() - dt.timedelta(days=100)
    page.get_by_label("Nukreipimo data").fill(referred.isoformat())
    page.get_by_label("Nukreipimo priežastis").fill("Vaikai nelanko mokyklos.")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/$"))
    case_url = page.url
    advance(page, case_url, "atvejo analizė", referred + dt.timedelta(days=2))
    advance(page, case_url, "poreikių vertinimas", referred + dt.timedelta(days=4))

    # The help plan waits for the family's assessment.
    advance(page, case_url, "pagalbos planas", referred + dt.timedelta(days=8))
    assert "šeimos vertinimas" in page.locator("#id_to_error").inner_text()

    intake = assess(
        page, case_url, "intake", referred + dt.timedelta(days=6), "\u22122", "3"
    )  # a minus sign, as the labels print it
    needs = page.locator("section.needs")
    assert "Būsto stabilumas" in needs.inner_text()
    assert page.locator("svg.chart.profile").count() == 1
    # The plan's goals come from the needs: take them into the case's help plan.
    proposals = page.locator("#proposals")
    assert "Šeima turi stabilų būstą" in proposals.locator("input.goal-text").first.input_value()
    proposals.get_by_role("button", name="Įtraukti pažymėtus tikslus į planą").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/$"))
    plan = page.locator("section", has=page.locator("#h-plan"))
    assert "Šeima turi stabilų būstą" in plan.inner_text()

    advance(page, case_url, "pagalbos planas", referred + dt.timedelta(days=8))
    advance(page, case_url, "stebėsena", referred + dt.timedelta(days=10))
    advance(page, case_url, "plano peržiūra", referred + dt.timedelta(days=80))

    review = assess(page, case_url, "review", referred + dt.timedelta(days=82), "+1", "8")
    assert review != intake
    change = page.locator("section.change")
    change.wait_for()
    assert "Pokytis per laiką" in change.inner_text()
    assert change.locator("svg.chart.trend.better").count() >= 6
    assert "Būsto stabilumas" in change.locator(".change-list.strength").inner_text()
    screenshot(page, "assessment-result.png")

    # The case page loads the family's assessments with their change over time.
    page.goto(case_url)
    section = page.locator("#assessments-family")
    section.locator("svg.chart.trend").first.wait_for()
    assert (
        section.get_by_role("link").filter(has_text=str(referred + dt.timedelta(days=82))).count()
        == 1
    )

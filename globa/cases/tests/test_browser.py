"""End to end in a real headless Chromium: a case manager takes a case from referral to
closure."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.assessments.tests.test_browser import assess
from globa.lib import clock
from globa.testing_browser import log_in

pytestmark = pytest.mark.browser

STAGES = [
    "atvejo analizė",
    "poreikių vertinimas",
    "pagalbos planas",
    "stebėsena",
    "plano peržiūra",
]


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(folder / name), full_page=True)


def test_a_case_manager_takes_a_case_from_referral_to_closure(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "atvejo.vadybininkas")
    page.get_by_role("link", name="Priimti nukreipimą").first.click()
    page.get_by_label("Šeima").fill("Naršyklės šeima")
    page.get_by_label("Kas nukreipė").select_option("school")
    referred = clock.today() - dt.timedelta(days=20)
    page.get_by_label("Nukreipimo data").fill(referred.isoformat())
    page.get_by_label("Nukreipimo priežastis").fill("Vaikai nelanko mokyklos.")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Naršyklės šeima"
    case_url = page.url

    # The team, then every stage in its order, a few days apart.
    page.get_by_role("link", name="Pridėti į komandą").click()
    page.get_by_label(re.compile("^Vardas")).fill("Rūta Mokytoja")
    page.get_by_label("Institucija").select_option("school")
    page.get_by_label("Organizacija").fill("Naršyklės progimnazija")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(case_url)
    for n, stage in enumerate(STAGES, start=1):
        if stage == "pagalbos planas":
            # The needs assessment is done when the family's assessment is completed.
            assess(
                page, case_url, "intake", referred + dt.timedelta(days=3 * n - 1), "\u22121", "6"
            )
            page.goto(case_url)
        page.get_by_role("link", name="Kitas etapas").click()
        assert page.get_by_label("Kitas etapas").locator("option").first.inner_text() == stage
        page.get_by_label("Data").fill((referred + dt.timedelta(days=3 * n)).isoformat())
        page.get_by_role("button", name="Išsaugoti").click()
        page.wait_for_url(case_url)
        assert f"Etapas: {stage}" in page.locator("#h-stage").inner_text()
        if stage == "pagalbos planas":
            page.get_by_role("link", name="Pridėti tikslą").click()
            page.get_by_label("Tikslas").fill("Vaikai lanko mokyklą")
            page.get_by_role("button", name="Išsaugoti").click()
            page.wait_for_url(case_url)
    screenshot(page, "case-page.png")

    # Closing is its own page and asks for the outcome; without it nothing changes.
    page.get_by_role("link", name="Užbaigti atvejį").click()
    page.get_by_role("button", name="Išsaugoti").click()
    error = page.locator("#id_outcome_error")
    error.wait_for()
    assert error.inner_text()
    page.get_by_label(re.compile(r"^Rezultatas")).select_option("stayed")
    page.get_by_role("button", name="Išsaugoti").click()
    # The family was assessed: closing with the children at home asks for the assessment
    # at closure first.
    page.locator("#id_outcome_error").wait_for()
    assess(page, case_url, "closure", clock.today(), "+1", "8")
    page.goto(case_url)
    page.get_by_role("link", name="Užbaigti atvejį").click()
    page.get_by_label(re.compile(r"^Rezultatas")).select_option("stayed")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(case_url)
    stage = page.locator("#h-stage").inner_text()
    assert "atvejo užbaigimas" in stage
    assert "vaikai liko šeimoje" in page.get_by_role("main").inner_text()
    assert page.get_by_role("link", name="Kitas etapas").count() == 0
    assert page.get_by_role("link", name="Užbaigti atvejį").count() == 0
    timeline = page.get_by_role("list", name="Etapai").inner_text()
    for name in ["atvejo inicijavimas", *STAGES, "atvejo užbaigimas"]:
        assert name in timeline


def test_a_case_manager_links_a_child_of_the_registry_by_the_personal_code(page) -> None:  # type: ignore[no-untyped-def]
    from globa.lib import personal_code

    log_in(page, "atvejo.vadybininkas")
    page.goto("/cases/")
    # The demo's Jankauskai: Austėja, back home from an on-call carer, is in the registry.
    page.get_by_role("link", name="Jankauskų šeima").click()
    children = page.locator("section[aria-labelledby=h-children]")
    assert "centro registre" in children.inner_text()
    assert children.get_by_role("link", name=re.compile("Austėja")).count() == 0

    page.goto("/cases/")
    page.get_by_role("link", name="Kairių šeima").click()
    case_url = page.url
    page.locator("section[aria-labelledby=h-children]").get_by_role("link", name="Pridėti").click()
    # A code not in the registry: the error summary takes focus and leads to the field.
    page.get_by_label("Asmens kodas").fill(personal_code.make(dt.date(2016, 5, 4), "F", 986))
    page.get_by_role("button", name="Išsaugoti").click()
    summary = page.locator(".form-errors")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('form-errors')")
    summary.get_by_role("link", name=re.compile("Asmens kodas")).click()
    assert page.evaluate("() => document.activeElement.id") == "id_personal_code"
    # The seeded Austėja Jonaitė-Naršytė is in the centre's registry.
    page.get_by_label("Asmens kodas").fill(personal_code.make(dt.date(2016, 5, 4), "F", 987))
    page.get_by_role("button", name="Išsaugoti").click()
    # (The address keeps the fragment of the summary's link, as browsers do on a redirect.)
    page.wait_for_url(re.compile(re.escape(case_url) + "(#.*)?$"))
    children = page.locator("section[aria-labelledby=h-children]")
    assert "Austėja Jonaitė-Naršytė" in children.inner_text()
    assert children.inner_text().count("centro registre") == 1


def test_a_centre_manager_finds_the_child_in_the_registry_by_a_search(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "vadovas")
    page.goto("/cases/")
    page.get_by_role("link", name="Jonaičių šeima").click()
    case_url = page.url
    page.locator("section[aria-labelledby=h-children]").get_by_role("link", name="Pridėti").click()
    page.get_by_label("Vardas, pavardė arba asmens kodas").fill("jonaite narsyte")
    page.get_by_role("button", name="Ieškoti").click()
    page.get_by_role("status").filter(has_text="pasirinkite toliau").wait_for()
    page.get_by_label(re.compile("Austėja Jonaitė-Naršytė")).check()
    screenshot(page, "case-child-from-registry.png")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(case_url)
    children = page.locator("section[aria-labelledby=h-children]")
    # The centre manager reads the registry: the child's name leads to the record.
    children.get_by_role("link", name="Austėja Jonaitė-Naršytė").click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))

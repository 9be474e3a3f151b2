"""The carer satisfaction survey in a real browser: the centre manager takes a link from the
slips to print; a carer with no login opens it, answers (the page passes the
Content-Security-Policy and the accessibility checks, on a laptop and on a phone) and cannot
answer twice."""

from __future__ import annotations

import re

import pytest

from globa.testing_browser import PHONE, accessibility_problems, log_in

pytestmark = pytest.mark.browser


def test_a_carer_answers_the_survey_from_a_printed_link(page: object) -> None:
    log_in(page, "vadovas")
    page.goto("/monitoring/surveys/")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Globėjų pasitenkinimo apklausos").wait_for()  # type: ignore[attr-defined]
    # This year's survey of the home centre is still open.
    open_row = page.locator("tbody tr").filter(has_not_text="uždaryta").first  # type: ignore[attr-defined]
    open_row.get_by_role("link").click()
    page.get_by_role("link", name="Lapeliai spausdinti").click()  # type: ignore[attr-defined]
    first = page.locator(".survey-slips code").first.inner_text()  # type: ignore[attr-defined]
    assert re.search(r"/survey/[\w-]{32}/$", first)
    assert accessibility_problems(page) == []
    page.get_by_role("button", name="Atsijungti").click()  # type: ignore[attr-defined]

    # The carer: no login.
    page.goto(first)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Kaip jums padeda jūsų centras?").wait_for()  # type: ignore[attr-defined]
    assert accessibility_problems(page) == []
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    assert accessibility_problems(page) == []
    page.get_by_role("button", name="Siųsti atsakymus").click()  # type: ignore[attr-defined]
    # Nothing answered: a clear message, the link not spent.
    assert page.get_by_text(
        "Atsakykite bent į vieną klausimą arba parašykite komentarą."
    ).first.is_visible()  # type: ignore[attr-defined]
    question = page.get_by_role("group", name="Prireikus galiu susisiekti su savo koordinatoriumi.")  # type: ignore[attr-defined]
    question.get_by_label("5: labai gerai").check()
    page.get_by_role("group", name="Centro darbuotojai su manimi elgiasi pagarbiai.").get_by_label(
        "4: gerai"
    ).check()  # type: ignore[attr-defined]
    page.get_by_label("Ką dar norėtumėte pasakyti centrui (neprivaloma)").fill("Ačiū už pagalbą")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Siųsti atsakymus").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Ačiū").wait_for()  # type: ignore[attr-defined]
    assert accessibility_problems(page) == []
    # The same link again: a clear page, not the survey.
    response = page.goto(first)  # type: ignore[attr-defined]
    assert response.status == 410
    assert page.get_by_text("Ši nuoroda jau panaudota").is_visible()  # type: ignore[attr-defined]
    assert page.get_by_role("button", name="Siųsti atsakymus").count() == 0  # type: ignore[attr-defined]
    response = page.goto("/survey/neteisinga-nuoroda/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert page.get_by_text("Tokios apklausos nuorodos nėra.").is_visible()  # type: ignore[attr-defined]

"""End to end in a real headless Chromium: recording a home visit from the start page."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from globa.testing_browser import accessibility_problems, log_in

pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("GLOBA_SCREENSHOTS", tempfile.gettempdir()))
    page.screenshot(path=str(folder / name), full_page=True)


def test_coordinator_records_a_home_visit_from_the_start_page(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    # The demo's Petrauskai have two children placed with them.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Petrauskų šeima"))
    children = row.get_by_role("cell").nth(1).get_by_role("link").all_inner_texts()
    assert len(children) == 2
    screenshot(page, "start-page.png")
    row.get_by_role("link", name="Įrašyti kontaktą").click()

    page.wait_for_url(re.compile(r"/households/[0-9a-f-]+/contact/\?next=/"))
    assert page.get_by_label("Petrauskų šeima").is_checked()
    for child in children:
        assert page.get_by_role("group", name="Kas gavo").get_by_label(child).is_checked()
    assert page.get_by_label("vizitas namuose").is_checked()
    page.get_by_label(re.compile("Trukmė")).fill("90")
    page.get_by_label("Pastabos").fill("Aptarta vasaros stovykla.")
    # The home visit's record: the children seen, one of them alone; no concerns.
    record = page.get_by_role("group", name="Vizito namuose įrašas")
    matyti = record.get_by_role("group", name="Matyti vaikai")
    for child in children:
        matyti.get_by_label(child).check()
    record.get_by_role("group", name=re.compile("Vaikai, su kuriais")).get_by_label(
        children[0]
    ).check()
    record.get_by_label("saugumas nekelia susirūpinimo").check()
    record.get_by_label("Tolesni žingsniai").fill("Kitas vizitas po dviejų savaičių.")
    page.get_by_role("button", name="Įrašyti").click()

    page.wait_for_url(re.compile(r"/$"))
    assert "3 gavėjams" in page.get_by_role("status").inner_text()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Petrauskų šeima"))
    assert re.search(r"\d{4}-\d{2}-\d{2}", row.inner_text())
    page.get_by_role("link", name="Petrauskų šeima").click()
    contacts = page.locator("#contacts")
    assert "Aptarta vasaros stovykla." in contacts.inner_text()
    assert "90 min." in contacts.inner_text()
    assert "saugumas nekelia susirūpinimo" in contacts.inner_text()
    assert f"atskirai: {children[0]}" in contacts.inner_text()


def test_quick_entry_on_the_household_page_keeps_the_page(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.get_by_role("link", name="Petrauskų šeima").click()
    url = page.url
    contacts = page.locator("#contacts")
    contacts.get_by_role("link", name="Įrašyti kontaktą").click()
    contacts.get_by_label(re.compile("Trukmė")).fill("-10")
    contacts.get_by_role("button", name="Įrašyti").click()
    error = contacts.locator("#id_minutes_error")
    error.wait_for()
    assert "Trukmė" in error.inner_text()
    contacts.get_by_label(re.compile("Trukmė")).fill("30")
    contacts.get_by_label("telefonu").check()
    record_confirming(contacts)
    assert page.url == url  # htmx replaced the section, no page load
    assert "telefonu" in contacts.inner_text()
    screenshot(page, "household-contacts.png")


def record_confirming(contacts) -> None:  # type: ignore[no-untyped-def]
    """Send the inline contact form and wait for its "recorded" status. The same service to
    the household on the same day (another test of the session may have recorded one) asks
    for a confirmation first: given, and sent again."""
    contacts.get_by_role("button", name="Įrašyti").click()
    status = contacts.get_by_role("status")
    confirm = contacts.get_by_label(re.compile("tai kitas kontaktas"))
    status.or_(confirm).wait_for()
    if confirm.is_visible():
        confirm.check()
        contacts.get_by_role("button", name="Įrašyti").click()
    status.wait_for()


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    """What has keyboard focus: the element's tag, id and text."""
    return str(
        page.evaluate(
            "() => { const e = document.activeElement;"
            " return `${e.tagName} ${e.id} ${e.textContent.trim().slice(0, 80)}`; }"
        )
    )


def test_the_inline_contact_form_keeps_keyboard_focus_where_the_work_is(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "koordinatorius")
    page.get_by_role("link", name="Petrauskų šeima").click()
    contacts = page.locator("#contacts")
    # Opened from the keyboard: focus moves into the form, on its first field.
    contacts.get_by_role("link", name="Įrašyti kontaktą").press("Enter")
    contacts.locator("form").wait_for()
    page.wait_for_function("() => document.activeElement.closest('#contacts form') !== null")
    assert _focused(page).startswith(("INPUT", "SELECT"))
    assert accessibility_problems(page) == []

    # A failed submit: the summary takes focus and links to the field.
    contacts.get_by_label(re.compile("Trukmė")).fill("-10")
    contacts.get_by_role("button", name="Įrašyti").click()
    summary = contacts.locator(".form-errors")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('form-errors')")
    assert accessibility_problems(page) == []
    link = summary.get_by_role("link", name=re.compile("Trukmė"))
    link.click()
    assert _focused(page).startswith("INPUT id_minutes")

    # Saved: focus on the message that says so, not on the page's body.
    contacts.get_by_label(re.compile("Trukmė")).fill("30")
    contacts.get_by_label("telefonu").check()
    record_confirming(contacts)
    page.wait_for_function("() => document.activeElement.closest('[role=status]') !== null")

    # Closed without saving: focus returns to the button that opens it.
    contacts.get_by_role("link", name="Įrašyti kontaktą").press("Enter")
    contacts.locator("form").wait_for()
    # (Once htmx has settled the new content: focus is in the form.)
    page.wait_for_function("() => document.activeElement.closest('#contacts form') !== null")
    contacts.get_by_role("link", name="Atšaukti").press("Enter")
    contacts.locator("form").wait_for(state="detached")
    page.wait_for_function("() => document.activeElement.textContent.trim() === 'Įrašyti kontaktą'")

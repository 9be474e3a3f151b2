"""Every main page of every role, checked with axe-core at a laptop's and a phone's width: no
accessibility violation, and no page wider than a phone's screen (a wide table scrolls in a
region of its own)."""

from __future__ import annotations

import re

import pytest

from globa.testing_browser import LAPTOP, PHONE, accessibility_problems, log_in

pytestmark = pytest.mark.browser

# Each role's main pages: fixed addresses, and ("list", "link pattern"[, "then"]) for the
# first record a list page links to (a record's own page, or "then" under it).
PAGES: dict[str, list[str | tuple[str, ...]]] = {
    "": [
        "/accounts/login/",
        "/centres/",
        ("/centres/", r"^/centres/[0-9a-f-]+/$"),
        "/become-a-carer/",
        "/figures/",
    ],
    "koordinatorius": [
        "/",
        "/children/",
        ("/children/", r"^/children/[0-9a-f-]+/$"),
        "/children/new/",
        "/households/",
        ("/households/", r"^/households/[0-9a-f-]+/$"),
        ("/", r"^/households/[0-9a-f-]+/contact/"),
        "/groups/",
        ("/groups/", r"^/groups/[0-9a-f-]+/$"),
        "/carers/",
        ("/carers/", r"^/carers/[0-9a-f-]{20,}/$"),
        "/carers/on-call/",
        "/carers/match/night/",
        "/carers/training/",
        "/assessments/",
    ],
    "atvejo.vadybininkas": [
        "/",
        "/cases/",
        ("/cases/", r"^/cases/[0-9a-f-]{20,}/$"),
        ("/cases/", r"^/cases/[0-9a-f-]{20,}/$", "children/new/"),
        "/cases/new/",
        "/assessments/",
        ("/assessments/", r"^/assessments/[0-9a-f-]{20,}/$"),
    ],
    "vadovas": [
        "/",
        "/caseloads/",
        ("/caseloads/", r"^/caseloads/\d+/[^/]+/$"),
        # Adding a case's child, with a search of the registry that found children.
        ("/cases/", r"^/cases/[0-9a-f-]{20,}/$", "children/new/?q=Jonait"),
        "/staff/",
        "/carers/funnel/",
        "/imports/",
        ("/staff/", r"^/staff/memberships/\d+/position/$"),
        "/monitoring/",
        "/monitoring/surveys/",
        ("/monitoring/surveys/", r"^/monitoring/surveys/\d+/$"),
        "/monitoring/reviews/",
        ("/monitoring/reviews/", r"^/monitoring/reviews/\d+/$"),
        ("/monitoring/reviews/", r"^/monitoring/centre/\d+/quality/$"),
        "/monitoring/reviews/overdue/",
    ],
    "specialistas": ["/", "/groups/"],
    "savivaldybe": [
        "/",
        "/monitoring/",
        ("/monitoring/", r"^/monitoring/municipality/\d+/contracts/$"),
        ("/monitoring/", r"^/monitoring/municipality/\d+/contracts/$", "new/"),
        "/monitoring/transformation/",
        ("/monitoring/transformation/", r"^/monitoring/transformation/\d+/$"),
        ("/monitoring/transformation/", r"^/monitoring/transformation/\d+/$", "change/"),
        "/monitoring/transformation/new/",
        "/monitoring/reviews/",
    ],
    "stebesena": [
        "/",
        "/monitoring/country/",
        "/monitoring/transformation/",
        "/monitoring/surveys/",
        "/monitoring/reviews/",
        "/monitoring/reviews/new/",
        "/monitoring/reviews/overdue/",
        ("/monitoring/reviews/", r"^/monitoring/reviews/\d+/$"),
        ("/monitoring/reviews/", r"^/monitoring/reviews/\d+/$", "actions/new/"),
        ("/monitoring/reviews/", r"^/monitoring/centre/\d+/quality/$"),
    ],
    "duomenu.apsauga": ["/", "/data-protection/retention/", "/data-protection/requests/"],
    "administratorius": ["/", "/api-clients/"],
}


def _addresses(page, pages: list[str | tuple[str, ...]]) -> list[str]:  # type: ignore[no-untyped-def]
    addresses = []
    for entry in pages:
        if isinstance(entry, str):
            addresses.append(entry)
            continue
        listing, pattern, *then = entry
        page.goto(listing)
        hrefs = page.locator("main a[href]").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
        found = next((href for href in hrefs if re.search(pattern, href)), None)
        assert found, f"{listing} links to no page like {pattern}"
        addresses.append(found + "".join(then))
    return addresses


@pytest.mark.parametrize("username", list(PAGES))
def test_main_pages_have_no_accessibility_violations(page, username: str) -> None:  # type: ignore[no-untyped-def]
    if username:
        log_in(page, username)
    problems = _check(page, _addresses(page, PAGES[username]), language="lt")
    assert not problems, "\n".join(problems)


def _check(page, addresses: list[str], *, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Each address at a laptop's and a phone's width, in the language it must be in: what
    axe-core finds, one line each."""
    problems: list[str] = []
    for viewport in (LAPTOP, PHONE):
        page.set_viewport_size(viewport)
        for address in addresses:
            response = page.goto(address)
            assert response is not None and response.ok, (
                f"{address}: {response and response.status}"
            )
            assert page.locator("html").get_attribute("lang") == language, address
            problems += accessibility_problems(page)
    return problems


# In English: a page of each kind (a list, a record, a form, figures), as the people who
# chose English see them.
ENGLISH: dict[str, list[str | tuple[str, ...]]] = {
    "": ["/accounts/login/", "/figures/", "/become-a-carer/"],
    "koordinatorius": [
        "/",
        "/children/",
        ("/children/", r"^/children/[0-9a-f-]+/$"),
        ("/households/", r"^/households/[0-9a-f-]+/$"),
        "/carers/on-call/",
    ],
    "atvejo.vadybininkas": [("/cases/", r"^/cases/[0-9a-f-]{20,}/$"), "/cases/new/"],
    "vadovas": ["/staff/", ("/monitoring/reviews/", r"^/monitoring/centre/\d+/quality/$")],
    "stebesena": ["/monitoring/country/", "/monitoring/reviews/new/"],
}


@pytest.mark.parametrize("username", list(ENGLISH))
def test_pages_in_english_have_no_accessibility_violations(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    if username:
        log_in(page, username)
    problems = _check(page, _addresses(page, ENGLISH[username]), language="en")
    assert not problems, "\n".join(problems)

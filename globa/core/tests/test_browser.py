"""In a real headless Chromium: the Content-Security-Policy blocks what it must and nothing a
page needs, the administration included; Back after logging out shows no record (see
globa.testing_browser, whose ``page`` fails a test on any violation of the policy)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from globa.testing_browser import browser_page, log_in

pytestmark = pytest.mark.browser


def test_the_policy_blocks_inline_code_and_the_test_sees_it(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/centres/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<img src="/x.png" onerror="window.ran = 1">');
        const script = document.createElement("script");
        script.textContent = "window.ran = 2";
        document.body.append(script);
        const style = document.createElement("style");
        style.textContent = "body { color: red }";
        document.head.append(style);
    }"""
    )
    directives = ("script-src-elem", "style-src-elem", "script-src-attr")
    for _ in range(100):  # the reports arrive from the browser as they come
        if all(d in " ".join(page.csp_violations) for d in directives):
            break
        page.wait_for_timeout(100)
    assert all(d in " ".join(page.csp_violations) for d in directives), page.csp_violations
    assert page.evaluate("() => window.ran") is None
    page.csp_violations.clear()  # seen: the test itself passes


def test_the_administration_works_under_the_policy(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "administratorius")
    page.goto("/admin/")
    page.locator("a[href='/admin/organisations/organisation/']").first.click()
    # A change list with its filters, search and actions.
    page.locator("#changelist-filter").wait_for()
    page.locator("#searchbar").fill("Vilniaus")
    page.locator("#searchbar").press("Enter")
    page.locator("#result_list tbody tr").first.wait_for()
    # A calendar (the admin's own scripts).
    page.goto("/admin/registry/capacityrule/add/")
    page.locator(".datetimeshortcuts a").nth(1).click()
    page.locator(".calendarbox").first.wait_for()
    # A service of the catalogue, with the organisations providing it inline: an "add
    # another" row (the inline script) and an autocomplete in it (select2).
    page.goto("/admin/support/service/")
    page.locator("#result_list tbody tr th a").first.click()
    add = page.locator(".add-row a").first
    add.wait_for()  # the admin's inline script made the link
    rows = page.locator(".dynamic-provisions")
    before = rows.count()
    add.click()
    assert rows.count() == before + 1
    row = rows.nth(before)
    row.locator(".field-organisation .select2-selection").click()
    page.locator(".select2-search__field").fill("Vilniaus")
    page.locator(".select2-results__option").filter(has_text="Vilniaus").first.click()
    assert "Vilniaus" in row.locator(".field-organisation .select2-selection").inner_text()


@pytest.fixture
def people_page(server: str) -> Iterator[object]:
    with browser_page(server, back_forward_cache=True) as page:
        yield page


def test_back_after_logging_out_shows_no_record(people_page) -> None:  # type: ignore[no-untyped-def]
    """With the back-forward cache a browser shows a page again on Back without asking the
    server, unless the page was sent with no-store."""
    page = people_page
    log_in(page, "koordinatorius")
    page.goto("/children/?q=jonaite-narsyte")
    page.locator("#results").get_by_role("link", name=re.compile("Austėja")).click()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]+/$"))
    page.get_by_role("button", name=re.compile("^(Atsijungti|Log out)$")).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    # A page restored from the back-forward cache fires no "load": wait for any document.
    page.go_back(wait_until="commit")
    page.wait_for_function("document.readyState === 'complete'")
    assert "Jonaitė-Naršytė" not in page.content()
    assert "/accounts/login/" in page.url


def test_the_browser_keeps_no_copy_of_a_search_and_back_still_works(page) -> None:  # type: ignore[no-untyped-def]
    """htmx would keep each page it replaces in the tab's storage, to show it again on Back:
    a list of children that outlives the session. It keeps none; Back loads the page."""
    log_in(page, "koordinatorius")
    page.goto("/children/")
    search = page.locator("#id_q")
    search.fill("jonaite-narsyte")
    page.wait_for_url(re.compile(r"q=jonaite-narsyte"))
    page.locator("#results").get_by_role("link", name=re.compile("Austėja")).wait_for()
    search.fill("kazlausk")
    page.wait_for_url(re.compile(r"q=kazlausk"))
    page.locator("#results").filter(has_not_text="Austėja").wait_for()
    stored = page.evaluate(
        "() => [sessionStorage, localStorage].flatMap((s) => Object.entries(s)).flat().join(' ')"
    )
    # Only the address htmx is at, which the browser's history holds anyway.
    assert "htmx-history-cache" not in stored
    assert "Austėja" not in stored
    page.go_back()
    page.wait_for_url(re.compile(r"q=jonaite-narsyte"))
    page.locator("#results").get_by_role("link", name=re.compile("Austėja")).wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Vaikai"


def test_the_api_documentation_works_under_the_policy(page) -> None:  # type: ignore[no-untyped-def]
    """Swagger UI, served from Globa's own static files, renders the API's description
    without any inline code the policy would block."""
    log_in(page, "administratorius")
    page.goto("/api/v1/docs/")
    page.locator(".swagger-ui .information-container").wait_for()
    page.locator(".opblock-tag").filter(has_text="children").first.wait_for()
    assert page.locator(".opblock").count() > 10

"""Browser tests: a real headless Chromium against a real Globa server with demo data.

The server runs as its own process on a database of its own (demo data loaded with
``globa demo`` and the records of ``SEED``), once per test run, so the browser sees exactly
what a user would. The fixtures are registered in the root ``conftest.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from globa.lib import clock, embedded

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
GLOBA = str(Path(sys.executable).with_name("globa"))
SEED = """
import datetime as dt
from globa.accounts.models import User
from globa.lib.dbscope import system_scope
from globa.lib import clock, personal_code
from globa.registry.models import Child, CarerHousehold, CoordinatorAssignment
coordinator = User.objects.get(username="koordinatorius")
centre = coordinator.memberships.first().organisation
with system_scope():
    household = CarerHousehold.objects.create(
        centre=centre, municipality=centre.municipality, name="Naršyklės bandymų šeima",
        kind="guardian_non_relative", address="Pilies g. 1, Vilnius")
    CoordinatorAssignment.objects.create(household=household, centre=centre, coordinator=coordinator,
        started_on=clock.today() - dt.timedelta(days=300))
    Child.objects.create(centre=centre, municipality=centre.municipality, first_name="Austėja",
        last_name="Jonaitė-Naršytė", sex="F", birth_date=dt.date(2016, 5, 4),
        personal_code=personal_code.make(dt.date(2016, 5, 4), "F", 987), legal_status="temporary_care")
"""


def _require_browser() -> None:
    if CHROMIUM is None:
        if os.environ.get("GLOBA_REQUIRE_BROWSER"):
            pytest.fail("GLOBA_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip(
            "no Chromium found (install Debian's chromium package to run the browser tests)"
        )
    if settings.DATABASES["default"].get("EMBEDDED") is not True:
        pytest.skip("browser tests run against the embedded PostgreSQL only")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    _require_browser()
    server = embedded.ensure_running()
    name = f"globa_browser_{uuid.uuid4().hex[:8]}"
    admin = (
        f"host={server.socket_dir} port={server.port} user={embedded.OWNER_ROLE} dbname=postgres"
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {
        **os.environ,
        "GLOBA_EMBEDDED_DATABASE": name,
        "DJANGO_SETTINGS_MODULE": "globa.settings",
    }
    port = _free_port()
    process = None
    worker = None
    try:
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["createcachetable", "--database", "owner"],
            ["demo"],
            ["reminders"],
            ["shell", "-c", SEED],
        ):
            subprocess.run(  # noqa: S603
                [GLOBA, *command], env=_as_of_now(env), check=True, capture_output=True, timeout=600
            )
        process = subprocess.Popen(  # noqa: S603
            [GLOBA, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=_as_of_now(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The background work (an import's check and saving), as beside a real server.
        worker = subprocess.Popen(  # noqa: S603
            [GLOBA, "procrastinate", "worker", "--queues", "globa"],
            env=_as_of_now(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        for running in (worker, process):
            if running is not None:
                running.terminate()
                running.wait(timeout=20)
        # As the cluster's superuser: a connection of the stopped server's roles may not
        # have ended yet, and only a superuser may end another role's.
        superuser = f"host={server.socket_dir} port={server.port} user=postgres dbname=postgres"
        with psycopg.connect(superuser, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _as_of_now(env: dict[str, str]) -> dict[str, str]:
    """The environment of a process the tests start: its clock starts at this process's
    moment (see conftest.py) and ticks on as this one's does, so the server and the tests
    agree on the date, even when the real day ends during the run."""
    return {**env, "GLOBA_AS_OF": clock.now().isoformat(timespec="seconds")}


@pytest.fixture
def page(server: str) -> Iterator[object]:
    with browser_page(server) as page:
        yield page


@contextmanager
def browser_page(server: str, *, back_forward_cache: bool = False) -> Iterator[object]:
    """A page of a fresh headless Chromium on the server; the test fails at its end on any
    violation of the Content-Security-Policy. ``back_forward_cache``: keep whole pages in
    memory for Back, as browsers do for people (Playwright turns it off by default)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            ignore_default_args=["--disable-back-forward-cache"] if back_forward_cache else [],
        )
        context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
        violations = watch_content_security_policy(context)
        page = context.new_page()
        page.on("console", lambda message: _console_violation(message, violations))
        page.set_default_timeout(15000)
        page.csp_violations = violations  # type: ignore[attr-defined]
        yield page
        browser.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


# Every page reports what the policy blocked; the browser also logs it to the console.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.globaPolicyViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
    ` on ${document.location.pathname} (${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""


def watch_content_security_policy(context: object) -> list[str]:
    """The violations of the Content-Security-Policy on the context's pages, as they happen:
    a browser test fails at its end if there is any."""
    violations: list[str] = []
    context.expose_binding(  # type: ignore[attr-defined]
        "globaPolicyViolation", lambda _source, text: violations.append(text)
    )
    context.add_init_script(_REPORT_VIOLATIONS)  # type: ignore[attr-defined]
    return violations


def _console_violation(message: object, violations: list[str]) -> None:
    text = message.text  # type: ignore[attr-defined]
    if message.type == "error" and "Content Security Policy" in text:  # type: ignore[attr-defined]
        violations.append(f"console: {text}")


def log_in(page: object, username: str) -> None:
    page.goto("/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label(re.compile("Naudotojo vardas|Username", re.I)).fill(username)  # type: ignore[attr-defined]
    page.get_by_label(re.compile("Slaptažodis|Password", re.I)).fill("globa-demo-2026")  # type: ignore[attr-defined]
    page.get_by_role("button", name=re.compile("Prisijungti|Log in", re.I)).click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/$"))  # type: ignore[attr-defined]


# Widths the pages are checked at: a laptop and a phone (an iPhone 12 to 15 is 390 px wide).
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def accessibility_problems(page: object) -> list[str]:
    """What axe-core finds on the page as it is now (every rule of WCAG 2.1 A and AA and
    best practice), and whether the page is wider than the browser's window, one line each.
    axe-core is a test asset pinned in package-lock.json (see globa/testing_assets.py)."""
    from globa.testing_assets import axe_script

    # Evaluated through the browser's debugging protocol: the page's policy, which allows no
    # script of the test's, is not loosened for it.
    if not page.evaluate("() => typeof window.axe === 'object'"):  # type: ignore[attr-defined]
        page.evaluate(axe_script().read_text() + "\n;0")  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        """async () => {
          const result = await window.axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
          });
          const wide = document.documentElement.scrollWidth;
          return {
            violations: result.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            })),
            wide: wide > window.innerWidth ? wide : 0,
            width: window.innerWidth,
          };
        }"""
    )
    where = page.url.split("//", 1)[-1].split("/", 1)[-1]  # type: ignore[attr-defined]
    problems = [
        f"/{where} at {found['width']} px: {v['id']} ({v['impact']}): {v['help']}: "
        + ", ".join(v["nodes"])
        for v in found["violations"]
    ]
    if found["wide"]:
        problems.append(
            f"/{where} at {found['width']} px: the page is {found['wide']} px wide, wider than the window"
        )
    return problems

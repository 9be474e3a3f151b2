"""Every response carries the strict Content-Security-Policy, whatever kind of page it is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse

from globa.accounts.models import User
from globa.testing import World, as_system

WANTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails")


urlpatterns = [path("fails/", _fails), path("", include("globa.urls"))]
handler404 = "globa.home.views.not_found"
handler403 = "globa.home.views.forbidden"
handler500 = "globa.home.views.server_error"


@pytest.fixture
def admin_client(world: World) -> Client:
    with as_system():
        admin = User.objects.create_superuser("hallo.admin", password="Admin-slaptazodis-2026")
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path", ["/centres/", "/figures/", "/become-a-carer/", "/accounts/login/", "/no-such-page/"]
)
def test_public_pages_and_login(db: None, path: str) -> None:
    assert policy(Client().get(path)) == WANTED


@pytest.mark.parametrize("path", ["/", "/children/", "/households/", "/carers/", "/groups/"])
def test_staff_pages(world: World, path: str) -> None:
    assert policy(world.client_for(world.bob).get(path)) == WANTED


def test_a_record_a_fragment_a_refusal_and_an_outsider(world: World) -> None:
    child = reverse("registry:child", kwargs={"child_id": world.child.pk})
    client = world.client_for(world.bob)
    assert policy(client.get(child)) == WANTED
    assert policy(client.get("/children/", HTTP_HX_REQUEST="true")) == WANTED
    assert policy(client.delete(child)) == WANTED
    outsider = world.client_for(world.charlie).get(child)
    assert (outsider.status_code, policy(outsider)) == (404, WANTED)
    forbidden = world.client_for(world.nora).get("/children/")
    assert (forbidden.status_code, policy(forbidden)) == (403, WANTED)


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/support/service/", "/admin/accounts/user/add/"]
)
def test_administration(admin_client: Client, path: str) -> None:
    response = admin_client.get(path)
    assert (response.status_code, policy(response)) == (200, WANTED)


@override_settings(ROOT_URLCONF=__name__)
def test_the_server_error_page(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    assert (response.status_code, policy(response)) == (500, WANTED)


def test_static_files(db: None) -> None:
    assert policy(Client().get("/static/globa/globa.css")) == WANTED


INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:|hx-on", re.IGNORECASE
)


def test_no_template_has_inline_script_or_style() -> None:
    """The policy would block them; the browser tests would only find those on pages they open."""
    package = Path(__file__).resolve().parents[2]
    offenders = [
        f"{template.relative_to(package)}:{number}: {line.strip()[:80]}"
        for template in package.rglob("templates/**/*.html")
        for number, line in enumerate(template.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert offenders == []


def test_the_rule_finds_inline_code() -> None:
    for line in ("<script>x()</script>", '<b style="x">', '<a onclick="x()">', "<style>"):
        assert INLINE.search(line), line
    assert not INLINE.search('<script src="/static/x.js" defer></script>')

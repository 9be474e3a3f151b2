"""Pages that belong to one person are stored by no cache; public pages and static files are
cached as before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from globa.testing import World

NO_STORE = "private, no-store"


def cache_control(response: object) -> str:
    return str(response.headers.get("Cache-Control", ""))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    ["/", "/children/", "/households/", "/carers/", "/centres/", "/figures/", "/no-such-page/"],
)
def test_every_page_to_a_logged_in_user_is_stored_nowhere(world: World, path: str) -> None:
    response = world.client_for(world.bob).get(path)
    assert cache_control(response) == NO_STORE, path


def test_a_record_its_fragment_and_a_refusal_are_stored_nowhere(world: World) -> None:
    client = world.client_for(world.bob)
    child = reverse("registry:child", kwargs={"child_id": world.child.pk})
    assert cache_control(client.get(child)) == NO_STORE
    assert cache_control(client.get("/children/", HTTP_HX_REQUEST="true")) == NO_STORE
    assert cache_control(client.put(child)) == NO_STORE
    outsider = world.client_for(world.charlie).get(child)
    assert (outsider.status_code, cache_control(outsider)) == (404, NO_STORE)


def test_logging_in_and_out_is_stored_nowhere(world: World) -> None:
    world.bob.set_password("Bandymu-slaptazodis-2026")
    world.bob.save()
    client = Client()
    assert cache_control(client.get(reverse("account_login"))) != NO_STORE
    logged_in = client.post(
        reverse("account_login"),
        {"login": world.bob.username, "password": "Bandymu-slaptazodis-2026"},
    )
    assert (logged_in.status_code, cache_control(logged_in)) == (302, NO_STORE)
    logged_out = client.post(reverse("account_logout"))
    assert (logged_out.status_code, cache_control(logged_out)) == (302, NO_STORE)


@pytest.mark.parametrize("path", ["/centres/", "/figures/", "/become-a-carer/"])
def test_public_pages_for_visitors_keep_their_caching(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_a_visitors_session_is_stored_nowhere(db: None) -> None:
    client = Client()
    client.cookies["sessionid"] = "a-session-of-before"
    assert cache_control(client.get("/centres/")) == NO_STORE


def test_static_files_keep_their_caching(world: World) -> None:
    response = world.client_for(world.bob).get("/static/globa/globa.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)

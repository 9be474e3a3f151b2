"""Every route answers only the methods it declares: PUT, DELETE, PATCH and TRACE get 405.

The routes are read from the URL configuration itself, so a route added later is checked
without anyone remembering to list it here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from globa.core.middleware import API_PATH
from globa.testing import World

REFUSED = ("PUT", "DELETE", "PATCH", "TRACE")
SAMPLE = {
    "int": "1",
    "uuid": str(uuid.UUID(int=1)),
    "path": "1",
    "str": "1",
    "slug": "x",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def _sample_route(route: str) -> str:
    return ROUTE_PARAMETER.sub(lambda m: SAMPLE[m["converter"] or "str"], route)


def _sample_regex(regex: str) -> str:
    def group(match: re.Match[str]) -> str:
        choices = match["body"].split("|")
        # A group of listed words (the administration's app labels) takes the first of them.
        return choices[0] if all(c.isidentifier() for c in choices) else "1"

    return REGEX_GROUP.sub(group, regex.removeprefix("^").removesuffix("$").replace("\\Z", ""))


def routes(
    patterns: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every pattern of the URL configuration, as a path that resolves to it, and its view."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        raw = pattern.pattern
        part = (
            _sample_regex(raw._regex)
            if isinstance(raw, RegexPattern)
            else _sample_route(raw._route)
        )
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + part)
        else:
            assert isinstance(pattern, URLPattern)
            yield "/" + prefix + part, pattern.callback


def _refused_at(path: str) -> tuple[str, ...]:
    """The JSON API changes with PUT, PATCH and DELETE (each of its views takes what it
    declares); TRACE is refused everywhere."""
    return ("TRACE",) if path.startswith(API_PATH) else REFUSED


def _refusals(world: World, paths: list[str]) -> list[str]:
    client = world.client_for(world.bob)
    return [
        f"{method} {path}: {status}"
        for path in paths
        for method in _refused_at(path)
        if (status := client.generic(method, path).status_code) != 405
    ]


def test_the_walk_finds_every_route() -> None:
    found = list(routes())
    for path, view in found:
        assert resolve(path).func == view, path
    paths = {path for path, _view in found}
    assert {"/", "/children/", "/children/1/", "/centres/", "/figures/", "/ping/"} <= paths
    assert {"/accounts/login/", "/i18n/setlang/", "/admin/"} <= paths


def test_every_route_refuses_the_methods_the_site_does_not_use(world: World) -> None:
    assert _refusals(world, [path for path, _view in routes()]) == []


@override_settings(
    MIDDLEWARE=[m for m in settings.MIDDLEWARE if not m.endswith(".SiteMethodsMiddleware")]
)
def test_every_view_of_globa_declares_its_methods(world: World) -> None:
    """Without the site-wide rule, each of Globa's own views still refuses on its own."""
    own = [path for path, view in routes() if view.__module__.startswith("globa.")]
    assert len(own) > 50
    assert _refusals(world, own) == []


def test_the_api_takes_its_methods_and_refuses_the_others(world: World) -> None:
    client = world.client_for(world.bob)
    # A list of the API answers OPTIONS and refuses DELETE itself (its view's declaration),
    # not by the site's rule for pages.
    assert client.options(f"{API_PATH}children/").status_code == 200
    refused = client.delete(f"{API_PATH}children/")
    assert refused.status_code == 405 and refused["Content-Type"].startswith("application/json")
    assert client.generic("TRACE", f"{API_PATH}children/").status_code == 405
    assert client.generic("PUT", "/children/").status_code == 405


@pytest.mark.parametrize("path", ["/children/", "/centres/", "/figures/", "/ping/"])
def test_a_page_that_only_shows_refuses_a_post(world: World, path: str) -> None:
    assert world.client_for(world.bob).post(path).status_code == 405

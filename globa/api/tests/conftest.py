"""API clients for the tests: a system of centre A that may read and change everything, a
read-only one of centre A, and centre B's, each with an approved role and a token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from django.test import Client

from globa.accounts.models import Membership, Role
from globa.api import routes
from globa.api.models import ApiClient, ApiToken
from globa.api.selectors import TOKEN_START, key_hash
from globa.cases.tests.conftest import cases_world
from globa.lib import clock
from globa.organisations.models import Organisation
from globa.registry.tests.conftest import english, world
from globa.testing import UserFactory, World, as_system

__all__ = ["cases_world", "english", "world"]

EVERYTHING = routes.scopes()
READ_ONLY = [scope for scope in EVERYTHING if scope.endswith(":read")]


def api_client(
    organisation: Organisation,
    role: str,
    scopes: Iterable[str] = EVERYTHING,
    *,
    name: str = "",
    expires_in: dt.timedelta = dt.timedelta(days=30),
    approved: bool = True,
) -> tuple[ApiClient, str]:
    """A registered client with an approved role (unless told otherwise) and its token."""
    user = UserFactory(first_name="API", last_name=name or f"{organisation.pk} {role}")
    key = f"{TOKEN_START}test-{user.pk}-{role}"
    now = clock.now()
    with as_system():
        client = ApiClient.objects.create(
            organisation=organisation,
            name=name or f"Registras {user.pk}",
            user=user,
            role=role,
            scopes=list(scopes),
            created_by=user,
            created_at=now,
        )
        ApiToken.objects.create(
            client=client,
            prefix=key[:12],
            key_hash=key_hash(key),
            created_by=user,
            created_at=now - dt.timedelta(days=1),
            expires_at=now + expires_in,
        )
        if approved:
            Membership.objects.create(user=user, organisation=organisation, role=role)
    return client, key


def caller(key: str, language: str = "en") -> Client:
    """A test client that sends the token (and a language) with every request."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language)


class Systems:
    def __init__(self, world: World) -> None:
        self.world = world
        self.a, self.a_key = api_client(world.centre_a, Role.CENTRE_MANAGER, name="A registras")
        self.a_reader, self.a_reader_key = api_client(
            world.centre_a, Role.SPECIALIST, READ_ONLY, name="A skaitytojas"
        )
        self.b, self.b_key = api_client(world.centre_b, Role.CENTRE_MANAGER, name="B registras")

    def for_a(self, language: str = "en") -> Client:
        return caller(self.a_key, language)

    def for_a_reader(self) -> Client:
        return caller(self.a_reader_key)

    def for_b(self) -> Client:
        return caller(self.b_key)


@pytest.fixture
def systems(world: World) -> Systems:
    return Systems(world)


def json_of(response: Any) -> Any:
    return response.json()

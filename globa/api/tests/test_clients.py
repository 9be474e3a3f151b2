"""API clients: registered by an administrator, approved by a second person, tokens shown
once and kept hashed, expiring, revocable, scoped and rate limited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from globa.accounts.models import Membership, Role, RoleGrant
from globa.api.models import ApiClient, ApiToken, RateWindow
from globa.api.selectors import key_hash
from globa.api.tests.conftest import READ_ONLY, Systems, api_client, caller
from globa.audit.models import AuditChange
from globa.testing import World, as_system, member


@pytest.fixture
def admins(world: World) -> tuple[object, object]:
    national = world.nora.memberships.get().organisation
    return (
        member(Role.ADMINISTRATOR, national, first_name="Ada", last_name="Admin"),
        member(Role.ADMINISTRATOR, national, first_name="Edvinas", last_name="Antras"),
    )


def register(world: World, admin: object, **changes: object) -> object:
    data = {
        "name": "Savivaldybės registras",
        "organisation": world.centre_a.pk,
        "role": Role.CENTRE_MANAGER,
        "rate_per_minute": 60,
        "expires_in_days": 30,
        "scope_children": "write",
        "scope_placements": "read",
    }
    data.update(changes)
    return world.client_for(admin).post(reverse("api:client_new"), data)  # type: ignore[arg-type]


def test_an_administrator_registers_a_client_whose_role_a_second_person_approves(
    world: World, admins: tuple[object, object]
) -> None:
    ada, edvinas = admins
    response = register(world, ada)
    assert response.status_code == 200
    key = response.context["key"]
    with as_system():
        client = ApiClient.objects.get()
        token = ApiToken.objects.get()
        grant = RoleGrant.objects.get(user=client.user)
    assert client.scopes == ["children:read", "children:write", "placements:read"]
    assert token.key_hash == key_hash(key) and key not in token.prefix + token.key_hash
    assert grant.status == RoleGrant.Status.PENDING
    # Until approved the client sees nothing of the centre.
    assert caller(key).get("/api/v1/children/").status_code == 403
    decided = world.client_for(edvinas).post(
        reverse("accounts:role_decide", kwargs={"grant_id": grant.pk}), {"approve": "1"}
    )
    assert decided.status_code == 302
    assert caller(key).get("/api/v1/children/").json()["count"] == 1
    # The token is never shown again.
    page = world.client_for(ada).get(reverse("api:client", kwargs={"client_id": client.pk}))
    assert key not in page.content.decode()


def test_bad_registrations_are_refused(world: World, admins: tuple[object, object]) -> None:
    ada, _edvinas = admins
    response = register(world, ada, name="", scope_children="", scope_placements="")
    assert response.status_code == 200
    assert response.context["form"].errors
    wrong_kind = register(world, ada, organisation=world.nora.memberships.get().organisation_id)
    assert "role" in wrong_kind.context["form"].errors
    with as_system():
        assert not ApiClient.objects.exists()


def test_only_administrators_see_the_clients_pages(world: World) -> None:
    assert world.client_for(world.bob).get(reverse("api:clients")).status_code == 403
    assert world.client_for(world.alice).get(reverse("api:client_new")).status_code == 403


def test_an_unknown_client_is_404(world: World, admins: tuple[object, object]) -> None:
    ada, _ = admins
    url = reverse("api:client", kwargs={"client_id": "00000000-0000-0000-0000-000000000000"})
    assert world.client_for(ada).get(url).status_code == 404


def test_tokens_expire_and_are_revoked(world: World, admins: tuple[object, object]) -> None:
    ada, _ = admins
    client, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    assert caller(key).get("/api/v1/children/").status_code == 200
    _expired_client, expired = api_client(
        world.centre_a, Role.SPECIALIST, expires_in=dt.timedelta(seconds=-1)
    )
    refused = caller(expired).get("/api/v1/children/")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert caller("globa_made-up").get("/api/v1/children/").status_code == 401
    with as_system():
        token = client.tokens.get()
    url = reverse("api:token_revoke", kwargs={"client_id": client.pk, "token_id": token.pk})
    assert world.client_for(ada).post(url).status_code == 302
    assert caller(key).get("/api/v1/children/").status_code == 401


def test_a_new_token_is_shown_once_and_the_client_can_be_revoked(
    world: World, admins: tuple[object, object]
) -> None:
    ada, _ = admins
    client, old = api_client(world.centre_a, Role.CENTRE_MANAGER)
    issued = world.client_for(ada).post(
        reverse("api:token_new", kwargs={"client_id": client.pk}), {"expires_in_days": 10}
    )
    new = issued.context["key"]
    assert caller(new).get("/api/v1/children/").status_code == 200
    assert caller(old).get("/api/v1/children/").status_code == 200
    world.client_for(ada).post(reverse("api:client_revoke", kwargs={"client_id": client.pk}))
    assert caller(new).get("/api/v1/children/").status_code == 401
    with as_system():
        assert not Membership.objects.filter(user=client.user, is_active=True).exists()
        audited = AuditChange.objects.filter(table_name="api_apitoken").values_list(
            "after", flat=True
        )
    assert all(row["key_hash"] == "(not recorded)" for row in audited if row)


def test_scopes_limit_what_a_client_reads_and_changes(systems: Systems) -> None:
    world = systems.world
    _client, key = api_client(world.centre_a, Role.CENTRE_MANAGER, ["children:read"])
    assert caller(key).get("/api/v1/children/").status_code == 200
    refused = caller(key).get("/api/v1/households/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This API client may not read carer households."
    assert caller(systems.a_reader_key).post("/api/v1/children/", {}).status_code == 403
    assert set(READ_ONLY) <= set(systems.a.scopes)


def test_each_client_has_its_rate_limit(systems: Systems) -> None:
    world = systems.world
    client, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    with as_system():
        ApiClient.objects.filter(pk=client.pk).update(rate_per_minute=2)
    RateWindow.objects.all().delete()
    assert caller(key).get("/api/v1/children/").status_code == 200
    assert caller(key).get("/api/v1/children/").status_code == 200
    limited = caller(key).get("/api/v1/children/")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    # Another client is not slowed down.
    assert systems.for_a().get("/api/v1/children/").status_code == 200


def test_a_changed_record_is_audited_as_the_client(systems: Systems) -> None:
    world = systems.world
    response = systems.for_a().patch(
        f"/api/v1/children/{world.child.pk}/",
        '{"special_needs": "Dieta", "version": 1}',
        content_type="application/json",
    )
    assert response.status_code == 200
    with as_system():
        change = AuditChange.objects.filter(table_name="registry_child", operation="U").get()
    assert change.user_id == systems.a.user_id

"""Roles are given in Globa's own pages, by one person and approved by another; an
administrator never gives themselves access to children's records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.accounts import services
from globa.accounts.models import Membership, Position, Role, RoleGrant, User
from globa.lib import clock
from globa.organisations.models import Organisation
from globa.registry.tests.conftest import english, world
from globa.testing import World, as_system, member

__all__ = ["english", "world"]


@pytest.fixture
def admins(world: World) -> World:
    national = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_AUTHORITY)
    world.ada = member(Role.ADMINISTRATOR, national, first_name="Ada", last_name="Admin")  # type: ignore[attr-defined]
    world.adas = member(Role.ADMINISTRATOR, national, first_name="Adas", last_name="Antras")  # type: ignore[attr-defined]
    world.newbie = member(
        Role.SPECIALIST, world.centre_b, first_name="Nauja", last_name="Darbuotoja"
    )  # type: ignore[attr-defined]
    for user in (world.ada, world.adas):  # type: ignore[attr-defined]
        user.is_staff = True
        user.save()
        user.groups.add(services.administration_group())
    return world


def client(world: World, user: User) -> Any:
    c = world.client_for(user)
    c.cookies["django_language"] = "en"
    return c


def propose(world: World, by: User, user: User, organisation: Organisation, role: str) -> Any:
    return client(world, by).post(
        reverse("accounts:role_propose"),
        {"user": user.pk, "organisation": organisation.pk, "role": role, "reason": "Įsakymas"},
    )


def test_a_role_that_opens_records_waits_for_a_second_administrator(admins: World) -> None:
    w: Any = admins
    response = propose(w, w.ada, w.newbie, w.centre_a, Role.COORDINATOR)
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=w.newbie)
    assert grant.status == RoleGrant.Status.PENDING
    assert not Membership.objects.filter(user=w.newbie, organisation=w.centre_a).exists()
    # The proposer cannot approve it: 403, still pending.
    url = reverse("accounts:role_decide", kwargs={"grant_id": grant.pk})
    assert client(w, w.ada).post(url, {"approve": "1"}).status_code == 403
    # Nor can the person who would receive it.
    assert client(w, w.newbie).post(url, {"approve": "1"}).status_code == 403
    assert client(w, w.adas).post(url, {"approve": "1", "note": "Gerai"}).status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (RoleGrant.Status.APPROVED, w.adas)
    assert Membership.objects.filter(
        user=w.newbie, organisation=w.centre_a, role=Role.COORDINATOR, is_active=True
    ).exists()
    assert client(w, w.newbie).get(reverse("registry:children")).status_code == 200


def test_the_centres_manager_approves_roles_of_their_centre(admins: World) -> None:
    w: Any = admins
    propose(w, w.ada, w.newbie, w.centre_a, Role.SPECIALIST)
    grant = RoleGrant.objects.get(user=w.newbie)
    # The manager of another centre does not see it at all.
    other_manager = member(Role.CENTRE_MANAGER, w.centre_b, first_name="Kitas", last_name="Vadovas")
    url = reverse("accounts:role_decide", kwargs={"grant_id": grant.pk})
    assert client(w, other_manager).post(url, {"approve": "1"}).status_code == 404
    assert client(w, w.bob).post(url, {"approve": "1"}).status_code == 302
    assert Membership.objects.filter(user=w.newbie, organisation=w.centre_a).exists()


def test_nobody_gives_a_role_to_themselves(admins: World) -> None:
    w: Any = admins
    national = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_AUTHORITY)
    response = propose(w, w.ada, w.ada, w.centre_a, Role.CENTRE_MANAGER)
    assert response.status_code == 200  # the form shows why
    assert RoleGrant.objects.count() == 0
    with pytest.raises(Exception, match="themselves"):
        services.role_propose(
            by=w.ada, user=w.ada, organisation=national, role=Role.NATIONAL_MONITOR
        )
    # A declined proposal changes nothing.
    propose(w, w.ada, w.newbie, w.centre_a, Role.CENTRE_MANAGER)
    grant = RoleGrant.objects.get(user=w.newbie)
    client(w, w.adas).post(
        reverse("accounts:role_decide", kwargs={"grant_id": grant.pk}), {"decline": "1"}
    )
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.DECLINED
    assert not Membership.objects.filter(user=w.newbie, organisation=w.centre_a).exists()


def test_an_aggregate_role_is_given_at_once(admins: World) -> None:
    w: Any = admins
    vilnius = Organisation.objects.get(
        kind=Organisation.Kind.MUNICIPALITY, name="Vilniaus miesto savivaldybė"
    )
    assert propose(w, w.ada, w.newbie, vilnius, Role.MUNICIPALITY_OFFICER).status_code == 302
    assert Membership.objects.filter(
        user=w.newbie, organisation=vilnius, role=Role.MUNICIPALITY_OFFICER, is_active=True
    ).exists()
    # A role that does not exist in that kind of organisation is refused with a message.
    response = propose(w, w.ada, w.newbie, vilnius, Role.COORDINATOR)
    assert "does not exist in this kind of organisation" in response.content.decode()


def test_the_administration_no_longer_gives_roles(admins: World) -> None:
    w: Any = admins
    c = client(w, w.ada)
    response = c.post(
        reverse("admin:accounts_membership_add"),
        {"user": w.ada.pk, "organisation": w.centre_a.pk, "role": Role.CENTRE_MANAGER},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=w.ada, organisation=w.centre_a).exists()
    change = reverse("admin:accounts_user_change", args=[w.ada.pk])
    form = c.get(change).content.decode()
    assert 'name="is_superuser"' not in form and 'name="groups"' not in form
    assert 'name="first_name"' in form
    c.post(
        change,
        {
            "username": w.ada.username,
            "first_name": "Ada",
            "last_name": "Admin",
            "email": "",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    w.ada.refresh_from_db()
    assert not w.ada.is_superuser
    # And the administrator still cannot open a child.
    child = reverse("registry:child", kwargs={"child_id": w.child.pk})
    assert c.get(child).status_code == 404


def test_ending_a_role_closes_the_records_at_once(admins: World) -> None:
    w: Any = admins
    membership = Membership.objects.get(user=w.alice, organisation=w.centre_a)
    assert client(w, w.alice).get(reverse("registry:children")).status_code == 200
    url = reverse("accounts:role_end", kwargs={"membership_id": membership.pk})
    assert client(w, w.carol).post(url).status_code == 403
    assert client(w, w.bob).post(url).status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_on == clock.today()
    assert client(w, w.alice).get(reverse("registry:children")).status_code == 403


def test_a_role_given_again_after_it_ended_is_a_new_span(admins: World, move_clock: Any) -> None:
    w: Any = admins
    first = Membership.objects.get(user=w.alice, organisation=w.centre_a)
    first.position, first.fte = Position.PSYCHOLOGIST, Decimal("0.5")
    first.save()
    ended_on = clock.today()
    services.role_end(by=w.bob, membership=first)
    page = client(w, w.bob).get(reverse("accounts:staff")).content.decode()
    ended = page.split('id="h-ended"')[1]
    assert w.alice.last_name in ended and ended_on.isoformat() in ended
    with pytest.raises(ValidationError, match="already ended"):
        services.role_end(by=w.bob, membership=first)
    # Given again a month later: a second span from that day, with the same position and FTE;
    # the first keeps its days.
    move_clock(ended_on + dt.timedelta(days=30))
    propose(w, w.bob, w.alice, w.centre_a, Role.COORDINATOR)
    client(w, w.ada).post(
        reverse(
            "accounts:role_decide",
            kwargs={"grant_id": RoleGrant.objects.get(user=w.alice, status="pending").pk},
        ),
        {"approve": "1"},
    )
    spans = list(
        Membership.objects.filter(user=w.alice, organisation=w.centre_a).order_by("started_on")
    )
    assert [(m.is_active, m.started_on, m.ended_on) for m in spans] == [
        (False, first.started_on, ended_on),
        (True, ended_on + dt.timedelta(days=30), None),
    ]
    assert (spans[1].position, spans[1].fte) == (Position.PSYCHOLOGIST, Decimal("0.50"))
    assert client(w, w.alice).get(reverse("registry:children")).status_code == 200
    # An ended role's first day is corrected on its own page; not after the day it ended.
    url = reverse("accounts:membership_position", kwargs={"membership_id": first.pk})
    late = (ended_on + dt.timedelta(days=1)).isoformat()
    refused = client(w, w.bob).post(
        url, {"position": "psychologist", "fte": "0.5", "started_on": late}
    )
    assert "cannot be after the day it ended" in refused.content.decode()


def test_the_staff_page_is_for_administrators_and_managers(admins: World) -> None:
    w: Any = admins
    assert client(w, w.alice).get(reverse("accounts:staff")).status_code == 403
    assert client(w, w.nora).get(reverse("accounts:staff")).status_code == 403
    page = client(w, w.bob).get(reverse("accounts:staff")).content.decode()
    assert w.alice.last_name in page and w.charlie.last_name not in page
    page = client(w, w.ada).get(reverse("accounts:staff")).content.decode()
    assert w.alice.last_name in page and w.charlie.last_name in page


def test_an_administrator_becomes_staff_of_the_administration_when_approved(
    admins: World,
) -> None:
    w: Any = admins
    national = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_AUTHORITY)
    propose(w, w.ada, w.newbie, national, Role.ADMINISTRATOR)
    w.newbie.refresh_from_db()
    assert not w.newbie.is_staff
    grant = RoleGrant.objects.get(user=w.newbie)
    client(w, w.adas).post(
        reverse("accounts:role_decide", kwargs={"grant_id": grant.pk}), {"approve": "1"}
    )
    w.newbie.refresh_from_db()
    assert w.newbie.is_staff and not w.newbie.is_superuser
    assert w.newbie.groups.filter(name=services.ADMINISTRATION_GROUP).exists()
    with as_system():
        assert RoleGrant.objects.filter(user=w.newbie, status="approved").count() == 1


def test_the_administration_speaks_lithuanian_and_shows_the_reference_data(
    admins: World,
) -> None:
    w: Any = admins
    client = w.client_for(w.ada)
    page = client.get(reverse("admin:index")).content.decode()
    for heading in ("Globos administravimas", "Registras", "Paslaugos", "Atvejo vadyba"):
        assert heading in page
    for words in ("Django administration", "Accounts and roles", "Registry", "authenticators"):
        assert words not in page
    # The catalogue, the contact rules and the case stage deadlines are there to keep.
    for name in (
        "support_service",
        "support_contactrule",
        "cases_stagedeadline",
        "registry_legalrule",
    ):
        assert f"/admin/{name.replace('_', '/', 1)}/" in page


def test_the_manager_records_a_staff_members_position_and_fte(admins: World) -> None:
    w: Any = admins
    carol = Membership.objects.get(user=w.carol, organisation=w.centre_a)
    alice = Membership.objects.get(user=w.alice, organisation=w.centre_a)
    # The position follows the role where it is plain; a specialist says which.
    assert (alice.position, carol.position) == (Position.COORDINATOR, "")
    url = reverse("accounts:membership_position", kwargs={"membership_id": carol.pk})
    assert client(w, w.carol).get(url).status_code == 403
    assert client(w, w.nora).get(url).status_code == 403
    other = Membership.objects.get(user=w.charlie)
    outside = reverse("accounts:membership_position", kwargs={"membership_id": other.pk})
    assert client(w, w.bob).get(outside).status_code == 404
    since = carol.started_on.isoformat()
    refused = client(w, w.bob).post(
        url, {"position": "psychologist", "fte": "2", "started_on": since}
    )
    assert refused.status_code == 200 and "1.5" in refused.content.decode()
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    refused = client(w, w.bob).post(
        url, {"position": "psychologist", "fte": "0.75", "started_on": tomorrow}
    )
    assert "The day the role began cannot be in the future." in refused.content.decode()
    years_ago = clock.today().replace(year=clock.today().year - 3, day=1)
    saved = client(w, w.bob).post(
        url, {"position": "psychologist", "fte": "0.75", "started_on": years_ago.isoformat()}
    )
    assert saved.status_code == 302
    carol.refresh_from_db()
    assert carol.position == Position.PSYCHOLOGIST and str(carol.fte) == "0.75"
    assert carol.started_on == years_ago
    page = client(w, w.bob).get(reverse("accounts:staff")).content.decode()
    assert "psychologist" in page

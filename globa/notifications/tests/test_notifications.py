"""Notifications: made with the act they report (nothing for an act undone), e-mailed after
commit without names, listed to their recipient alone."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.carers.tests.test_public import inquiry
from globa.cases import services as case_services
from globa.cases.tests.test_cases import open_case
from globa.lib import clock
from globa.notifications import services
from globa.notifications.models import Kind, Notification
from globa.registry import services as registry_services
from globa.registry.models import Placement
from globa.testing import ChildFactory, World, as_system, as_user, member

Capture = Callable[..., Any]


def notes(**filters: Any) -> list[tuple[str, str, str]]:
    with as_system():
        return sorted(
            (n.recipient.username, n.kind, n.label)
            for n in Notification.objects.filter(**filters).select_related("recipient")
        )


def with_addresses(world: World) -> None:
    with as_system():
        for user in (world.alice, world.bob, world.carol, world.charlie):
            user.email = f"{user.username}@centras.lt"
            user.save(update_fields=["email"])


def test_a_public_inquiry_tells_the_centre_and_confirms_to_the_person(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with_addresses(world)
    client = Client()
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("carers:inquiry"), inquiry()).status_code == 302
    # The centre's manager and coordinator hear of it; its specialist and other centres do not.
    assert notes() == sorted(
        [
            (world.alice.username, Kind.INQUIRY, "Rūta Būsimoji"),
            (world.bob.username, Kind.INQUIRY, "Rūta Būsimoji"),
        ]
    )
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted(["ruta@example.lt", world.alice.email, world.bob.email])
    confirmation = next(m for m in mail.outbox if m.to == ["ruta@example.lt"])
    assert world.centre_a.name in confirmation.subject
    for message in mail.outbox:
        # What leaves the system names no one: a link into Globa instead.
        assert "Būsimoji" not in message.body and "Rūta" not in message.body
    staff_mail = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert "/notifications/#n-" in staff_mail.body
    with as_system():
        assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_placement_tells_the_household_coordinator_but_not_the_one_who_placed(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with_addresses(world)
    other = ChildFactory(centre=world.centre_a, first_name="Tomas", last_name="Tomaitis")
    with django_capture_on_commit_callbacks(execute=True):
        with as_user(world.bob):
            registry_services.placement_start(
                by=world.bob,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
            )
        with as_user(world.alice):
            registry_services.placement_start(
                by=world.alice,
                child=other,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
            )
    assert notes() == [(world.alice.username, Kind.PLACEMENT, "Ieva Jonaitė — Petrauskų šeima")]
    [message] = mail.outbox
    assert message.to == [world.alice.email]
    assert "Jonait" not in message.body and "Petrausk" not in message.body


def test_an_act_undone_leaves_no_notification_and_sends_nothing(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with_addresses(world)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
        as_user(world.bob),
    ):
        registry_services.placement_start(
            by=world.bob,
            child=world.child,
            household=world.household,
            kind=Placement.Kind.TEMPORARY,
            started_on=clock.today(),
        )
        raise RuntimeError("a later step failed")
    assert notes() == [] and callbacks == [] and mail.outbox == []


def test_a_refused_act_tells_no_one(world: World) -> None:
    with as_user(world.bob), pytest.raises(ValidationError):
        registry_services.placement_start(
            by=world.bob,
            child=world.child,
            household=world.household,
            kind=Placement.Kind.TEMPORARY,
            started_on=clock.today() + dt.timedelta(days=90),
        )
    assert notes() == []


def test_a_household_assigned_tells_the_new_coordinator(world: World) -> None:
    dana = member(Role.COORDINATOR, world.centre_a, first_name="Dana", last_name="Naujoji")
    with as_user(world.bob):
        registry_services.coordinator_assign(
            by=world.bob, household=world.household, coordinator=dana
        )
    assert notes() == [(dana.username, Kind.HOUSEHOLD_ASSIGNED, "Petrauskų šeima")]
    with as_system():
        link = Notification.objects.get().link
    assert link == reverse("registry:household", args=[world.household.pk])


def test_a_case_reassigned_tells_the_new_case_manager(cases_world: Any) -> None:
    world = cases_world
    case = open_case(world)
    with as_user(world.bob):
        case.refresh_from_db()
        case_services.case_reassign(
            by=world.bob, case=case, case_manager=world.tomas, version=case.version
        )
    assert notes(kind=Kind.CASE_ASSIGNED) == [
        (world.tomas.username, Kind.CASE_ASSIGNED, "Jonaičių šeima")
    ]


def notify(world: World, recipient: Any, label: str = "Petrauskų šeima") -> Notification:
    with as_system():
        [row] = services.notify(
            recipients=[recipient],
            kind=Kind.HOUSEHOLD_ASSIGNED,
            label=label,
            link=reverse("registry:household", args=[world.household.pk]),
            organisation=world.centre_a,
            actor=world.bob,
        )
    return row


def test_the_list_shows_the_recipient_their_own_and_marks_them_read(world: World) -> None:
    mine = notify(world, world.alice)
    notify(world, world.charlie, label="Kito centro šeima")
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Petrauskų šeima" in page and "Kito centro" not in page
    assert "A household was assigned to you" in page
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">1<" in badge.replace(" ", "")
    opened = client.post(reverse("notifications:open", args=[mine.pk]))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("registry:household", args=[world.household.pk])
    with as_system():
        mine.refresh_from_db()
    assert mine.read_at is not None
    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()
    unread = client.get(reverse("notifications:list"), {"show": "unread"}).content.decode()
    assert "No unread notifications." in unread


def test_marking_read_one_or_all(world: World) -> None:
    first = notify(world, world.alice)
    notify(world, world.alice, label="Antra šeima")
    client = world.client_for(world.alice)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    with as_system():
        assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert client.post(reverse("notifications:all_read")).status_code == 302
    with as_system():
        assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_another_persons_notification_is_not_found(world: World) -> None:
    theirs = notify(world, world.alice)
    client = world.client_for(world.charlie)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=["not-an-id"])).status_code == 404
    assert client.post(reverse("notifications:read", args=[uuid.uuid4()])).status_code == 404
    with as_system():
        theirs.refresh_from_db()
    assert theirs.read_at is None
    # The database shows it to its recipient alone, whatever the query.
    with as_user(world.charlie):
        assert not Notification.objects.filter(pk=theirs.pk).exists()
    with as_user(world.alice):
        assert Notification.objects.filter(pk=theirs.pk).exists()


def test_the_pages_need_a_login_and_refuse_other_methods(world: World) -> None:
    anonymous = Client()
    assert anonymous.get(reverse("notifications:list")).status_code == 302
    assert anonymous.get(reverse("notifications:badge")).status_code == 302
    client = world.client_for(world.nora)
    # Everyone signed in has their own list, whatever their role.
    assert client.get(reverse("notifications:list")).status_code == 200
    assert client.get(reverse("notifications:all_read")).status_code == 405
    assert client.get(reverse("notifications:list"), {"page": "x²"}).status_code == 200

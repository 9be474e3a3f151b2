"""Emergency matching across centres: other centres' free places (no names), a placement
request, its acceptance (the child's record passes, then the usual placement) or refusal,
who is told, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.lib.dates import add_years
from globa.notifications.models import Kind, Notification
from globa.oncall.models import PlacementRequest
from globa.oncall.tests.helpers import signed
from globa.organisations.models import Organisation
from globa.registry.models import Child, Placement, Relative
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service
from globa.testing import (
    CentreFactory,
    World,
    as_system,
    as_user,
    household_with,
    member,
    municipality,
)


@pytest.fixture
def nearby(world: World) -> World:
    """Another centre of Vilnius with a free on-call carer, one of the county (Trakai), and
    Kaunas (another county) with one too."""
    world.centre_c = CentreFactory(
        name="Vilniaus globos centras „Antras“", on_call_phone="+370 600 11111"
    )  # type: ignore[attr-defined]
    world.mira = member(Role.CENTRE_MANAGER, world.centre_c, first_name="Mira", last_name="Vadovė")  # type: ignore[attr-defined]
    coordinator_c = member(Role.COORDINATOR, world.centre_c)
    world.carer_c = household_with(coordinator_c, world.centre_c, name="Budinčių Jonaičių šeima")  # type: ignore[attr-defined]
    signed(world.carer_c, world.mira)  # type: ignore[attr-defined]
    world.centre_t = CentreFactory(
        name="Trakų globos centras", municipality=municipality("Trakų rajono savivaldybė")
    )  # type: ignore[attr-defined]
    carer_t = household_with(
        member(Role.COORDINATOR, world.centre_t), world.centre_t, name="Budinčių Trakiečių šeima"
    )  # type: ignore[attr-defined]
    signed(carer_t, world.mira, age_min=0, age_max=6)
    carer_b = household_with(world.charlie, world.centre_b, name="Budinčių Kauniečių šeima")
    signed(carer_b, world.charlie)
    with as_system():
        Relative.objects.create(
            child=world.child,
            centre=world.centre_a,
            first_name="Asta",
            last_name="Jonaitienė",
            relation=Relative.Relation.MOTHER,
        )
    return world


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def match_url(world: World) -> str:
    return reverse("oncall:match") + f"?children={world.child.pk}"


def send(world: Any, **changes: Any) -> PlacementRequest:
    client = english(world.client_for(world.alice))
    url = (
        reverse("oncall:request_send")
        + f"?children={world.child.pk}&to={world.centre_c.pk}&on={clock.today().isoformat()}"
    )
    data = {
        "needed_on": clock.today().isoformat(),
        "situation": "Vaikas paimtas iš šeimos naktį.",
        "contact_phone": "+370 600 22222",
        **changes,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with as_system():
        return PlacementRequest.objects.get()


def told(kind: str) -> list[str]:
    with as_system():
        return sorted(
            Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        )


def test_the_match_page_shows_other_centres_places_without_names(nearby: Any) -> None:
    with as_system():
        Child.objects.filter(pk=nearby.child.pk).update(
            birth_date=clock.today().replace(year=clock.today().year - 3, day=1)
        )
    page = english(nearby.client_for(nearby.alice)).get(match_url(nearby)).content.decode()
    assert "Free places in other centres" in page
    section = page.split('id="h-elsewhere"')[1].split("</section>")[0]
    assert nearby.centre_c.name.replace("„", "&bdquo;") in section or "Antras" in section
    assert "Trakų globos centras" in section and "Kauno" not in section
    # Same municipality first, then the county; the phone; no carer named.
    assert section.index("Antras") < section.index("Trakų")
    assert "+370 600 11111" in section and "0\u201317" in section
    assert "Jonaičių" not in page and "Trakiečių" not in page


def test_an_older_child_is_offered_only_the_places_that_take_its_age(nearby: Any) -> None:
    with as_system():
        Child.objects.filter(pk=nearby.child.pk).update(birth_date=add_years(clock.today(), -10))
    page = english(nearby.client_for(nearby.alice)).get(match_url(nearby)).content.decode()
    section = page.split('id="h-elsewhere"')[1].split("</section>")[0]
    assert "Antras" in section and "Trakų" not in section


def test_a_request_is_sent_and_both_managers_are_told(nearby: Any) -> None:
    request = send(nearby)
    assert (request.from_centre, request.to_centre, request.status) == (
        nearby.centre_a,
        nearby.centre_c,
        "sent",
    )
    assert request.needs[0]["age"] >= 0 and "Jonait" not in str(request.needs)
    assert told(Kind.PLACEMENT_REQUEST) == sorted([nearby.bob.username, nearby.mira.username])
    # The receiving manager sees the request, not the child's name.
    page = (
        english(nearby.client_for(nearby.mira))
        .get(reverse("oncall:request", args=[request.pk]))
        .content.decode()
    )
    assert "Vaikas paimtas iš šeimos naktį." in page and "Jonait" not in page
    assert "Accept and place" in page
    listing = english(nearby.client_for(nearby.mira)).get(reverse("oncall:requests")).content
    assert request.created_at.strftime("%Y-%m-%d") in listing.decode()
    # A second request for the same child waits for the first.
    refused = english(nearby.client_for(nearby.alice)).post(
        reverse("oncall:request_send") + f"?children={nearby.child.pk}&to={nearby.centre_c.pk}",
        {"needed_on": clock.today().isoformat()},
    )
    assert "already waiting" in refused.content.decode()


def test_declining_needs_a_reason_and_tells_the_requester(nearby: Any) -> None:
    request = send(nearby)
    client = english(nearby.client_for(nearby.mira))
    url = reverse("oncall:request", args=[request.pk])
    empty = client.post(
        url, {"action": "decline", "decline_reason": " ", "version": request.version}
    )
    assert empty.status_code == 200
    done = client.post(
        url,
        {
            "action": "decline",
            "decline_reason": "Visi budintys globotojai užimti.",
            "version": request.version,
        },
    )
    assert done.status_code == 302
    with as_system():
        request.refresh_from_db()
    assert (request.status, request.answered_by) == ("declined", nearby.mira)
    assert nearby.alice.username in told(Kind.PLACEMENT_REQUEST_DECLINED)
    page = english(nearby.client_for(nearby.alice)).get(url).content.decode()
    assert "Visi budintys globotojai užimti." in page
    with as_system():
        assert Child.objects.get(pk=nearby.child.pk).centre_id == nearby.centre_a.pk


def test_accepting_passes_the_record_and_places_the_child(nearby: Any) -> None:
    request = send(nearby)
    client = english(nearby.client_for(nearby.mira))
    url = reverse("oncall:request", args=[request.pk])
    response = client.post(
        url, {"action": "accept", "household": nearby.carer_c.pk, "version": request.version}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with as_system():
        request.refresh_from_db()
        child = Child.objects.get(pk=nearby.child.pk)
        [placement] = Placement.objects.filter(child=child)
        [relative] = Relative.objects.filter(child=child)
    assert request.status == "accepted" and request.household_id == nearby.carer_c.pk
    assert child.centre_id == nearby.centre_c.pk == relative.centre_id
    assert (placement.household_id, placement.is_emergency, placement.centre_id) == (
        nearby.carer_c.pk,
        True,
        nearby.centre_c.pk,
    )
    assert nearby.alice.username in told(Kind.PLACEMENT_REQUEST_ACCEPTED)
    assert nearby.bob.username in told(Kind.PLACEMENT_REQUEST_ACCEPTED)
    # The child is now the other centre's: its manager sees it, the first centre no longer.
    assert client.get(reverse("registry:child", args=[child.pk])).status_code == 200
    alice = nearby.client_for(nearby.alice)
    assert alice.get(reverse("registry:child", args=[child.pk])).status_code == 404
    assert alice.get(url).status_code == 200
    # Answered: it cannot be answered again.
    again = client.post(
        url, {"action": "decline", "decline_reason": "x", "version": request.version}
    )
    assert again.status_code in (200, 302)
    with as_system():
        request.refresh_from_db()
    assert request.status == "accepted"


def test_a_child_with_records_already_does_not_pass(nearby: Any) -> None:
    request = send(nearby)
    with as_user(nearby.alice):
        support_services.record_contact(
            by=nearby.alice,
            provider_id=nearby.centre_a.pk,
            contact=support_services.Contact(
                service=Service.objects.get(code="social_consultation"),
                delivered_on=clock.today(),
                minutes=30,
                form=DeliveryForm.OFFICE,
            ),
            children=[nearby.child],
        )
    response = english(nearby.client_for(nearby.mira)).post(
        reverse("oncall:request", args=[request.pk]),
        {"action": "accept", "household": nearby.carer_c.pk, "version": request.version},
    )
    assert response.status_code == 200 and "already has records" in response.content.decode()
    with as_system():
        assert Child.objects.get(pk=nearby.child.pk).centre_id == nearby.centre_a.pk
        assert not Placement.objects.exists()
        assert PlacementRequest.objects.get().status == "sent"


def test_who_may_send_see_and_answer(nearby: Any) -> None:
    request = send(nearby)
    url = reverse("oncall:request", args=[request.pk])
    accept = {"action": "accept", "household": nearby.carer_c.pk, "version": request.version}
    # The requesting centre's manager sees it, but the answer is the receiving manager's.
    assert nearby.client_for(nearby.bob).post(url, accept).status_code == 403
    # Another centre, and a monitor, do not see it at all.
    assert nearby.client_for(nearby.charlie).get(url).status_code == 404
    assert nearby.client_for(nearby.nora).get(url).status_code == 404
    assert nearby.client_for(nearby.nora).get(reverse("oncall:requests")).status_code == 403
    # A specialist may not ask for a placement (403); an outsider's child is not found (404).
    send_url = (
        reverse("oncall:request_send") + f"?children={nearby.child.pk}&to={nearby.centre_c.pk}"
    )
    assert nearby.client_for(nearby.carol).get(send_url).status_code == 403
    assert nearby.client_for(nearby.charlie).get(send_url).status_code == 404
    assert (
        nearby.client_for(nearby.alice)
        .get(send_url.replace(f"to={nearby.centre_c.pk}", "to=x"))
        .status_code
        == 404
    )
    national = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_AUTHORITY)
    bad = nearby.client_for(nearby.alice).get(
        send_url.replace(f"to={nearby.centre_c.pk}", f"to={national.pk}")
    )
    assert bad.status_code == 404
    with as_system():
        assert PlacementRequest.objects.get().status == "sent"


def test_the_requester_may_withdraw(nearby: Any) -> None:
    request = send(nearby)
    url = reverse("oncall:request", args=[request.pk])
    client = nearby.client_for(nearby.alice)
    assert client.post(url, {"action": "withdraw", "version": request.version}).status_code == 302
    with as_system():
        request.refresh_from_db()
    assert request.status == "withdrawn"
    assert client.post(url, {"action": "nonsense"}).status_code == 404


def test_the_places_elsewhere_are_counted_as_matching_counts_them(nearby: Any) -> None:
    from django.db import connection

    from globa.oncall import availability
    from globa.registry.models import Limit
    from globa.registry.rules import limit

    today = clock.today()
    with as_system():
        expected = sorted(
            (c.centre_id, c.free, c.age_min, c.age_max, c.accepts_siblings, c.accepts_disability)
            for c in availability.on_call_carers(today)
            if c.free > 0 and c.centre_id != nearby.centre_a.pk
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT centre_id, free, age_min, age_max, accepts_siblings, accepts_disability "
                "FROM globa_on_call_places_elsewhere(%s, %s, %s)",
                [today, nearby.centre_a.pk, limit(Limit.ON_CALL_CHILD_MAX_AGE, today)],
            )
            counted = sorted(cursor.fetchall())
    assert counted == expected and len(counted) == 3

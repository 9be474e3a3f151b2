"""Planned visits: booking, the calendar, the contact norm counting them, recording the contact
from a visit, the home visit's record, the same contact twice on one day, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.registry.models import CarerHousehold
from globa.support import selectors, services
from globa.support.models import Delivery, DeliveryForm, HomeVisit, PlannedVisit, Service
from globa.testing import (
    World,
    as_system,
    as_user,
    household_with,
    member,
    place,
)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


@pytest.fixture
def placed(world: World) -> World:
    place(world.child, world.household, days(-100))
    return world


def met(world: World, household: CarerHousehold, on: dt.date) -> None:
    """A contact with the household on the day (recorded by its coordinator)."""
    with as_user(world.alice):
        services.record_contact(
            by=world.alice,
            provider_id=household.centre_id,
            contact=services.Contact(
                service=Service.objects.get(code="coordinator_assistance"),
                delivered_on=on,
                minutes=30,
                form=DeliveryForm.PHONE,
            ),
            household=household,
        )


def book(world: World, household: CarerHousehold, on: dt.date, by: Any = None) -> PlannedVisit:
    user = by or world.alice
    with as_user(user):
        return services.visit_plan(
            by=user,
            household=household,
            visit=services.Visit(planned_on=on, kind=DeliveryForm.HOME_VISIT, note="Įprastas"),
        )


def contact_url(world: World) -> str:
    return reverse("support:household_contact", kwargs={"household_id": world.household.pk})


def home_visit(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": Service.objects.get(code="coordinator_assistance").pk,
        "delivered_on": clock.today().isoformat(),
        "minutes": "60",
        "mode": DeliveryForm.HOME_VISIT,
        "recipients": ["household", str(world.child.pk)],
        "children_seen": [str(world.child.pk)],
        "children_seen_alone": [str(world.child.pk)],
        "safety": "none",
        "next_steps": "Kitas vizitas po dviejų savaičių.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_books_a_visit_and_sees_it_in_the_week_and_the_month(
    placed: World,
) -> None:
    client = english(placed.client_for(placed.alice))
    form = client.get(reverse("support:visit_plan"), {"household": placed.household.pk})
    assert form.status_code == 200 and "Petrauskų šeima" in form.content.decode()
    response = client.post(
        reverse("support:visit_plan"),
        {
            "household": placed.household.pk,
            "planned_on": days(2).isoformat(),
            "planned_at": "10:30",
            "kind": DeliveryForm.HOME_VISIT,
            "note": "Plano peržiūra",
        },
    )
    assert response.status_code == 302
    with as_system():
        visit = PlannedVisit.objects.get()
    assert (visit.planned_on, visit.visitor, visit.planned_at) == (
        days(2),
        placed.alice,
        dt.time(10, 30),
    )
    week = client.get(response["Location"]).content.decode()
    assert "Petrauskų šeima" in week and "10:30" in week and "Record the contact" in week
    month = client.get(
        reverse("support:visits"), {"view": "month", "date": days(2).isoformat()}
    ).content.decode()
    assert "Petrauskų šeima" in month and '<table class="month">' in month
    household_page = client.get(
        reverse("registry:household", kwargs={"household_id": placed.household.pk})
    ).content.decode()
    assert "Planned visits" in household_page and days(2).isoformat() in household_page


def test_the_contact_norm_counts_a_visit_booked_by_the_due_date(world: World) -> None:
    # On-call carers are met at least every 14 days.
    in_time = household_with(world.alice, world.centre_a, name="Laiku šeima")
    too_late = household_with(world.alice, world.centre_a, name="Per vėlai šeima")
    never = household_with(world.alice, world.centre_a, name="Nematyta šeima")
    late = household_with(world.alice, world.centre_a, name="Vėluojanti šeima")
    for household in (in_time, too_late):
        met(world, household, days(-10))
    met(world, late, days(-20))
    book(world, in_time, days(3))
    book(world, too_late, days(6))
    book(world, never, clock.today())
    with as_user(world.alice):
        day = selectors.working_day(world.alice, clock.today())
    by_name = {due.household.name: due for due in day.contacts}
    assert by_name["Laiku šeima"].planned and not by_name["Laiku šeima"].overdue
    assert not by_name["Per vėlai šeima"].planned
    assert by_name["Nematyta šeima"].planned and not by_name["Nematyta šeima"].overdue
    assert by_name["Vėluojanti šeima"].overdue
    # Needing attention first (never met first among them).
    assert [due.household for due in day.contacts[:2]] == [world.household, late]
    client = english(world.client_for(world.alice))
    start = client.get(reverse("home:start")).content.decode()
    assert f"visit planned {days(3).isoformat()}" in start
    week = client.get(reverse("support:visits")).content.decode()
    attention = week.split('id="h-attention"')[1].split("</section>")[0]
    assert "Vėluojanti šeima" in attention and "Laiku šeima" not in attention
    assert "Petrauskų šeima" in attention  # the world's household, never met


def test_recording_the_contact_from_the_visit_completes_it(placed: World) -> None:
    visit = book(placed, placed.household, clock.today())
    client = english(placed.client_for(placed.alice))
    page = client.get(contact_url(placed), {"visit": visit.pk}).content.decode()
    assert "Recording the visit planned for" in page and "Home visit record" in page
    response = client.post(contact_url(placed), home_visit(placed, visit=str(visit.pk)))
    assert response.status_code == 302
    with as_system():
        visit.refresh_from_db()
        [record] = HomeVisit.objects.all()
        contact = Delivery.objects.filter(household=placed.household).get().contact
    assert (visit.status, visit.contact, visit.done_on) == ("done", contact, clock.today())
    assert record.children_seen == [placed.child.pk] == record.children_seen_alone
    assert record.safety == "none" and record.contact == contact
    household_page = client.get(
        reverse("registry:household", kwargs={"household_id": placed.household.pk})
    ).content.decode()
    assert "no concerns about safety" in household_page
    assert "Kitas vizitas po dviejų savaičių." in household_page
    # The visit is done: recording from it again is refused, nothing saved.
    again = client.post(
        contact_url(placed), home_visit(placed, visit=str(visit.pk), confirm_same="on")
    )
    assert again.status_code == 200 and "no longer open" in again.content.decode()
    with as_system():
        assert Delivery.objects.count() == 2


def test_a_contact_on_the_visit_day_completes_the_visit_too(placed: World) -> None:
    visit = book(placed, placed.household, clock.today())
    met(placed, placed.household, clock.today())
    with as_system():
        visit.refresh_from_db()
    assert visit.status == PlannedVisit.Status.DONE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"safety": None}, "safety", "Say whether there are concerns"),
        ({"safety": "concerns"}, "safety_notes", "Describe the concerns"),
        ({"children_seen": None}, "children_seen_alone", "must also be marked as seen"),
        ({"children_seen": ["00000000-0000-0000-0000-000000000000"]}, "children_seen", ""),
    ],
)
def test_the_home_visit_record_is_checked_and_nothing_saved(
    placed: World, overrides: dict[str, object], field: str, message: str
) -> None:
    client = english(placed.client_for(placed.alice))
    response = client.post(contact_url(placed), home_visit(placed, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    with as_system():
        assert Delivery.objects.count() == 0 and HomeVisit.objects.count() == 0


def test_the_same_contact_twice_on_one_day_asks_for_a_confirmation(placed: World) -> None:
    client = english(placed.client_for(placed.alice))
    phone = home_visit(placed, mode=DeliveryForm.PHONE)
    assert client.post(contact_url(placed), phone).status_code == 302
    second = client.post(contact_url(placed), phone)
    html = second.content.decode()
    assert second.status_code == 200 and "already recorded for this recipient" in html
    assert 'name="confirm_same"' in html
    with as_system():
        assert Delivery.objects.count() == 2
    confirmed = client.post(contact_url(placed), {**phone, "confirm_same": "on"})
    assert confirmed.status_code == 302
    with as_system():
        assert Delivery.objects.count() == 4
    # Another service the same day is another contact: no question asked.
    other = Service.objects.get(code="social_consultation").pk
    assert client.post(contact_url(placed), {**phone, "service": other}).status_code == 302


def test_a_visit_is_moved_or_cancelled_with_a_reason(placed: World) -> None:
    visit = book(placed, placed.household, days(3))
    client = english(placed.client_for(placed.alice))
    edit = reverse("support:visit_edit", kwargs={"visit_id": visit.pk})
    stale = {"planned_on": days(4).isoformat(), "kind": DeliveryForm.PHONE, "version": 0}
    assert "Someone else saved this record" in client.post(edit, stale).content.decode()
    moved = client.post(edit, {**stale, "version": visit.version})
    assert moved.status_code == 302
    with as_system():
        visit.refresh_from_db()
    assert (visit.planned_on, visit.kind) == (days(4), DeliveryForm.PHONE)
    cancel = reverse("support:visit_cancel", kwargs={"visit_id": visit.pk})
    refused = client.post(cancel, {"cancel_reason": " ", "version": visit.version})
    assert refused.status_code == 200
    done = client.post(cancel, {"cancel_reason": "Šeima išvyko", "version": visit.version})
    assert done.status_code == 302
    with as_system():
        visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == ("cancelled", "Šeima išvyko")
    week = client.get(reverse("support:visits"), {"date": days(4).isoformat()}).content.decode()
    assert "Šeima išvyko" not in week and "Petrauskų šeima</a>\n<span" not in week


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"planned_on": "-1"}, "planned_on"),
        ({"planned_on": "400"}, "planned_on"),
        ({"kind": "teleport"}, "kind"),
        ({"planned_at": "25:99"}, "planned_at"),
    ],
)
def test_bad_bookings_are_refused_with_a_message(
    placed: World, change: dict[str, str], field: str
) -> None:
    data = {
        "household": str(placed.household.pk),
        "planned_on": days(1).isoformat(),
        "kind": DeliveryForm.HOME_VISIT,
    }
    if "planned_on" in change:
        change = {"planned_on": days(int(change["planned_on"])).isoformat()}
    data.update(change)
    response = english(placed.client_for(placed.alice)).post(reverse("support:visit_plan"), data)
    assert response.status_code == 200 and f'id="id_{field}_error"' in response.content.decode()
    with as_system():
        assert not PlannedVisit.objects.exists()


def test_a_closed_household_and_a_second_visit_the_same_day_are_refused(placed: World) -> None:
    book(placed, placed.household, days(1))

    def refusal(on: dt.date) -> str:
        # Caught within the scope, as a request would: the test's transaction stays usable.
        with as_user(placed.alice):
            try:
                services.visit_plan(
                    by=placed.alice,
                    household=placed.household,
                    visit=services.Visit(planned_on=on, kind=DeliveryForm.HOME_VISIT),
                )
            except ValidationError as error:
                return " ".join(error.messages)
        return ""

    assert "already planned" in refusal(days(1))
    with as_system():
        CarerHousehold.objects.filter(pk=placed.household.pk).update(status="closed")
        placed.household.refresh_from_db()
    assert "closed household" in refusal(days(2))
    with as_system():
        assert PlannedVisit.objects.count() == 1


def test_who_may_see_and_book_visits(placed: World) -> None:
    visit = book(placed, placed.household, days(2))
    edit = reverse("support:visit_edit", kwargs={"visit_id": visit.pk})
    cancel = reverse("support:visit_cancel", kwargs={"visit_id": visit.pk})
    # The national monitor works with no records: no calendar, no booking.
    nora = placed.client_for(placed.nora)
    assert nora.get(reverse("support:visits")).status_code == 403
    assert nora.get(reverse("support:visit_plan")).status_code == 403
    # Another centre's coordinator: the visit and the household do not exist for them.
    charlie = placed.client_for(placed.charlie)
    assert charlie.get(reverse("support:visits")).status_code == 200
    assert charlie.get(edit).status_code == 404
    assert charlie.post(cancel, {"cancel_reason": "x", "version": 1}).status_code == 404
    assert (
        charlie.get(reverse("support:visit_plan"), {"household": placed.household.pk}).status_code
        == 404
    )
    refused = charlie.post(
        reverse("support:visit_plan"),
        {"household": placed.household.pk, "planned_on": days(1), "kind": "home_visit"},
    )
    assert refused.status_code == 200 and 'id="id_household_error"' in refused.content.decode()
    # A coordinator of the same centre who does not coordinate the household sees, not changes.
    dana = member(Role.COORDINATOR, placed.centre_a)
    assert placed.client_for(dana).get(edit).status_code == 403
    assert (
        placed.client_for(dana).post(cancel, {"cancel_reason": "x", "version": 1}).status_code
        == 403
    )
    # The manager sees the whole centre's visits and changes them.
    bob = english(placed.client_for(placed.bob))
    centre = bob.get(reverse("support:visits"), {"who": "centre", "date": days(2)}).content
    assert "Petrauskų šeima" in centre.decode()
    assert bob.get(edit).status_code == 200
    with as_system():
        assert PlannedVisit.objects.get().status == "planned"


def test_the_calendar_takes_odd_input(placed: World) -> None:
    client = placed.client_for(placed.alice)
    for query in ({"date": "x²"}, {"view": "year"}, {"date": "9999-12-31"}, {"who": "centre"}):
        assert client.get(reverse("support:visits"), query).status_code == 200
    assert client.get(reverse("support:visit_edit", kwargs={"visit_id": "nope"})).status_code == 404
    assert (
        client.get(reverse("support:visits"), {"view": "month", "date": "2028-02-29"}).status_code
        == 200
    )

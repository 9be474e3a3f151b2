"""Demo records of the working day: visits the coordinator has booked (one today, one the
week after, one whose day passed unrecorded), and notifications for the coordinator and the
centre manager, made as the acts that send them would."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from globa.accounts.models import Role, User
from globa.carers.models import Candidate
from globa.lib import personal_code
from globa.lib.collation import lt
from globa.notifications import services as notifications
from globa.notifications.models import Kind, Notification
from globa.oncall import availability
from globa.oncall import services as oncall_services
from globa.oncall.models import PlacementRequest
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, Placement, SiblingGroup
from globa.support import selectors as support_selectors
from globa.support.models import DeliveryForm, PlannedVisit
from globa.support.services import Visit, visit_plan

VISIT_NOTES = ["Įprastas vizitas", "Plano peržiūra", "Susitikimas su mokyklos socialine pedagoge"]


def add_workday(
    *, centre: Organisation, coordinator: User, manager: User, today: dt.date
) -> tuple[int, int]:
    """Visits booked in the coordinator's caseload and a few notifications; returns how many
    of each."""
    visits = _visits(coordinator, today)
    sent = _notifications(centre, coordinator, manager)
    return visits, sent


def _visits(coordinator: User, today: dt.date) -> int:
    day = support_selectors.working_day(coordinator, today)
    made = 0
    dues = [due for due in day.contacts if due.next_due is not None]
    for n, due in enumerate(dues[:6]):
        household = due.household
        if n == 0:
            on = today  # a visit today, to record from the calendar
        elif due.next_due is not None and due.next_due > today:
            on = max(today + dt.timedelta(days=1), due.next_due - dt.timedelta(days=n % 3))
        else:
            on = today + dt.timedelta(days=2 + n)
        visit_plan(
            by=coordinator,
            household=household,
            visit=Visit(
                planned_on=on,
                kind=DeliveryForm.HOME_VISIT if n % 3 else DeliveryForm.PHONE,
                planned_at=dt.time(9 + 2 * (n % 4), 0),
                note=VISIT_NOTES[n % len(VISIT_NOTES)],
            ),
            today=today,
        )
        made += 1
    # A visit whose day passed without a contact recorded: the calendar asks about it.
    missed = (
        CarerHousehold.objects.filter(
            assignments__coordinator=coordinator, assignments__ended_on__isnull=True
        )
        .order_by(*lt("name"))
        .last()
    )
    if missed is not None:
        PlannedVisit.objects.create(
            provider_id=missed.centre_id,
            household=missed,
            planned_on=today - dt.timedelta(days=2),
            planned_at=dt.time(14, 0),
            kind=DeliveryForm.HOME_VISIT,
            note="Įprastas vizitas",
            visitor=coordinator,
            planned_by=coordinator,
        )
        made += 1
    return made


def _notifications(centre: Organisation, coordinator: User, manager: User) -> int:
    # Building the demo's history went through the services, which notified as they went:
    # that history is months old, so its notifications are gone; a few recent ones are made.
    Notification.objects.all().delete()
    sent = 0
    household = (
        CarerHousehold.objects.filter(
            centre=centre, assignments__coordinator=coordinator, assignments__ended_on__isnull=True
        )
        .order_by(*lt("name"))
        .first()
    )
    if household is not None:
        sent += len(
            notifications.notify(
                recipients=[coordinator],
                kind=Kind.HOUSEHOLD_ASSIGNED,
                label=household.name,
                link=reverse("registry:household", args=[household.pk]),
                organisation=centre,
                actor=manager,
            )
        )
    placement = (
        Placement.objects.filter(
            centre=centre,
            household__assignments__coordinator=coordinator,
            household__assignments__ended_on__isnull=True,
            ended_on__isnull=True,
        )
        .select_related("child", "household")
        .order_by("-started_on")
        .first()
    )
    if placement is not None and placement.household is not None:
        sent += len(
            notifications.notify(
                recipients=[coordinator],
                kind=Kind.PLACEMENT,
                label=f"{placement.child} — {placement.household.name}",
                link=reverse("registry:child", args=[placement.child_id]),
                organisation=centre,
                actor=manager,
            )
        )
    candidate = Candidate.objects.filter(centre=centre).order_by("-created_at").first()
    if candidate is not None:
        sent += len(
            notifications.notify(
                recipients=[manager, coordinator],
                kind=Kind.INQUIRY,
                label=f"{candidate.first_name} {candidate.last_name}",
                link=reverse("carers:candidate", args=[candidate.pk]),
                organisation=centre,
            )
        )
    return sent


# Children who may need a place together: ages, and whether the eldest has a disability.
PROFILES = [
    ((10,), False),
    ((10,), True),
    ((8, 11), False),
    ((8, 11), True),
    ((5, 8, 11), False),
    ((5, 8, 11), True),
]


def _takes(carer: availability.Availability, ages: tuple[int, ...], disability: bool) -> bool:
    return (
        carer.free >= len(ages)
        and (len(ages) == 1 or carer.accepts_siblings)
        and carer.age_min <= min(ages)
        and max(ages) <= carer.age_max
        and (carer.accepts_disability or not disability)
    )


def add_request_from_another_centre(
    *, centre: Organisation, today: dt.date
) -> PlacementRequest | None:
    """Children taken into care today by another centre of the municipality, whom none of
    that centre's own on-call carers can take together, and its request to the demo's
    centre, whose carer can: the demo's case for emergency matching across centres (the
    manager answers it). Their ages and needs are chosen from the carers' free places."""
    for other in (
        Organisation.objects.filter(
            kind=Organisation.Kind.CARE_CENTRE, municipality_id=centre.municipality_id
        )
        .exclude(pk=centre.pk)
        .order_by(*lt("name"))
    ):
        coordinator = User.objects.filter(
            memberships__organisation=other,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
        ).first()
        if coordinator is None:
            continue
        theirs = [c for c in availability.on_call_carers(today, centre_ids=[other.pk]) if c.free]
        ours = [c for c in availability.on_call_carers(today, centre_ids=[centre.pk]) if c.free]
        for ages, disability in PROFILES:
            if any(_takes(c, ages, disability) for c in theirs) or not any(
                _takes(c, ages, disability) for c in ours
            ):
                continue
            group = (
                SiblingGroup.objects.create(centre=other, label="Stankevičių vaikai")
                if len(ages) > 1
                else None
            )
            children = []
            for n, age in enumerate(ages):
                sex = "F" if n == 1 else "M"
                birth = dt.date(today.year - age - 1, 9, 3 + n)
                children.append(
                    Child.objects.create(
                        centre=other,
                        municipality=other.municipality or other,
                        first_name=("Kajus", "Milda", "Jonas")[n],
                        last_name="Stankevičiūtė" if sex == "F" else "Stankevičius",
                        sex=sex,
                        birth_date=birth,
                        personal_code=personal_code.make(birth, sex, 950 + n),
                        legal_status=Child.LegalStatus.TEMPORARY_CARE,
                        has_disability=disability and n == 0,
                        sibling_group=group,
                        languages=["lietuvių"],
                    )
                )
            return oncall_services.request_send(
                by=coordinator,
                children=children,
                to_centre=centre,
                needed_on=today,
                situation="Vaikai paimti iš šeimos vakar vakare; mūsų budintys globotojai "
                "neturi tinkamų laisvų vietų.",
                contact_phone=other.on_call_phone or other.phone,
                today=today,
            )
    return None


def give_on_call_phones() -> None:
    """Every centre has a number for other centres' emergency requests."""
    for n, centre in enumerate(
        Organisation.objects.filter(kind=Organisation.Kind.CARE_CENTRE).order_by("pk")
    ):
        Organisation.objects.filter(pk=centre.pk).update(on_call_phone=f"+370 600 {40000 + n:05d}")

"""Retention: the daily list, legal holds, four-eyes approval, anonymisation that keeps the
figures, the destruction register, and an audit trail that forgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from globa.api.tests.test_support_cases_oncall import open_case
from globa.audit.models import AccessLog, AuditChange
from globa.carers.selectors import public_figures
from globa.cases import services as case_services
from globa.cases.models import FamilyCase, Outcome, Stage
from globa.lib import clock
from globa.lib.dates import add_years
from globa.monitoring.compute import CENTRE, COUNTRY, Area, all_facts
from globa.monitoring.periods import CUSTOM, Period
from globa.registry.models import CarerHousehold, Child, HouseholdAdult, Relative
from globa.registry.selectors import centre_overview
from globa.retention import services
from globa.retention.models import Destruction, LegalHold, Review
from globa.support.models import Delivery, Service
from globa.testing import ChildFactory, World, as_system, as_user, household_with, place


def old_child(world: World) -> Child:
    """A child who left care long ago and turned 75 last year, with a relative, a placement
    and a service, and someone who looked at the record."""
    birth = add_years(clock.today(), -76)
    child = ChildFactory(
        centre=world.centre_a,
        first_name="Senasis",
        last_name="Globotinis",
        birth_date=birth,
        status=Child.Status.LEFT_CARE,
    )
    place(
        child,
        world.household,
        birth + dt.timedelta(days=400),
        ended_on=birth + dt.timedelta(days=900),
        end_reason="reunified",
        notes="Pastabos apie vaiką",
    )
    with as_system():
        Relative.objects.create(
            child=child,
            centre=world.centre_a,
            first_name="Ona",
            last_name="Globotinienė",
            relation="mother",
        )
        Delivery.objects.create(
            provider=world.centre_a,
            service=Service.objects.get(code="coordinator_assistance"),
            delivered_on=birth + dt.timedelta(days=500),
            minutes=45,
            form="home_visit",
            given_by=world.bob,
            recorded_by=world.bob,
            child=child,
            notes="Asmeniškos pastabos",
        )
    world.client_for(world.bob).get(reverse("registry:child", kwargs={"child_id": child.pk}))
    return child


def listed(child: Child) -> Review:
    services.find_ended()
    with as_system():
        return Review.objects.get(record_id=str(child.pk))


def test_the_daily_job_lists_records_at_their_end_only(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    young = ChildFactory(centre=world.centre_a, status=Child.Status.LEFT_CARE)
    assert services.find_ended() == 1
    assert services.find_ended() == 0  # listed once
    with as_system():
        assert not Review.objects.filter(record_id=str(young.pk)).exists()
        review = Review.objects.get(record_id=str(child.pk))
    assert review.status == Review.Status.DUE
    assert review.due_on == add_years(child.birth_date, 75)


def test_one_person_confirms_and_another_approves(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    review = listed(child)
    bob = world.client_for(world.bob)
    page = bob.get(reverse("retention:retention"))
    assert "Senasis Globotinis" in page.content.decode()
    bob.post(reverse("retention:confirm", kwargs={"review_id": review.pk}))
    bob.post(reverse("retention:approve", kwargs={"review_id": review.pk}))
    with as_system():
        review.refresh_from_db()
    assert review.status == Review.Status.CONFIRMED  # the same person cannot approve
    world.client_for(world.dora).post(reverse("retention:approve", kwargs={"review_id": review.pk}))  # type: ignore[attr-defined]
    with as_system():
        review.refresh_from_db()
    assert review.status == Review.Status.APPROVED
    assert review.approved_by == world.dora  # type: ignore[attr-defined]


def approve(world: World, review: Review) -> None:
    world.client_for(world.bob).post(reverse("retention:confirm", kwargs={"review_id": review.pk}))
    world.client_for(world.dora).post(reverse("retention:approve", kwargs={"review_id": review.pk}))  # type: ignore[attr-defined]


def test_an_approved_child_is_anonymised_and_registered(
    dpo_world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world = dpo_world
    child = old_child(world)
    review = listed(child)
    approve(world, review)
    with as_system():
        views_before = AccessLog.objects.filter(child=child).count()
    entry = services.execute(str(review.pk))
    assert entry is not None
    with as_system():
        child.refresh_from_db()
        assert (child.first_name, child.last_name, child.personal_code) == (
            "Anonimizuota",
            "",
            None,
        )
        # Coded facts stay.
        assert child.sex == "F" and child.status == Child.Status.LEFT_CARE
        assert child.placements.get().end_reason == "reunified"
        assert child.placements.get().notes == ""
        assert Delivery.objects.get(child=child).notes == ""
        assert not Relative.objects.filter(child=child).exists()
        register = Destruction.objects.get()
        trail = list(AuditChange.objects.filter(table_name="registry_child", row_id=str(child.pk)))
        relative_trail = list(AuditChange.objects.filter(table_name="registry_relative"))
        views_after = AccessLog.objects.filter(child=child).count()
    assert register.record_id == str(child.pk) and register.removed["relatives"] == 1
    assert register.confirmed_by == world.bob and register.approved_by == world.dora  # type: ignore[attr-defined]
    assert "Senasis" not in str(register.__dict__)
    # The audit trail keeps its rows, without the identifying values.
    leaks = [row.after for row in trail if "Senasis" in str(row.before) + str(row.after)]
    assert trail and not leaks, leaks
    assert all("Globotinien" not in str(row.before) + str(row.after) for row in relative_trail), [
        r.before for r in relative_trail
    ]
    assert views_after == views_before
    with as_system():
        assert Review.objects.get(pk=review.pk).status == Review.Status.DONE


def test_a_legal_hold_keeps_the_record(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    dora = world.client_for(world.dora)  # type: ignore[attr-defined]
    response = dora.post(
        reverse("retention:hold_new"),
        {"kind": "child", "record_id": str(child.pk), "reason": "Teismo byla Nr. 2-123/2026"},
    )
    assert response.status_code == 302
    review = listed(child)
    assert review.status == Review.Status.HELD
    world.client_for(world.bob).post(reverse("retention:confirm", kwargs={"review_id": review.pk}))
    with as_system():
        review.refresh_from_db()
        hold = LegalHold.objects.get()
    assert review.status == Review.Status.HELD
    dora.post(
        reverse("retention:hold_lift", kwargs={"hold_id": hold.pk}), {"reason": "Byla baigta"}
    )
    with as_system():
        review.refresh_from_db()
    assert review.status == Review.Status.DUE


def test_a_hold_placed_after_approval_stops_the_anonymisation(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    review = listed(child)
    approve(world, review)
    with as_user(world.bob):
        services.hold_place(by=world.bob, kind="child", record_id=str(child.pk), reason="Skundas")
    assert services.execute(str(review.pk)) is None
    with as_system():
        child.refresh_from_db()
    assert child.first_name == "Senasis"


def test_outsiders_and_other_roles_are_refused(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    review = listed(child)
    assert world.client_for(world.alice).get(reverse("retention:retention")).status_code == 403
    assert world.client_for(world.nora).get(reverse("retention:retention")).status_code == 403
    bruno = world.client_for(world.bruno)  # type: ignore[attr-defined]
    assert (
        bruno.post(reverse("retention:confirm", kwargs={"review_id": review.pk})).status_code == 404
    )
    bad_hold = world.client_for(world.bob).post(
        reverse("retention:hold_new"), {"kind": "child", "record_id": "not-an-id", "reason": "x"}
    )
    assert bad_hold.status_code == 302
    with as_system():
        assert not LegalHold.objects.exists()


def figures(world: World) -> Any:
    with as_user(world.bob):
        overview = [
            (row["children"], row["households"], row["without_coordinator"])
            for row in centre_overview(world.bob)
        ]
        deliveries = sorted(
            Delivery.objects.values_list("service__code", "delivered_on", "minutes")
        )
        cases = sorted(
            FamilyCase.objects.values_list("stage", "outcome", "referred_on", "closed_on")
        )
        placements = sorted(
            (
                p.household_id,
                p.started_on,
                p.ended_on,
                p.end_reason,
                p.child.birth_date,
                p.child.sex,
            )
            for p in world.household.placements.select_related("child")
        )
    # Every monitoring indicator's counts, by centre, over the whole span of the records.
    span = Period(CUSTOM, add_years(clock.today(), -12), clock.today())
    indicators = all_facts(span, Area(COUNTRY), by=CENTRE)
    assert indicators["cases"]  # the closed case is counted (the check compares something)
    return overview, public_figures(clock.today()), deliveries, cases, placements, indicators


def test_the_figures_stay_the_same_after_anonymisation(dpo_world: World) -> None:
    world = dpo_world
    child = old_child(world)
    place(
        ChildFactory(centre=world.centre_a), world.household, clock.today() - dt.timedelta(days=5)
    )
    closed = household_with(
        world.alice, world.centre_a, name="Uždarytų šeima", status=CarerHousehold.Status.CLOSED
    )
    with as_system():
        HouseholdAdult.objects.create(
            household=closed,
            centre=world.centre_a,
            first_name="Petras",
            last_name="Uždarytas",
            birth_date=dt.date(1950, 1, 1),
        )
        CarerHousehold.objects.filter(pk=closed.pk).update(
            updated_at=clock.now() - dt.timedelta(days=4000)
        )
    case = open_case(world)
    with as_user(world.vaida):  # type: ignore[attr-defined]
        case_services.case_advance(
            by=world.vaida,
            case=case,
            to=Stage.CLOSURE,
            on=clock.today(),
            version=case.version,
            outcome=Outcome.STAYED,  # type: ignore[attr-defined]
        )
    with as_system():
        FamilyCase.objects.filter(pk=case.pk).update(
            closed_on=clock.today() - dt.timedelta(days=4000)
        )  # type: ignore[attr-defined]
    before = figures(world)
    services.find_ended()
    with as_system():
        reviews = list(Review.objects.all())
    assert {r.record_kind for r in reviews} == {"child", "household", "family_case"}
    for review in reviews:
        with as_system():
            Review.objects.filter(pk=review.pk).update(
                status=Review.Status.APPROVED,
                confirmed_by=world.bob,
                approved_by=world.dora,  # type: ignore[attr-defined]
            )
        assert services.execute(str(review.pk)) is not None
    assert figures(world) == before
    with as_system():
        closed.refresh_from_db()
        case_row = FamilyCase.objects.get(pk=case.pk)  # type: ignore[attr-defined]
        assert (
            closed.name == "Anonimizuota šeima"
            and not HouseholdAdult.objects.filter(household=closed).exists()
        )
        assert case_row.family_name == "Anonimizuota šeima" and case_row.outcome == Outcome.STAYED
        assert Destruction.objects.count() == 3
    assert child.pk

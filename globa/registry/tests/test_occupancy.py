"""The counts of children living with each household, kept on its row by the database's
triggers and read by matching instead of counting. Checked against a count after every kind of change,
for days ahead and behind, across scopes, and with two placements made at once."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import ProgrammingError, connection, connections, transaction

from globa.audit.models import AuditChange
from globa.lib import clock
from globa.oncall import availability
from globa.oncall.tests.helpers import signed
from globa.registry import selectors, services
from globa.registry.models import (
    CarerHousehold,
    Child,
    EndReason,
    HouseholdKind,
    HouseholdOwnChild,
    Placement,
    SiblingGroup,
)
from globa.testing import (
    CentreFactory,
    ChildFactory,
    HouseholdFactory,
    World,
    as_system,
    as_user,
    household_with,
    place,
)


def days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def occupancy(household: CarerHousehold) -> tuple[int, dt.date | None, int]:
    with as_system(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT placed_open, placed_settled_from, own_living "
            "FROM registry_carerhousehold WHERE id = %s",
            [household.pk],
        )
        placed, settled, own = cursor.fetchone()
    return placed, settled, own


def counted(household: CarerHousehold) -> tuple[int, dt.date | None, int]:
    """The same three figures counted from the rows."""
    with as_system():
        placements = list(Placement.objects.filter(household=household))
        own = HouseholdOwnChild.objects.filter(household=household, lives_in_household=True)
        dates = [p.started_on for p in placements] + [p.ended_on for p in placements if p.ended_on]
        return (
            sum(p.ended_on is None for p in placements),
            max(dates) if dates else None,
            own.count(),
        )


def placed_on(household: CarerHousehold, day: dt.date) -> int:
    with as_system(), connection.cursor() as cursor:
        cursor.execute("SELECT globa_placed(%s, %s)", [household.pk, day])
        return int(cursor.fetchone()[0])


def test_every_change_of_placements_and_own_children_is_counted(world: World) -> None:
    draw = random.Random(2026)
    homes = [HouseholdFactory(centre=world.centre_a) for _ in range(3)]
    children = [ChildFactory(centre=world.centre_a) for _ in range(8)]
    for step in range(60):
        action = draw.choice(["place", "end", "move", "delete", "own", "own_leaves"])
        home = draw.choice(homes)
        with as_system():
            placements = list(Placement.objects.filter(ended_on__isnull=True))
            own = list(HouseholdOwnChild.objects.all())
            busy = {p.child_id for p in Placement.objects.filter(ended_on__isnull=True)}
            if action == "place" and (free := [c for c in children if c.pk not in busy]):
                child = draw.choice(free)
                last = Placement.objects.filter(child=child).order_by("-started_on").first()
                start = (last.ended_on if last else days(-400)) + dt.timedelta(days=1)
                place(child, home, min(start, clock.today()))
            elif action == "end" and placements:
                p = draw.choice(placements)
                end = min(p.started_on + dt.timedelta(days=draw.randint(1, 30)), clock.today())
                if end > p.started_on:
                    p.ended_on, p.end_reason = end, EndReason.REUNIFIED
                    p.save()
            elif action == "move" and placements:
                p = draw.choice(placements)
                p.household = home
                p.save()
            elif action == "delete" and placements:
                draw.choice(placements).delete()
            elif action == "own":
                HouseholdOwnChild.objects.create(
                    household=home,
                    centre=world.centre_a,
                    first_name=f"Vaikas {step}",
                    birth_date=dt.date(2016, 1, 1),
                )
            elif action == "own_leaves" and own:
                child = draw.choice(own)
                child.lives_in_household = not child.lives_in_household
                child.save()
        for household in homes:
            assert occupancy(household) == counted(household), (step, action)
            assert placed_on(household, clock.today()) == counted(household)[0]
    # A bulk change of several households at once, in one statement.
    with as_system():
        Placement.objects.filter(household__in=homes[1:]).update(household=homes[0])
    for household in homes:
        assert occupancy(household) == counted(household)
    assert occupancy(homes[1])[0] == 0


def test_a_placement_ahead_or_a_day_behind_is_counted_on_its_days(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    signed(carer, world.bob, places=3, starts_on=days(-60))
    ended = place(ChildFactory(centre=world.centre_a), carer, days(-20))
    with as_system():
        ended.ended_on, ended.end_reason = days(-5), EndReason.REUNIFIED
        ended.save()
    place(ChildFactory(centre=world.centre_a), carer, days(-10))
    place(ChildFactory(centre=world.centre_a), carer, days(5))

    def placed(day: dt.date) -> int:
        with as_user(world.alice):
            [found] = availability.on_call_carers(day, household_ids=[carer.pk])
        return found.placed

    # From the latest start on, the open placements are who is placed.
    assert occupancy(carer) == (2, days(5), 0)
    assert placed(days(6)) == 2
    # Before it, they are counted: one ahead not yet, one ended still.
    assert placed(clock.today()) == 1
    assert placed(days(-7)) == 2
    assert placed(days(-30)) == 0


def test_the_count_includes_children_the_reader_may_not_see(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    signed(carer, world.bob, places=2)
    # A child of centre B placed with centre A's carer: the placement is centre B's record.
    place(ChildFactory(centre=world.centre_b), carer, days(-3))
    with as_user(world.alice):
        assert not Placement.objects.filter(household=carer).exists()
        [found] = availability.on_call_carers(clock.today(), household_ids=[carer.pk])
    assert (found.placed, found.free) == (1, 1)


def test_capacity_counts_the_children_another_centre_placed(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    place(ChildFactory(centre=world.centre_b), carer, days(-5))
    for _ in range(2):
        place(ChildFactory(centre=world.centre_a), carer, days(-4))
    fourth = ChildFactory(centre=world.centre_a)
    with as_user(world.alice):
        assert len(list(Placement.objects.filter(household=carer))) == 2
        with pytest.raises(ValidationError) as error:
            services.placement_start(
                by=world.alice,
                child=fourth,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
                household=carer,
            )
        assert "at most 3" in str(error.value)
        assert selectors.household_capacity(carer).placed == 3


def test_the_sibling_exception_sees_a_sibling_another_centre_placed(world: World) -> None:
    """A rule is judged on all the facts, also those the user may not see, and shows none."""
    family = household_with(world.alice, world.centre_a, kind=HouseholdKind.GUARDIAN_NON_RELATIVE)
    with as_system():
        group = SiblingGroup.objects.create(centre=world.centre_b, label="Jonaičiai")
    # The brother is centre B's record, placed with centre A's family.
    brother = ChildFactory(centre=world.centre_b, sibling_group=group)
    place(brother, family, days(-10))
    for _ in range(4):
        place(ChildFactory(centre=world.centre_a), family, days(-10))
    sister = ChildFactory(centre=world.centre_a, sibling_group=group)
    stranger = ChildFactory(centre=world.centre_a)
    with as_user(world.alice):
        assert not Placement.objects.filter(child=brother).exists()
        assert not selectors.keeps_siblings(family, group.pk, days(-11))
        with pytest.raises(ValidationError, match="at most 5"):
            services.placement_start(
                by=world.alice,
                child=stranger,
                household=family,
                kind=Placement.Kind.PERMANENT,
                started_on=clock.today(),
            )
        services.placement_start(
            by=world.alice,
            child=sister,
            household=family,
            kind=Placement.Kind.PERMANENT,
            started_on=clock.today(),
        )
    assert occupancy(family)[0] == 6


def test_the_application_cannot_write_the_counts_and_they_are_not_audited(
    world: World,
) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    with as_system():
        audited = AuditChange.objects.filter(row_id=str(carer.pk)).count()
    place(ChildFactory(centre=world.centre_a), carer, days(-3))
    for sql in (
        "UPDATE registry_carerhousehold SET placed_open = 0 WHERE id = %s",
        "UPDATE registry_carerhousehold SET own_living = 4, name = 'X' WHERE id = %s",
    ):
        with (
            as_system(),
            pytest.raises(ProgrammingError, match="kept by the database"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [carer.pk])
    with (
        as_system(),
        pytest.raises(ProgrammingError, match="kept by the database"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO registry_carerhousehold (id, centre_id, municipality_id, name, kind, "
            "status, address, languages, accepts_age_min, accepts_age_max, accepts_siblings, "
            "accepts_disability, version, created_at, updated_at, placed_open) "
            "SELECT gen_random_uuid(), centre_id, municipality_id, 'Y', kind, status, address, "
            "languages, 0, 17, true, false, 1, now(), now(), 3 "
            "FROM registry_carerhousehold WHERE id = %s",
            [carer.pk],
        )
    assert occupancy(carer)[0] == 1
    # The recount changed the household's row, which the audit trail does not record; an
    # edit of the household is recorded, without the counts.
    with as_system():
        assert AuditChange.objects.filter(row_id=str(carer.pk)).count() == audited
        carer.address = "Naujoji g. 2"
        carer.save()
        change = AuditChange.objects.filter(row_id=str(carer.pk)).latest("at")
    assert change.after["address"] == "Naujoji g. 2"
    assert "placed_open" not in change.after and "own_living" not in change.before


# Two placements at once need two connections and committed rows, so this test writes
# through its own threads' connections and removes what it wrote.


def in_thread(work: Callable[[], Any]) -> Any:
    """Run work on a connection of its own (a thread's), outside the test's transaction."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def waiting_for_a_lock() -> bool:
    def look() -> bool:
        # As the test session's role: the sessions waiting are its own.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return bool(cursor.fetchone()[0])

    return bool(in_thread(look))


@pytest.mark.django_db(databases=["default", "owner"])
def test_two_placements_made_at_once_are_both_counted() -> None:
    def set_up() -> tuple[CarerHousehold, list[Child]]:
        centre = CentreFactory(services=False)
        carer = HouseholdFactory(centre=centre)
        with as_system():
            # The household's row exists before, as it does for most placements.
            HouseholdOwnChild.objects.create(
                household=carer, centre=centre, first_name="Ona", birth_date=dt.date(2016, 1, 1)
            )
        return carer, [ChildFactory(centre=centre) for _ in range(2)]

    carer, children = in_thread(set_up)
    first_placed, release = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic():
            place(children[0], carer, days(-1))
            first_placed.set()
            release.wait(timeout=30)

    def second() -> None:
        first_placed.wait(timeout=30)
        with transaction.atomic():
            place(children[1], carer, days(-1))

    threads = [threading.Thread(target=in_thread, args=(work,)) for work in (first, second)]
    try:
        for thread in threads:
            thread.start()
        # The second waits for the first's count before it counts.
        deadline = time.monotonic() + 20
        while not waiting_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_for_a_lock()
        release.set()
        for thread in threads:
            thread.join(timeout=30)
        assert in_thread(lambda: occupancy(carer)) == (2, days(-1), 1)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=30)
        in_thread(lambda: _remove(carer))


def _remove(carer: CarerHousehold) -> None:
    with transaction.atomic(using="owner"), connections["owner"].cursor() as cursor:
        ids: dict[str, Any] = {"household": carer.pk, "centre": carer.centre_id}
        cursor.execute("DELETE FROM registry_placement WHERE household_id = %(household)s", ids)
        cursor.execute(
            "DELETE FROM registry_householdownchild WHERE household_id = %(household)s", ids
        )
        cursor.execute("DELETE FROM registry_carerhousehold WHERE id = %(household)s", ids)
        cursor.execute("DELETE FROM registry_child WHERE centre_id = %(centre)s", ids)
        cursor.execute("DELETE FROM organisations_organisation WHERE id = %(centre)s", ids)
        cursor.execute("DELETE FROM audit_change WHERE organisation_id = %(centre)s", ids)

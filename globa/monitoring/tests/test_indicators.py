"""Every indicator computed twice over generated data, by the database's grouped counts and
by a plain computation over the records (``plain.py``), for several periods and areas; and
the edges of a period: a placement starting or ending on its first or last day, a child
turning 18 in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from globa.lib import clock
from globa.lib.dates import add_years
from globa.lib.dbscope import system_scope
from globa.monitoring import compute, selectors
from globa.monitoring.compute import CENTRE, COUNTRY, COUNTY, MUNICIPALITY, Area
from globa.monitoring.indicators import BY_CODE, INDICATORS
from globa.monitoring.periods import Period
from globa.monitoring.permissions import View
from globa.monitoring.tests import plain
from globa.organisations.models import Organisation
from globa.registry.models import Child, HouseholdKind, Placement
from globa.testing import ChildFactory, HouseholdFactory, World, as_system, as_user

pytestmark = pytest.mark.django_db

# On-call carers, places and free places are counted by globa_on_call_by_centre, which the
# public figures' test keeps equal to emergency matching's own count.
CHECKED_ELSEWHERE = {"on_call_carers", "on_call_places", "on_call_free"}


def _periods(today: dt.date) -> list[Period]:
    year = today.year
    return [
        Period.year(year - 1),
        Period.quarter(year, (today.month - 1) // 3 + 1).previous(),
        Period.month(today.year, today.month).previous(),
        Period("custom", today - dt.timedelta(days=400), today),
    ]


def test_every_indicator_agrees_with_a_plain_computation() -> None:
    call_command(
        "generate",
        tier="municipality",
        scale=0.15,
        today=clock.today(),
        no_analyze=True,
        stdout=StringIO(),
    )
    today = clock.today()
    with system_scope():
        centre = Organisation.objects.filter(kind="care_centre").order_by("pk").first()
        assert centre is not None and centre.municipality is not None
        areas = [
            Area(COUNTRY),
            Area(MUNICIPALITY, centre.municipality_id),
            Area(COUNTY, centre.municipality.county_id),
            Area("centre", centre.pk),
        ]
        checked = 0
        nonzero: set[str] = set()
        for period in _periods(today):
            rows = {source: fn(period) for source, fn in plain.SOURCES.items()}
            for area in areas:
                found = compute.all_facts(period, area)
                for indicator in INDICATORS:
                    if indicator.code in CHECKED_ELSEWHERE:
                        continue
                    got = compute.value(indicator, found[indicator.source])
                    expected = plain.figure(indicator, rows[indicator.source], area)
                    assert (got.numerator, got.denominator) == expected, (
                        indicator.code,
                        period,
                        area,
                    )
                    checked += 1
                    if expected[0]:
                        nonzero.add(indicator.code)
                    if indicator.by_part:
                        parts = compute.ratio_breakdown(indicator, found[indicator.source])
                        got_parts = {
                            key: (v.numerator, v.denominator or 0)
                            for row in parts.values()
                            for key, v in row.items()
                            if v.numerator or v.denominator
                        }
                        wanted = {
                            key: pair
                            for key, pair in plain.by_part(
                                indicator, rows[indicator.source], area
                            ).items()
                            if any(pair)
                        }
                        assert got_parts == wanted, (indicator.code, period, area)
                    # Its other breakdowns (sex, age band, form of the service, …) too.
                    for name, measure in indicator.extra_breakdowns.items():
                        split: dict[str, int] = {}
                        for row in compute.breakdown(
                            indicator, found[indicator.source], measure=measure
                        ).values():
                            for key, count in row.items():
                                split[key] = split.get(key, 0) + count
                        assert {k: v for k, v in split.items() if v} == plain.by_measure(
                            measure, rows[indicator.source], area
                        ), (indicator.code, name, period, area)
                        if name == "form" and split:
                            nonzero.add(f"{indicator.code}_by_form")
        # The dashboard shows the same figures, exactly, for every indicator: a count whose
        # categories are kept (infants, staff) too.
        period = _periods(today)[0]
        area = Area(MUNICIPALITY, centre.municipality_id)
        view = View(area, "", CENTRE, exact=True)
        board = selectors.count_dashboard(view, period, with_charts=False)
        found = compute.all_facts(period, area)
        for indicator in INDICATORS:
            figure = board.figure(indicator.code)
            if indicator.total_across_parts:
                assert figure.total.value == (
                    compute.value(indicator, found[indicator.source]).value
                ), indicator.code
    assert checked > 100
    # The generated history gives most indicators something to count.
    assert len(nonzero) >= 15, nonzero
    assert {"services_by_form", "people_served_by_form"} <= nonzero


@pytest.fixture
def world() -> World:
    return World()


def _in_care(period: Period, area: Area) -> tuple[int, int, int]:
    found = compute.facts("children", period, area)
    by = {
        code: compute.value(i, found).numerator
        for code, i in BY_CODE.items()
        if i.source == "children"
    }
    return by["children_in_care"], by["entries"], by["exits"]


def test_a_placement_on_the_periods_edges(world: World) -> None:
    period = Period.month(2025, 3)
    area = Area("centre", world.centre_a.pk)
    household = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
    first = ChildFactory(centre=world.centre_a)
    last = ChildFactory(centre=world.centre_a)
    with as_system():
        # Starts on the first day, ends on the last: an entry and an exit, not in the stock.
        Placement.objects.create(
            child=first,
            centre=world.centre_a,
            household=household,
            kind="temporary",
            started_on=period.start,
            ended_on=period.end,
            end_reason="reunified",
        )
        # Starts on the last day: an entry, and in the stock of that day.
        Placement.objects.create(
            child=last,
            centre=world.centre_a,
            household=household,
            kind="temporary",
            started_on=period.end,
        )
    assert _in_care(period, area) == (1, 2, 1)
    # The month before knows nothing of them; the month after has the one still placed.
    assert _in_care(period.previous(), area) == (0, 0, 0)
    after = Period.month(2025, 4)
    assert _in_care(after, area) == (1, 0, 0)


def test_a_move_is_neither_an_exit_nor_an_entry(world: World) -> None:
    period = Period.month(2025, 3)
    area = Area("centre", world.centre_a.pk)
    one = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.ON_CALL)
    two = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.PERMANENT)
    child = ChildFactory(centre=world.centre_a)
    moved = dt.date(2025, 3, 10)
    with as_system():
        Placement.objects.create(
            child=child,
            centre=world.centre_a,
            household=one,
            kind="temporary",
            started_on=dt.date(2025, 1, 5),
            ended_on=moved,
            end_reason="moved",
        )
        Placement.objects.create(
            child=child, centre=world.centre_a, household=two, kind="permanent", started_on=moved
        )
    assert _in_care(period, area) == (1, 0, 0)
    found = compute.facts("children", period, area)
    stability = compute.breakdown(BY_CODE["stability"], found)
    assert stability[0] == {"2": 1}
    kept = compute.value(BY_CODE["kept_out"], found)
    assert kept.numerator == 1


def test_a_child_turning_18_in_the_period(world: World) -> None:
    period = Period.year(2025)
    area = Area("centre", world.centre_a.pk)
    birthday = add_years(dt.date(2025, 12, 31), -18)  # 18 on the period's last day
    child = ChildFactory(
        centre=world.centre_a,
        birth_date=birthday,
        status=Child.Status.SUPPORTED_AFTER_18,
        support_extended_until=dt.date(2027, 12, 30),
        support_extension_decision="Nr. 1",
    )
    younger = ChildFactory(
        centre=world.centre_a,
        birth_date=birthday + dt.timedelta(days=1),
        support_extended_until=dt.date(2028, 1, 1),
        support_extension_decision="Nr. 2",
    )
    household = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
    with as_system():
        Placement.objects.create(
            child=child,
            centre=world.centre_a,
            household=household,
            kind="temporary",
            started_on=dt.date(2020, 1, 1),
        )
    found = compute.facts("children", period, area)
    assert compute.value(BY_CODE["after_18"], found).numerator == 1
    ages = compute.breakdown(BY_CODE["children_in_care"], found, measure="in_care_age")
    assert ages[0] == {"18-21": 1}
    assert younger.pk  # 18 only the day after the period: not counted


def test_the_mean_change_is_the_assessments_own_change_since_the_first(world: World) -> None:
    from globa.assessments.models import Assessment as AssessmentRow
    from globa.assessments.registry import definition_of
    from globa.assessments.selectors import change_over_time
    from globa.devdata.demo_assessments import _version, assess

    today = clock.today()
    definition = definition_of(_version("care_review"))
    codes = list(definition.items)

    def made(days_ago: int, level: int) -> AssessmentRow:
        return assess(
            assessor=world.bob,
            subject=world.household,
            code="care_review",
            timepoint="review",
            on=today - dt.timedelta(days=days_ago),
            values=dict.fromkeys(codes, level),
            today=today,
        )

    with as_user(world.bob):
        first, second, third = made(300, 1), made(200, 3), made(100, 2)
    with system_scope():
        kept = {
            a.pk: a.improvement
            for a in AssessmentRow.objects.filter(pk__in=[first.pk, second.pk, third.pk])
        }
        assert kept[first.pk] is None  # a first assessment has no change
        for later in (second, third):
            change = change_over_time(later)
            assert change is not None and change.improvement is not None
            assert kept[later.pk] == change.improvement.quantize(kept[later.pk])
        assert kept[second.pk] > 0 and kept[third.pk] > 0
        assert kept[third.pk] < kept[second.pk]
        indicator = BY_CODE["assessment_change"]
        area = Area("centre", world.centre_a.pk)

        def mean(period: Period) -> dict[str, object]:
            found = compute.facts("assessments", period, area)
            return {
                key: v.value
                for row in compute.ratio_breakdown(indicator, found).values()
                for key, v in row.items()
            }

        # The latest in the period counts, since the very first; the first alone: nothing.
        everything = Period("custom", today - dt.timedelta(days=365), today)
        assert mean(everything) == {"care_review": kept[third.pk].quantize(Decimal("0.1"))}
        second_only = Period(
            "custom", today - dt.timedelta(days=250), today - dt.timedelta(days=150)
        )
        assert mean(second_only) == {"care_review": kept[second.pk].quantize(Decimal("0.1"))}
        first_only = Period(
            "custom", today - dt.timedelta(days=310), today - dt.timedelta(days=290)
        )
        assert mean(first_only) == {}


def test_a_corrected_assessment_counts_once(world: World) -> None:
    from globa.assessments import services as assessment_services
    from globa.devdata.demo_assessments import assess

    today = clock.today()
    with as_user(world.bob):
        original = assess(
            assessor=world.bob,
            subject=world.household,
            code="care_review",
            timepoint="review",
            on=today - dt.timedelta(days=20),
            values={},
            today=today,
        )
        amendment = assessment_services.assessment_amend(
            by=world.bob, assessment=original, reason="Neteisingai pažymėtas atsakymas"
        )
    period = Period("custom", today - dt.timedelta(days=60), today)
    area = Area(CENTRE, world.centre_a.pk)

    def counted() -> tuple[int, int]:
        with system_scope():
            found = compute.facts("assessments", period, area)
            by_plain = sum(
                n
                for (measure, _c, org, _m), n in plain.assessments(period).items()
                if measure == "assessments" and org == world.centre_a.pk
            )
        return compute.value(BY_CODE["assessments"], found).numerator, by_plain

    # The amendment still a draft: the original counts.
    assert counted() == (1, 1)
    with as_user(world.bob):
        amendment.refresh_from_db()
        assessment_services.assessment_complete(
            by=world.bob, assessment=amendment, summary="Pataisyta", version=amendment.version
        )
    # Done: it counts in the original's place, once.
    assert counted() == (1, 1)

"""The planner keeps the rules on its own, before anything reaches the database."""

import itertools
from collections import defaultdict

from globa.devdata import names
from globa.devdata.plan import (
    ADOPTIVE,
    COMMUNITY_HOME,
    FAMILY_HOME,
    GUARDIAN_NON_RELATIVE,
    GUARDIAN_RELATIVE,
    INSTITUTION,
    ON_CALL,
    PERMANENT,
    CentreSpec,
    HomeSpec,
    Limits,
    Planner,
    World,
)
from globa.lib import clock, personal_code
from globa.lib.dates import add_years

LIMITS = {
    ON_CALL: Limits(max_placed=3, max_total=5, max_months_per_child=12),
    GUARDIAN_RELATIVE: Limits(max_total=5),
    GUARDIAN_NON_RELATIVE: Limits(max_total=5),
    PERMANENT: Limits(max_total=5),
    FAMILY_HOME: Limits(max_total=12),
}


def plan(seed: int = 1) -> World:
    centres = [
        CentreSpec(
            id=centre,
            municipality_id=100,
            municipality_name=names.VILNIUS,
            county_id=1,
            manager_id=1000 + centre,
            coordinator_ids=[2000 + 10 * centre + k for k in range(3)],
            households={
                GUARDIAN_RELATIVE: 8,
                GUARDIAN_NON_RELATIVE: 5,
                ON_CALL: 3,
                PERMANENT: 2,
                ADOPTIVE: 2,
                FAMILY_HOME: 1,
            },
            in_care=30,
            left_care=60,
            after_18=2,
        )
        for centre in (1, 2)
    ]
    homes = [HomeSpec(900, INSTITUTION, 1), HomeSpec(901, COMMUNITY_HOME, 1)]
    return Planner(
        centres=centres,
        homes=homes,
        municipalities_by_county={1: [100]},
        limits=LIMITS,
        today=clock.today(),
        seed=seed,
    ).plan()


def test_the_same_seed_plans_the_same_world() -> None:
    assert plan(seed=5) == plan(seed=5)
    assert plan(seed=5).children != plan(seed=6).children


def test_a_child_is_never_in_two_placements_at_once() -> None:
    by_child = defaultdict(list)
    for p in plan().placements:
        by_child[p.child_id].append(p)
    for placements in by_child.values():
        placements.sort(key=lambda p: p.started_on)
        for earlier, later in itertools.pairwise(placements):
            assert earlier.ended_on is not None
            assert earlier.ended_on <= later.started_on
        for p in placements:
            assert p.ended_on is None or p.ended_on > p.started_on
            assert bool(p.ended_on) == bool(p.end_reason)
            assert (p.household_id is None) != (p.institution_id is None)


def test_no_household_ever_holds_more_than_its_rule_allows() -> None:
    world = plan()
    kinds = {h.id: h.kind for h in world.households}
    own = defaultdict(int)
    for child in world.own_children:
        own[child.household_id] += child.lives_in_household
    by_household = defaultdict(list)
    for p in world.placements:
        if p.household_id:
            by_household[p.household_id].append(p)
    for household, placements in by_household.items():
        rule = LIMITS.get(kinds[household], Limits())
        for p in placements:
            placed = sum(
                1
                for q in placements
                if q.started_on <= p.started_on
                and (q.ended_on is None or q.ended_on > p.started_on)
            )
            assert placed <= (rule.max_placed or 99)
            assert placed + own[household] <= (rule.max_total or 99)


def test_on_call_placements_stay_under_twelve_months() -> None:
    world = plan()
    on_call = {h.id for h in world.households if h.kind == ON_CALL}
    for p in world.placements:
        if p.household_id in on_call:
            assert ((p.ended_on or clock.today()) - p.started_on).days < 365


def test_every_household_but_a_closed_one_has_exactly_one_coordinator() -> None:
    world = plan()
    active = defaultdict(list)
    for a in world.assignments:
        if a.ended_on is None:
            active[a.household_id].append(a)
        else:
            assert a.ended_on >= a.started_on
    for household in world.households:
        expected = 0 if household.status == "closed" else 1
        assert len(active[household.id]) == expected, household


def test_children_have_valid_codes_and_gendered_surnames() -> None:
    for child in plan().children:
        if child.personal_code is None:
            assert child.other_identifier and child.other_identifier_country == "Ukraina"
            continue
        parsed = personal_code.parse(child.personal_code)
        assert (parsed.birth_date, parsed.sex) == (child.birth_date, child.sex)
        if child.sex == "F" and child.last_name not in names.UKRAINIAN_SURNAMES:
            assert child.last_name.endswith(("aitė", "ytė", "utė", "iūtė")), child.last_name


def test_children_in_care_are_under_18_and_placed_now() -> None:
    world = plan()
    open_placements = {p.child_id for p in world.placements if p.ended_on is None}
    for child in world.children:
        if child.status == "in_care":
            assert child.id in open_placements
            assert child.birth_date > add_years(clock.today(), -18)
        if child.status == "left_care":
            assert child.id not in open_placements
        if child.status == "after_18":
            assert child.support_extended_until and child.support_extension_decision


def test_nobody_is_placed_anew_after_18_and_age_ranges_hold() -> None:
    world = plan(seed=3)
    births = {c.id: c.birth_date for c in world.children}
    for p in world.placements:
        birth = births[p.child_id]
        assert p.started_on < add_years(birth, 18) or (birth.month == 2 and birth.day == 29)
    for household in world.households:
        assert household.accepts_age_min <= household.accepts_age_max <= 17

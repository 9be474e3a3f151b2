"""Emergency placement matching: every hard rule, the explained score and its weights, the
choice recorded with the placements made in one step, and several emergencies at once
(the optimum against the one-by-one result and a brute-force search)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.lib import clock
from globa.lib.dates import add_years
from globa.oncall import matching, selectors, services
from globa.oncall.availability import Availability, Experience
from globa.oncall.models import Match
from globa.oncall.tests.helpers import resting, signed
from globa.registry.models import CarerHousehold, Child, Placement, SiblingGroup
from globa.testing import (
    ChildFactory,
    World,
    as_system,
    as_user,
    household_with,
    municipality,
    place,
)


def born(age: int) -> dt.date:
    return add_years(clock.today(), -age) - dt.timedelta(days=10)


def carer(world: World, name: str, **terms: object) -> CarerHousehold:
    """An on-call carer of centre A with a contract in force."""
    kw = {k: terms.pop(k) for k in ("municipality", "languages") if k in terms}
    household = household_with(world.alice, world.centre_a, name=name, kind="on_call", **kw)
    signed(household, world.bob, **terms)
    return household


def siblings(world: World, *ages: int, **kw: object) -> list[Child]:
    with as_system():
        group = SiblingGroup.objects.create(centre=world.centre_a, label="Jonaičiai")
    return [
        ChildFactory(
            centre=world.centre_a,
            first_name=f"Vaikas{n}",
            birth_date=born(age),
            sibling_group=group,
            **kw,
        )
        for n, age in enumerate(ages)
    ]


def ranking(world: World, children: list[Child]) -> matching.Ranking:
    with as_user(world.alice):
        return selectors.ranking_for(children, clock.today())


def reason_for(result: matching.Ranking, household: CarerHousehold) -> str:
    return next(e.reason for e in result.excluded if e.carer.household_id == household.pk)


def test_the_hard_rules_exclude_with_their_reason(world: World) -> None:
    group = siblings(world, 2, 5, 9)
    fits = carer(world, "Tinka")
    two_places = carer(world, "Dvi vietos", places=2)
    young_only = carer(world, "Tik mažiems", age_max=6)
    no_siblings = carer(world, "Be brolių", accepts_siblings=False)
    on_respite = carer(world, "Ilsisi")
    with as_system():
        contract = on_respite.contracts.get()
    resting(contract, world.bob)
    expired = household_with(world.alice, world.centre_a, name="Pasibaigusi", kind="on_call")
    signed(
        expired,
        world.bob,
        starts_on=clock.today() - dt.timedelta(days=400),
        ends_on=clock.today() - dt.timedelta(days=40),
    )
    # One child already placed with a carer of three places leaves two: not enough for three.
    busy = carer(world, "Užimta")
    place(ChildFactory(centre=world.centre_a), busy, clock.today() - dt.timedelta(days=3))
    result = ranking(world, group)
    assert [r.carer.household_id for r in result.ranked] == [fits.pk]
    assert "2 free of 2 places; 3 needed" in reason_for(result, two_places)
    assert "2 free of 3 places; 3 needed" in reason_for(result, busy)
    assert "aged 0 to 6; Vaikas2 is 9" in reason_for(result, young_only)
    assert reason_for(result, no_siblings) == "Does not take sibling groups."
    assert reason_for(result, on_respite).startswith("On respite until")
    assert reason_for(result, expired).startswith("No contract on")
    assert reason_for(result, world.household).startswith("No contract on")  # never signed


def test_a_child_with_disability_goes_only_to_a_carer_who_accepts_it(world: World) -> None:
    child = ChildFactory(centre=world.centre_a, birth_date=born(4), has_disability=True)
    no = carer(world, "Nepriima")
    yes = carer(world, "Priima", accepts_disability=True)
    result = ranking(world, [child])
    assert [r.carer.household_id for r in result.ranked] == [yes.pk]
    assert reason_for(result, no) == "Does not take children with disability."


def test_the_score_explains_itself_and_follows_the_weights(world: World) -> None:
    kaunas = municipality("Kauno miesto savivaldybė")
    child = ChildFactory(centre=world.centre_a, birth_date=born(7), languages=["rusų"])
    near = carer(world, "Arti")
    far_speaks = carer(
        world, "Toli, kalba rusiškai", municipality=kaunas, languages=["lietuvių", "rusų"]
    )
    result = ranking(world, [child])
    assert [r.carer.name for r in result.ranked] == ["Arti", "Toli, kalba rusiškai"]
    first = result.ranked[0]
    parts = {p.criterion: p for p in first.parts}
    assert parts["near"].note == "same municipality" and parts["near"].value == 1
    assert parts["language"].value == 0 and "Russian" in parts["language"].note
    assert parts["load"].value == 1
    # Default weights near 3, language 2, load 1: 4 of 6 points against 3 of 6.
    assert round(first.score, 1) == 66.7 and round(result.ranked[1].score, 1) == 50.0
    # The manager values the language more: the order turns.
    with as_user(world.bob):
        services.weights_set(by=world.bob, centre=world.centre_a, weights={"language": 6})
    again = ranking(world, [child])
    assert [r.carer.household_id for r in again.ranked] == [far_speaks.pk, near.pk]
    assert near.pk


def test_a_brother_already_with_a_carer_counts(world: World) -> None:
    older, younger = siblings(world, 10, 6)
    with_brother = carer(world, "Su broliu")
    carer(world, "Be brolio")
    place(older, with_brother, clock.today() - dt.timedelta(days=5))
    result = ranking(world, [younger])
    assert result.ranked[0].carer.household_id == with_brother.pk
    part = {p.criterion: p for p in result.ranked[0].parts}["siblings"]
    assert part.value == 1 and "brother or sister" in part.note


def test_choosing_places_the_sibling_group_in_one_step(world: World) -> None:
    group = siblings(world, 3, 6)
    best = carer(world, "Geriausia")
    kaunas = municipality("Kauno miesto savivaldybė")
    other = carer(world, "Kita", municipality=kaunas)
    with as_user(world.alice):
        # Passing over the first needs a reason: nothing is placed without it.
        with pytest.raises(ValidationError) as error:
            services.match_place(
                by=world.alice, children=group, household=other, placed_on=clock.today()
            )
        assert "passed over" in error.value.message_dict["reasons"][0]
        assert not Placement.objects.filter(household=other).exists()
        chosen = services.match_place(
            by=world.alice,
            children=group,
            household=other,
            placed_on=clock.today(),
            reasons="Vaikai lanko mokyklą Kaune.",
        )
        placements = list(Placement.objects.filter(household=other))
    assert len(placements) == 2 and all(p.is_emergency for p in placements)
    assert sorted(chosen.placements) == sorted(p.pk for p in placements)
    assert (chosen.rank, chosen.household) == (2, other)
    assert [row["name"] for row in chosen.ranking] == ["Geriausia", "Kita"]
    # The carer is now full for another pair: excluded with the reason.
    result = ranking(world, siblings(world, 4, 8))
    assert "1 free of 3 places; 2 needed" in reason_for(result, other)
    assert best.pk


def test_an_excluded_carer_cannot_be_chosen(world: World) -> None:
    child = ChildFactory(centre=world.centre_a, birth_date=born(12))
    small = carer(world, "Tik mažiems", age_max=6)
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.match_place(
            by=world.alice, children=[child], household=small, placed_on=clock.today()
        )
    assert "cannot take the children" in error.value.message_dict["household"][0]
    with as_system():
        assert not Match.objects.exists() and not Placement.objects.filter(child=child).exists()


def test_the_match_page_ranks_explains_and_places(world: World) -> None:
    child = ChildFactory(centre=world.centre_a, first_name="Matas", birth_date=born(5))
    household = carer(world, "Budinčių Petraičių šeima")
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    url = reverse("oncall:match")
    page = client.get(url, {"children": str(child.pk)}).content.decode()
    assert "Budinčių Petraičių šeima" in page and "same municipality" in page
    assert "1 carer excluded by the rules" in page  # the world's household, no contract
    # Nobody has met this carer: the ranking says so beside them.
    assert "No coordinator has met this carer yet." in page
    response = client.post(
        url,
        {
            "children": str(child.pk),
            "household": str(household.pk),
            "placed_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    with as_system():
        assert Placement.objects.get(child=child).household == household
        assert Match.objects.get().rank == 1
    # Outsiders do not find the child; a specialist may not place.
    other = ChildFactory(centre=world.centre_a, birth_date=born(5))
    assert world.client_for(world.charlie).get(url, {"children": str(other.pk)}).status_code == 404
    assert world.client_for(world.carol).get(url, {"children": str(other.pk)}).status_code == 403
    assert client.get(url, {"children": "nonsense"}).status_code == 404


def test_the_night_page_shows_both_assignments(world: World) -> None:
    carer(world, "Viena vieta", places=1)
    carer(world, "Trys vietos")
    ChildFactory(centre=world.centre_a, first_name="Pirmas", birth_date=born(4))
    ChildFactory(centre=world.centre_a, first_name="Antras", birth_date=born(6))
    with as_system():
        waiting = list(Child.objects.filter(first_name__in=["Pirmas", "Antras"]))
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("oncall:night"), {"children": [str(c.pk) for c in waiting]}
    ).content.decode()
    assert "Best assignment" in page and "One by one" in page
    assert page.count("no place") == 0


# Several emergencies at once: the optimum ---------------------------------------------------


def brute_force(units: list[matching.Unit], free: dict[uuid.UUID, int]) -> tuple[int, float]:
    """The best (children placed, total score) over every way to assign the units."""
    best = (0, 0.0)
    choices = [[None, *u.options] for u in units]
    for combo in itertools.product(*choices):
        left = dict(free)
        ok = True
        for unit, household in zip(units, combo, strict=True):
            if household is None:
                continue
            left[household] -= unit.size
            ok = ok and left[household] >= 0
        if ok:
            placed = sum(u.size for u, h in zip(units, combo, strict=True) if h is not None)
            total = sum(u.options[h] for u, h in zip(units, combo, strict=True) if h is not None)
            best = max(best, (placed, round(total, 6)))
    return best


def random_case(
    rng: random.Random, n_units: int, n_carers: int
) -> tuple[list[matching.Unit], dict[uuid.UUID, int]]:
    carers = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(n_carers)]
    free = {c: rng.randint(1, 3) for c in carers}
    units = []
    for n in range(n_units):
        size = rng.choice([1, 1, 1, 2, 3])
        options = {
            c: round(rng.uniform(10, 100), 1)
            for c in carers
            if free[c] >= size and rng.random() < 0.6
        }
        units.append(matching.Unit(f"u{n}", size, options))
    return units, free


def outcome(assignment: matching.Assignment, units: list[matching.Unit]) -> tuple[int, float]:
    return assignment.children(units), round(assignment.total(units), 6)


def test_the_optimum_matches_a_brute_force_search_on_small_cases() -> None:
    rng = random.Random(7)
    for _ in range(60):
        units, free = random_case(rng, rng.randint(1, 4), rng.randint(1, 4))
        best = matching.optimal(units, free)
        assert outcome(best, units) == brute_force(units, free)
        # Every carer's free places hold.
        used: dict[uuid.UUID, int] = {}
        for unit in units:
            if unit.key in best.chosen:
                used[best.chosen[unit.key]] = used.get(best.chosen[unit.key], 0) + unit.size
        assert all(used[c] <= free[c] for c in used)


def test_the_optimum_is_never_worse_than_one_by_one() -> None:
    rng = random.Random(11)
    for _ in range(40):
        units, free = random_case(rng, rng.randint(5, 25), rng.randint(3, 30))
        best, greedy = matching.optimal(units, free), matching.greedy(units, free)
        assert outcome(best, units) >= outcome(greedy, units)


def test_one_by_one_can_lose_a_child_the_optimum_places() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    units = [
        matching.Unit("first", 1, {a: 90.0, b: 80.0}),
        matching.Unit("second", 1, {a: 70.0}),
    ]
    free = {a: 1, b: 1}
    assert outcome(matching.greedy(units, free), units) == (1, 90.0)
    assert outcome(matching.optimal(units, free), units) == (2, 150.0)


def test_the_scores_for_several_emergencies_are_the_ranking_scores(world: World) -> None:
    group = siblings(world, 2, 13, has_disability=True)
    for name in ("Pirma", "Antra", "Trečia"):
        carer(world, name, accepts_disability=True)
    carer(world, "Nepriima")
    with as_user(world.alice):
        ranked = selectors.ranking_for(group, clock.today())
        inputs = selectors.matching_inputs(clock.today(), {group[0].sibling_group_id})
        scores = matching.options(
            inputs.carers,
            selectors.needs_of(group, clock.today()),
            selectors.weights_for(world.centre_a.pk),
            inputs.experience,
            set(),
        )
    assert scores == pytest.approx({r.carer.household_id: r.score for r in ranked.ranked})
    assert len(scores) == 3


def random_carer(rng: random.Random) -> Availability:
    places = rng.choice([0, 2, 3])
    placed = rng.randint(0, places)
    return Availability(
        household_id=uuid.UUID(int=rng.getrandbits(128)),
        name="c",
        centre_id=1,
        municipality_id=rng.choice([1, 2, 3]),
        languages=tuple(rng.sample(["lietuvių", "rusų", "lenkų"], rng.randint(0, 2))),
        contract_id=uuid.uuid4() if places else None,
        contract_number="",
        contract_ends_on=None,
        age_min=rng.choice([0, 0, 3]),
        age_max=rng.choice([6, 17, 17]),
        accepts_disability=rng.random() < 0.4,
        accepts_siblings=rng.random() < 0.7,
        around_the_clock=True,
        respite_until=None,
        placed=placed,
        own=0,
        places=places,
        free=places - placed,
        status="free",
        county_id=rng.choice([None, 10, 20]),
    )


def test_scoring_a_night_at_once_gives_the_ranking_scores() -> None:
    """The arrays of a night score every carer as the one-child ranking does."""
    rng = random.Random(5)
    carers = [random_carer(rng) for _ in range(60)]
    households = [c.household_id for c in carers]
    for _ in range(40):
        group = [
            matching.ChildNeeds(
                uuid.uuid4(),
                "V",
                rng.randint(0, 17),
                rng.random() < 0.2,
                tuple(rng.sample(["lietuvių", "rusų"], rng.randint(0, 1))),
                rng.choice([1, 2, 3]),
                rng.choice([None, 10, 20]),
                uuid.uuid4() if rng.random() < 0.5 else None,
            )
            for _ in range(rng.randint(1, 3))
        ]
        weights = {
            c: rng.randint(0, 5) for c in ("near", "siblings", "language", "load", "experience")
        }
        experience = {
            h: Experience(rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 1))
            for h in households
        }
        siblings = set(rng.sample(households, rng.randint(0, 3)))
        ranked = matching.rank(
            carers,
            group,
            clock.today(),
            weights,
            lambda ids, had=experience: had,
            siblings,
            explained=0,
        )
        scores = matching.Pool(carers).options(
            group, weights, lambda ids, had=experience: had, siblings
        )
        assert scores == pytest.approx({r.carer.household_id: r.score for r in ranked.ranked})


def test_a_carer_met_too_long_ago_is_flagged_beside_their_score(world: World) -> None:
    from globa.support import services as support_services
    from globa.support.models import DeliveryForm, Service

    child = ChildFactory(centre=world.centre_a, first_name="Matas", birth_date=born(5))
    household = carer(world, "Budinčių Petraičių šeima")
    met = clock.today() - dt.timedelta(days=40)
    with as_user(world.alice):
        support_services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=support_services.Contact(
                Service.objects.get(code="coordinator_assistance"), met, 60, DeliveryForm.HOME_VISIT
            ),
            household=household,
        )
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("oncall:match"), {"children": str(child.pk)}).content.decode()
    assert f"Contact overdue: a coordinator last met this carer on {met.isoformat()}." in page

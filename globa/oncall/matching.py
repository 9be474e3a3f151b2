"""Emergency placement matching: which on-call carers may take a child or a sibling group
(the hard rules), how well each fits (a score from weighted criteria, every part shown),
and, for a night with several emergencies, the assignment that places the most children
with the best total score. Pure functions: the inputs are read by the selectors."""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from globa.lib import languages as language_names
from globa.oncall.availability import Availability, Experience
from globa.oncall.models import Criterion


@dataclass(frozen=True)
class ChildNeeds:
    """What matching needs to know of one child."""

    id: uuid.UUID
    name: str
    age: int
    has_disability: bool
    languages: tuple[str, ...]
    municipality_id: int
    county_id: int | None
    sibling_group_id: uuid.UUID | None


class Part(NamedTuple):
    criterion: str
    label: str
    value: float  # 0..1
    weight: int
    note: str

    @property
    def points(self) -> float:
        return self.value * self.weight


class Ranked(NamedTuple):
    carer: Availability
    score: float  # 0..100
    parts: tuple[Part, ...]
    rank: int


class Excluded(NamedTuple):
    carer: Availability
    reason: str


@dataclass(frozen=True)
class Ranking:
    ranked: list[Ranked]
    excluded: list[Excluded]


class _Texts:
    """The words of the explanations, translated once per ranking, not once per carer."""

    def languages(self, names: Iterable[str]) -> list[str]:
        """Languages (kept in lower case) named in the reader's language."""
        return sorted(language_names.shown(sorted(names), self.language))

    def __init__(self) -> None:
        self.labels = {value: str(label) for value, label in Criterion.choices}
        self.same_municipality = _("same municipality")
        self.same_county = _("same county")
        self.another_county = _("another county")
        self.sibling_there = _("a brother or sister lives there")
        self.no_sibling = _("no brother or sister there")
        self.none_of = _("none of %(langs)s")
        self.language = translation.get_language() or "lt"
        self.taken = _("%(placed)d of %(places)d places taken")
        self.needs = {
            "disability": _("disability"),
            "infants": _("infants"),
            "teenagers": _("teenagers"),
        }
        self.none_yet = _("none yet")
        self.no_contract = _("No contract on %(day)s.")
        self.respite = _("On respite until %(day)s.")
        self.no_room = _("%(free)d free of %(places)d places; %(needed)d needed.")
        self.no_siblings = _("Does not take sibling groups.")
        self.ages = _("Takes children aged %(low)d to %(high)d; %(name)s is %(age)d.")
        self.no_disability = _("Does not take children with disability.")


@dataclass(frozen=True)
class _Group:
    """What the rules and the score ask of the group, worked out once per ranking."""

    children: Sequence[ChildNeeds]
    size: int
    youngest: int
    oldest: int
    disability: bool
    municipality_id: int
    county_id: int | None
    languages: frozenset[str]
    needs: tuple[str, ...]

    @classmethod
    def of(cls, group: Sequence[ChildNeeds]) -> _Group:
        ages = [c.age for c in group]
        needs = []
        if any(c.has_disability for c in group):
            needs.append("disability")
        if min(ages) < 3:
            needs.append("infants")
        if max(ages) >= 12:
            needs.append("teenagers")
        return cls(
            children=group,
            size=len(group),
            youngest=min(ages),
            oldest=max(ages),
            disability=any(c.has_disability for c in group),
            municipality_id=group[0].municipality_id,
            county_id=group[0].county_id,
            languages=frozenset(lang.casefold() for c in group for lang in c.languages),
            needs=tuple(needs),
        )


def _eligible(carer: Availability, facts: _Group) -> bool:
    """Whether every hard rule lets the carer take the whole group (a carer without a
    contract in force, or on respite, has no free place)."""
    return (
        carer.free >= facts.size
        and (facts.size == 1 or carer.accepts_siblings)
        and carer.age_min <= facts.youngest
        and facts.oldest <= carer.age_max
        and (carer.accepts_disability or not facts.disability)
    )


def exclusion(
    carer: Availability,
    group: Sequence[ChildNeeds] | _Group,
    day: dt.date,
    texts: _Texts | None = None,
) -> str | None:
    """The first hard rule that keeps the carer from taking the whole group, or None."""
    facts = group if isinstance(group, _Group) else _Group.of(group)
    if _eligible(carer, facts):
        return None
    words = texts or _Texts()
    if carer.contract_id is None:
        return words.no_contract % {"day": day.isoformat()}
    if carer.respite_until is not None:
        return words.respite % {"day": carer.respite_until.isoformat()}
    # The contract's terms first, then its free places.
    if facts.size > 1 and not carer.accepts_siblings:
        return words.no_siblings
    for child in facts.children:
        if not carer.age_min <= child.age <= carer.age_max:
            return words.ages % {
                "low": carer.age_min,
                "high": carer.age_max,
                "name": child.name,
                "age": child.age,
            }
    if facts.disability and not carer.accepts_disability:
        return words.no_disability
    return words.no_room % {"free": carer.free, "places": carer.places, "needed": facts.size}


def _values(
    carer: Availability,
    facts: _Group,
    experience: Experience | None,
    sibling_households: set[uuid.UUID],
) -> list[tuple[str, float]]:
    """Each applicable criterion's value, from 0 to 1, for the carer and the group."""
    if carer.municipality_id == facts.municipality_id:
        near = 1.0
    elif carer.county_id is not None and carer.county_id == facts.county_id:
        near = 0.5
    else:
        near = 0.0
    values = [("near", near)]
    # Counted only when a brother or sister outside the group lives with some carer.
    if sibling_households:
        values.append(("siblings", 1.0 if carer.household_id in sibling_households else 0.0))
    if facts.languages:
        spoken = {lang.casefold() for lang in carer.languages}
        values.append(("language", len(facts.languages & spoken) / len(facts.languages)))
    values.append(("load", 1 - carer.placed / carer.places if carer.places else 0.0))
    if facts.needs:
        had = experience or Experience()
        met = sum(1 for need in facts.needs if getattr(had, need) > 0)
        values.append(("experience", met / len(facts.needs)))
    return values


def _score(values: Sequence[tuple[str, float]], weights: Mapping[str, int]) -> float:
    """From 0 to 100: the weighted share of the points the applicable criteria could give."""
    total = 0
    points = 0.0
    for criterion, value in values:
        weight = weights.get(criterion, 0)
        total += weight
        points += value * weight
    return 100 * points / total if total else 0.0


def _note(
    criterion: str,
    value: float,
    carer: Availability,
    facts: _Group,
    texts: _Texts,
    experience: Experience | None,
) -> str:
    """Why the criterion gave what it gave, in words."""
    if criterion == "near":
        return (
            texts.same_municipality
            if value == 1
            else texts.same_county
            if value
            else texts.another_county
        )
    if criterion == "siblings":
        return texts.sibling_there if value else texts.no_sibling
    if criterion == "language":
        shared = facts.languages & {lang.casefold() for lang in carer.languages}
        if shared:
            return ", ".join(texts.languages(shared))
        return texts.none_of % {"langs": ", ".join(texts.languages(facts.languages))}
    if criterion == "load":
        return texts.taken % {"placed": carer.placed, "places": carer.places}
    had = experience or Experience()
    met = [texts.needs[need] for need in facts.needs if getattr(had, need) > 0]
    return ", ".join(met) if met else texts.none_yet


def _parts(
    carer: Availability,
    facts: _Group,
    weights: Mapping[str, int],
    experience: Experience | None,
    sibling_households: set[uuid.UUID],
    texts: _Texts,
) -> tuple[float, tuple[Part, ...]]:
    values = _values(carer, facts, experience, sibling_households)
    parts = tuple(
        Part(
            criterion,
            texts.labels[criterion],
            value,
            weights.get(criterion, 0),
            _note(criterion, value, carer, facts, texts, experience),
        )
        for criterion, value in values
    )
    return _score(values, weights), parts


class Pool:
    """The carers of a night with several emergencies, as arrays: every child or sibling
    group is scored against all of them at once, with the rules and the score of
    :func:`rank` (the explanations are left out)."""

    def __init__(self, carers: Sequence[Availability]) -> None:
        self.ids = [c.household_id for c in carers]
        self.carers = list(carers)
        self.free = np.array([c.free for c in carers], dtype=int)
        self.age_min = np.array([c.age_min for c in carers], dtype=int)
        self.age_max = np.array([c.age_max for c in carers], dtype=int)
        self.siblings = np.array([c.accepts_siblings for c in carers], dtype=bool)
        self.disability = np.array([c.accepts_disability for c in carers], dtype=bool)
        self.municipality = np.array([c.municipality_id for c in carers], dtype=np.int64)
        self.county = np.array(
            [-1 if c.county_id is None else c.county_id for c in carers], dtype=np.int64
        )
        placed = np.array([c.placed for c in carers], dtype=float)
        places = np.array([c.places for c in carers], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.load = np.where(places > 0, 1 - placed / np.where(places > 0, places, 1), 0.0)

    def options(
        self,
        group: Sequence[ChildNeeds],
        weights: Mapping[str, int],
        experience_of: ExperienceOf,
        sibling_households: set[uuid.UUID],
    ) -> dict[uuid.UUID, float]:
        facts = _Group.of(group)
        mask = (
            (self.free >= facts.size)
            & (self.siblings | (facts.size == 1))
            & (self.age_min <= facts.youngest)
            & (self.age_max >= facts.oldest)
            & (self.disability | (not facts.disability))
        )
        index = np.flatnonzero(mask)
        if not len(index):
            return {}
        ids = [self.ids[n] for n in index]
        county = -1 if facts.county_id is None else facts.county_id
        near = np.where(
            self.municipality[index] == facts.municipality_id,
            1.0,
            np.where((self.county[index] == county) & (county != -1), 0.5, 0.0),
        )
        points = weights.get("near", 0) * near + weights.get("load", 0) * self.load[index]
        total = weights.get("near", 0) + weights.get("load", 0)
        if sibling_households:
            there = np.array([h in sibling_households for h in ids], dtype=float)
            points = points + weights.get("siblings", 0) * there
            total += weights.get("siblings", 0)
        if facts.languages:
            spoken = np.array(
                [
                    len(facts.languages & {lang.casefold() for lang in self.carers[n].languages})
                    for n in index
                ],
                dtype=float,
            )
            points = points + weights.get("language", 0) * spoken / len(facts.languages)
            total += weights.get("language", 0)
        if facts.needs:
            experience = experience_of(ids)
            met = np.array(
                [
                    sum(
                        1
                        for need in facts.needs
                        if getattr(experience.get(h) or Experience(), need) > 0
                    )
                    for h in ids
                ],
                dtype=float,
            )
            points = points + weights.get("experience", 0) * met / len(facts.needs)
            total += weights.get("experience", 0)
        scores = 100 * points / total if total else np.zeros(len(index))
        return dict(zip(ids, (float(x) for x in scores), strict=True))


def options(
    carers: Sequence[Availability],
    group: Sequence[ChildNeeds],
    weights: Mapping[str, int],
    experience_of: ExperienceOf,
    sibling_households: set[uuid.UUID],
) -> dict[uuid.UUID, float]:
    """The score of every carer who may take the group, without the explanations."""
    return Pool(carers).options(group, weights, experience_of, sibling_households)


ExperienceOf = Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, Experience]]


def rank(
    carers: Sequence[Availability],
    group: Sequence[ChildNeeds],
    day: dt.date,
    weights: Mapping[str, int],
    experience_of: ExperienceOf,
    sibling_households: set[uuid.UUID],
    explained: int = 50,
) -> Ranking:
    """The carers who may take the whole group, best first, and those the rules exclude.
    Experience is read only when the group has needs, and only for the eligible carers; the
    parts of the score are spelled out for the first ``explained``."""
    texts = _Texts()
    facts = _Group.of(group)
    excluded: list[Excluded] = []
    eligible_carers: list[Availability] = []
    for carer in carers:
        reason = exclusion(carer, facts, day, texts)
        if reason is None:
            eligible_carers.append(carer)
        else:
            excluded.append(Excluded(carer, reason))
    experience = experience_of([c.household_id for c in eligible_carers]) if facts.needs else {}
    scored = [
        (
            _score(_values(c, facts, experience.get(c.household_id), sibling_households), weights),
            c,
        )
        for c in eligible_carers
    ]
    # Ties by the id's number: the same order as the id, compared without Python calls.
    scored.sort(
        key=lambda item: (-round(item[0], 6), -item[1].free, item[1].name, item[1].household_id.int)
    )
    # The explanations are worded for the carers a person will read: the first ones.
    ranked = [
        Ranked(
            carer,
            score,
            _parts(
                carer, facts, weights, experience.get(carer.household_id), sibling_households, texts
            )[1]
            if n <= explained
            else (),
            n,
        )
        for n, (score, carer) in enumerate(scored, start=1)
    ]
    return Ranking(ranked, excluded)


# Several emergencies at once ---------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A child, or a sibling group that stays together, with the carers it may go to and
    the score of each."""

    key: str
    size: int
    options: Mapping[uuid.UUID, float]


@dataclass(frozen=True)
class Assignment:
    chosen: dict[str, uuid.UUID]  # unit key → household

    def children(self, units: Sequence[Unit]) -> int:
        return sum(u.size for u in units if u.key in self.chosen)

    def total(self, units: Sequence[Unit]) -> float:
        return sum(u.options[self.chosen[u.key]] for u in units if u.key in self.chosen)


def _best_first(
    options: Mapping[uuid.UUID, float], first: int | None = None
) -> list[tuple[uuid.UUID, float]]:
    """A unit's options by score, ties by the carer's id; only the ``first`` when given."""

    def order(kv: tuple[uuid.UUID, float]) -> tuple[float, int]:
        return (-kv[1], kv[0].int)

    if first is None:
        return sorted(options.items(), key=order)
    return heapq.nsmallest(first, options.items(), key=order)


def greedy(units: Sequence[Unit], free: Mapping[uuid.UUID, int]) -> Assignment:
    """One unit after another, larger groups first, each to its best carer with room left."""
    left = dict(free)
    chosen: dict[str, uuid.UUID] = {}
    order = sorted(units, key=lambda u: (-u.size, -max(u.options.values(), default=0), u.key))
    for unit in order:
        for household, _score in _best_first(unit.options):
            if left.get(household, 0) >= unit.size:
                chosen[unit.key] = household
                left[household] -= unit.size
                break
    return Assignment(chosen)


def optimal(units: Sequence[Unit], free: Mapping[uuid.UUID, int]) -> Assignment:
    """The assignment that places the most children and, among those, has the highest total
    score, within every carer's free places (an integer programme solved by HiGHS).

    Each unit keeps only its best ``len(units)`` options: in any optimal assignment a unit
    placed further down its list could move to one of its best options that hosts no other
    unit (there are more of those than other units) without losing anything, so the
    optimum is among the kept options."""
    keep = max(len(units), 1)
    pairs: list[tuple[int, uuid.UUID, float]] = []
    for index, unit in enumerate(units):
        best = _best_first(unit.options, keep)
        pairs.extend(
            (index, household, score)
            for household, score in best
            if free.get(household, 0) >= unit.size
        )
    if not pairs:
        return Assignment({})
    households = sorted({h for _i, h, _s in pairs}, key=lambda h: h.int)
    column = {h: n for n, h in enumerate(households)}
    # Placing one more child always outweighs any difference in total score.
    big = 100.0 * sum(u.size for u in units) + 1.0
    cost = np.array([-(units[i].size * big + score) for i, _h, score in pairs])
    # Each pair's column has a 1 in its unit's row and the unit's size in its carer's row.
    pair_columns = np.arange(len(pairs))
    unit_rows = np.array([i for i, _h, _s in pairs])
    one_each = coo_array(
        (np.ones(len(pairs)), (unit_rows, pair_columns)), shape=(len(units), len(pairs))
    )
    room = coo_array(
        (
            np.array([units[i].size for i in unit_rows], dtype=float),
            (np.array([column[h] for _i, h, _s in pairs]), pair_columns),
        ),
        shape=(len(households), len(pairs)),
    )
    result = milp(
        cost,
        constraints=[
            LinearConstraint(one_each, 0, 1),
            LinearConstraint(room, 0, np.array([free[h] for h in households], dtype=float)),
        ],
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if result.x is None:  # pragma: no cover - the empty assignment is always feasible
        return Assignment({})
    chosen = {
        units[i].key: household
        for (i, household, _score), x in zip(pairs, result.x, strict=True)
        if x > 0.5
    }
    return Assignment(chosen)

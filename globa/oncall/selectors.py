"""Reads for on-call care: the matching weights, the inputs and results of matching (one
child or sibling group, or several emergencies at once), the children waiting for a place,
and what the network and a carer's page show (contracts, choices made, last contacts).
What each carer can take on a day is computed in ``availability``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.core.centre_settings import centre_settings
from globa.lib.collation import lt
from globa.oncall import availability, matching
from globa.oncall.models import Contract, Match, MatchWeight, PlacementRequest
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, HouseholdKind, Limit, Placement
from globa.registry.rules import limit
from globa.registry.selectors import capacity_rule_for
from globa.support.models import Delivery
from globa.support.selectors import contact_rules


def weights_for(centre_id: int) -> dict[str, int]:
    """The weight of each matching criterion at the centre (its own or the default)."""
    return centre_settings(MatchWeight, centre_id, "criterion", "weight")


def own_weights(centre_id: int) -> dict[str, int]:
    return dict(MatchWeight.objects.filter(centre_id=centre_id).values_list("criterion", "weight"))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_of(children: Sequence[Child], day: dt.date) -> list[matching.ChildNeeds]:
    return [
        matching.ChildNeeds(
            id=child.pk,
            name=child.first_name,
            age=age_on(child.birth_date, day),
            has_disability=child.has_disability,
            languages=tuple(child.languages),
            municipality_id=child.municipality_id,
            county_id=child.municipality.county_id,
            sibling_group_id=child.sibling_group_id,
        )
        for child in children
    ]


class ExperienceCache:
    """Reads carers' experience when a ranking needs it, each carer once."""

    def __init__(self) -> None:
        self.known: dict[UUID, availability.Experience] = {}
        self.asked: set[UUID] = set()

    def __call__(self, household_ids: Sequence[UUID]) -> dict[UUID, availability.Experience]:
        missing = [h for h in household_ids if h not in self.asked]
        if missing:
            self.known.update(availability.experience_of(missing))
            self.asked.update(missing)
        return self.known


@dataclass(frozen=True)
class Inputs:
    carers: list[availability.Availability]
    experience: ExperienceCache
    siblings: dict[UUID, set[UUID]]


def matching_inputs(day: dt.date, sibling_groups: Iterable[UUID]) -> Inputs:
    """The on-call carers the transaction may see, what they can take on the day, where the
    given sibling groups' children live, and their experience when asked."""
    return Inputs(
        availability.on_call_carers(day),
        ExperienceCache(),
        availability.sibling_carers(sibling_groups, day),
    )


def _sibling_households(group: Sequence[matching.ChildNeeds], inputs: Inputs) -> set[UUID]:
    found: set[UUID] = set()
    for child in group:
        if child.sibling_group_id is not None:
            found |= inputs.siblings.get(child.sibling_group_id, set())
    return found


def ranking_for(children: Sequence[Child], day: dt.date) -> matching.Ranking:
    """The ranked on-call carers for a child or a sibling group, with the excluded ones."""
    group = needs_of(children, day)
    inputs = matching_inputs(day, {c.sibling_group_id for c in group if c.sibling_group_id})
    return matching.rank(
        inputs.carers,
        group,
        day,
        weights_for(children[0].centre_id),
        inputs.experience,
        _sibling_households(group, inputs),
    )


def waiting_children(user: User, centre_id: int, day: dt.date) -> QuerySet[Child]:
    """Children of the centre in care with no placement on the day: who needs a place."""
    placed = Placement.objects.filter(child=OuterRef("pk"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    return (
        Child.objects.filter(
            centre_id=centre_id,
            centre_id__in=scope_for(user).registry_org_ids,
            status=Child.Status.IN_CARE,
        )
        .exclude(Exists(placed))
        .select_related("municipality", "sibling_group")
        .order_by(*lt("sibling_group__label", "last_name", "first_name"))
    )


def units_of(children: Sequence[Child]) -> list[list[Child]]:
    """Children grouped so that brothers and sisters stay together."""
    groups: dict[object, list[Child]] = {}
    for child in children:
        groups.setdefault(child.sibling_group_id or child.pk, []).append(child)
    return list(groups.values())


@dataclass(frozen=True)
class Night:
    units: list[matching.Unit]
    children: dict[str, list[Child]]
    carers: dict[UUID, availability.Availability]
    optimal: matching.Assignment
    greedy: matching.Assignment


def night(children: Sequence[Child], day: dt.date, centre_id: int) -> Night:
    """Several emergencies at once: the optimal assignment and the one-by-one one."""
    groups = units_of(children)
    needs = {str(g[0].pk): needs_of(g, day) for g in groups}
    inputs = matching_inputs(
        day, {c.sibling_group_id for g in needs.values() for c in g if c.sibling_group_id}
    )
    weights = weights_for(centre_id)
    pool = matching.Pool(inputs.carers)
    units = []
    for key, group in needs.items():
        scores = pool.options(group, weights, inputs.experience, _sibling_households(group, inputs))
        units.append(matching.Unit(key, len(group), scores))
    free = {c.household_id: c.free for c in inputs.carers}
    return Night(
        units,
        {str(g[0].pk): g for g in groups},
        {c.household_id: c for c in inputs.carers},
        matching.optimal(units, free),
        matching.greedy(units, free),
    )


@dataclass(frozen=True)
class NetworkRow:
    """An on-call carer of the network page: what they can take today, the coordinator's
    last contact, and whether the contract ends soon with no next one."""

    carer: availability.Availability
    last_contact: dt.date | None
    overdue: bool
    ending: bool


@dataclass(frozen=True)
class ContactState:
    """A coordinator's latest contact with an on-call carer, against the contact rule."""

    last: dt.date | None
    overdue: bool


def contact_states(household_ids: Sequence[UUID], today: dt.date) -> dict[UUID, ContactState]:
    """For each on-call carer: when a coordinator last met them, and whether the contact is
    overdue (the contact rule's days have passed, or they were never met)."""
    contacts = last_contacts(household_ids)
    days = contact_rules().get(HouseholdKind.ON_CALL)
    states = {}
    for household_id in household_ids:
        last = contacts.get(household_id)
        next_due = last + dt.timedelta(days=days) if last and days else None
        overdue = last is None or (next_due is not None and next_due < today)
        states[household_id] = ContactState(last, overdue)
    return states


def network(centre_id: int, today: dt.date) -> list[NetworkRow]:
    """The centre's on-call carers on the day: a contact is overdue once the contact rule's
    days have passed (or there was none); a contract ends soon within the notice period."""
    carers = availability.on_call_carers(today, centre_ids=[centre_id])
    states = contact_states([c.household_id for c in carers], today)
    notice = limit(Limit.CONTRACT_NOTICE_DAYS, today)
    rows = []
    for carer in carers:
        state = states[carer.household_id]
        ending = (
            carer.contract_ends_on is not None and (carer.contract_ends_on - today).days <= notice
        )
        rows.append(NetworkRow(carer, state.last, state.overdue, ending))
    return rows


def last_contacts(household_ids: Sequence[UUID]) -> dict[UUID, dt.date]:
    """The day of the latest contact with each household (not counting group sessions)."""
    rows = (
        Delivery.objects.filter(household_id__in=list(household_ids), session__isnull=True)
        .values("household_id")
        .annotate(last=Max("delivered_on"))
    )
    return {row["household_id"]: row["last"] for row in rows}


def contracts_of(household: CarerHousehold) -> list[Contract]:
    return list(household.contracts.prefetch_related("respites").order_by("-starts_on"))


def matches_of(household: CarerHousehold) -> QuerySet[Match]:
    return household.matches.select_related("by").order_by("-at")[:20]


def waiting_siblings(child: Child, day: dt.date) -> list[Child]:
    """The child's brothers and sisters with no placement on the day (to place together)."""
    if child.sibling_group_id is None:
        return [child]
    placed = Placement.objects.filter(child=OuterRef("pk"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    return list(
        Child.objects.filter(sibling_group_id=child.sibling_group_id, status=Child.Status.IN_CARE)
        .exclude(Exists(placed))
        .select_related("municipality")
        .order_by("birth_date")
    )


def contracts_ending(today: dt.date) -> QuerySet[Contract]:
    """Contracts of active on-call carers that end within the notice period with no next one
    signed (the centre's manager is reminded of them)."""
    return (
        Contract.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=limit(Limit.CONTRACT_NOTICE_DAYS, today)),
            household__status=CarerHousehold.Status.ACTIVE,
        )
        .exclude(household__contracts__starts_on__gt=F("ends_on"))
        .select_related("household")
    )


def usual_places(day: dt.date) -> int:
    """The places a new contract offers first: as many as the capacity rule lets an on-call
    carer take at once (the most a contract may have, when no rule is in force)."""
    rule = capacity_rule_for(HouseholdKind.ON_CALL, day)
    if rule is not None and rule.max_placed:
        return rule.max_placed
    return limit(Limit.ON_CALL_CONTRACT_MAX_PLACES, day)


# Emergency matching across centres ---------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """Another centre's free on-call places that suit the children: how many carers could
    take them all, and the ages each takes; no carer is named."""

    centre: Organisation
    nearby: str  # "municipality" or "county"
    carers: int
    ages: list[tuple[int, int]]

    @property
    def phone(self) -> str:
        return self.centre.on_call_phone or self.centre.phone


def offers_elsewhere(
    children: Sequence[Child], day: dt.date, own_centre: Organisation
) -> list[Offer]:
    """The other centres of the children's municipality, then of its county, whose on-call
    carers have free places that suit the whole group, counted by the database (which
    returns no names)."""
    needs = needs_of(children, day)
    size = len(needs)
    youngest = min(n.age for n in needs)
    oldest = max(n.age for n in needs)
    disability = any(n.has_disability for n in needs)
    municipality = children[0].municipality
    county_id = municipality.county_id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT centre_id, municipality_id, free, age_min, age_max, accepts_siblings, "
            "accepts_disability FROM globa_on_call_places_elsewhere(%s, %s, %s)",
            [day, own_centre.pk, limit(Limit.ON_CALL_CHILD_MAX_AGE, day)],
        )
        rows = cursor.fetchall()
    suitable: dict[int, list[tuple[int, int]]] = {}
    for centre_id, _municipality_id, free, age_min, age_max, siblings, takes_disability in rows:
        if (
            free >= size
            and (size == 1 or siblings)
            and age_min <= youngest
            and oldest <= age_max
            and (takes_disability or not disability)
        ):
            suitable.setdefault(centre_id, []).append((age_min, age_max))
    centres = Organisation.objects.filter(pk__in=suitable, is_active=True).select_related(
        "municipality"
    )
    offers = []
    for centre in centres:
        centre_municipality = centre.municipality_id
        if centre_municipality == municipality.pk:
            nearby = "municipality"
        elif (
            county_id is not None
            and centre.municipality
            and centre.municipality.county_id == county_id
        ):
            nearby = "county"
        else:
            continue
        ages = sorted(set(suitable[centre.pk]))
        offers.append(Offer(centre, nearby, len(suitable[centre.pk]), ages))
    return sorted(offers, key=lambda o: (o.nearby != "municipality", -o.carers, o.centre.name))


def requests_visible_to(user: User) -> QuerySet[PlacementRequest]:
    """Requests sent by or to the centres whose records the user works with."""
    orgs = scope_for(user).registry_org_ids
    return PlacementRequest.objects.filter(
        Q(from_centre_id__in=orgs) | Q(to_centre_id__in=orgs)
    ).select_related("from_centre", "to_centre", "requested_by", "answered_by", "household")


def on_call_households_of(centre_id: int) -> QuerySet[CarerHousehold]:
    return CarerHousehold.objects.filter(
        centre_id=centre_id, kind=HouseholdKind.ON_CALL, status=CarerHousehold.Status.ACTIVE
    ).order_by(*lt("name"))

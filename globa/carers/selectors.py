"""Reads for the carer journey: the public directory and figures, where an inquiry goes, and
each centre's pipeline (the board and the funnel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Value

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.carers import availability, matching
from globa.carers.models import (
    ORDER,
    Attendance,
    Candidate,
    Contract,
    InquiryRoute,
    Interest,
    Match,
    MatchWeight,
    Participant,
    Programme,
    Stage,
    StageChange,
    StageNorm,
    Topic,
    TrainingGroup,
)
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, Fold, Placement
from globa.support.models import Delivery

# The order in which a person's interests choose a route: the scarcest carers first.
ROUTING_ORDER = (Interest.ON_CALL, Interest.PERMANENT, Interest.GUARDIAN, Interest.ADOPTION)


# Public ------------------------------------------------------------------------------------


def public_centres(
    *, query: str = "", county_id: int | None = None, municipality_id: int | None = None
) -> QuerySet[Organisation]:
    """Active care centres, for the public directory."""
    centres = Organisation.objects.filter(
        kind=Organisation.Kind.CARE_CENTRE, is_active=True
    ).select_related("municipality", "county")
    if county_id is not None:
        centres = centres.filter(county_id=county_id)
    if municipality_id is not None:
        centres = centres.filter(municipality_id=municipality_id)
    if query.strip():
        folded = Fold(Value(query.strip()))
        centres = centres.annotate(folded_name=Fold("name"), folded_town=Fold("municipality__name"))
        centres = centres.filter(Q(folded_name__contains=folded) | Q(folded_town__contains=folded))
    return centres.order_by("municipality__name", "name")


def public_centre(centre_uuid: UUID) -> Organisation | None:
    return (
        Organisation.objects.filter(
            uuid=centre_uuid, kind=Organisation.Kind.CARE_CENTRE, is_active=True
        )
        .select_related("municipality", "county")
        .first()
    )


def municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")


def route_for(municipality: Organisation, interests: Iterable[str]) -> Organisation | None:
    """The care centre that receives an inquiry from the municipality.

    A rule the centre manager set for one of the person's interests comes first (the scarcest
    kind of carer first), then the municipality's rule for everything else; without rules,
    the municipality's only centre, or the first by name when it has several, or, where the
    municipality has none, the first centre of its county."""
    routes = {
        route.interest: route.centre
        for route in InquiryRoute.objects.filter(
            municipality=municipality, centre__is_active=True
        ).select_related("centre")
    }
    wanted = set(interests)
    for interest in ROUTING_ORDER:
        if interest in wanted and interest in routes:
            return routes[interest]
    if "" in routes:
        return routes[""]
    centres = Organisation.objects.filter(
        kind=Organisation.Kind.CARE_CENTRE, is_active=True
    ).order_by("name")
    own = centres.filter(municipality=municipality).first()
    if own is not None or municipality.county_id is None:
        return own
    return centres.filter(municipality__county_id=municipality.county_id).first()


def routes_of(municipality_ids: Iterable[int]) -> QuerySet[InquiryRoute]:
    return (
        InquiryRoute.objects.filter(municipality_id__in=list(municipality_ids))
        .select_related("municipality", "centre", "changed_by")
        .order_by("municipality__name", "interest")
    )


@dataclass(frozen=True)
class Figures:
    """On-call care in one municipality (or in total): counts only, never a name."""

    name: str
    carers: int
    places: int
    children: int
    free: int


def public_figures(today: dt.date) -> tuple[list[Figures], Figures]:
    """On-call carers, their places (by contract), the children with them and the free
    places, per municipality and in total. The page runs in nobody's scope: the database
    counts the whole registry (``globa_on_call_figures``, run as its owner) and returns counts,
    never a row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT municipality_id, carers, places, children, free FROM globa_on_call_figures(%s)",
            [today],
        )
        counted = {row[0]: Figures("", *row[1:]) for row in cursor.fetchall()}
    names = dict(municipalities().values_list("id", "name"))
    none = Figures("", 0, 0, 0, 0)
    rows = [
        replace(counted.get(m, none), name=names.get(m, ""))
        for m in sorted(set(names) | set(counted), key=lambda m: names.get(m, ""))
    ]
    total = Figures(
        "",
        sum(r.carers for r in rows),
        sum(r.places for r in rows),
        sum(r.children for r in rows),
        sum(r.free for r in rows),
    )
    return rows, total


# The pipeline ------------------------------------------------------------------------------


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(centre_id__in=scope_for(user).registry_org_ids)


def pipeline_centres(user: User) -> QuerySet[Organisation]:
    """The care centres whose pipeline the user works with."""
    return Organisation.objects.filter(
        pk__in=scope_for(user).registry_org_ids, kind=Organisation.Kind.CARE_CENTRE
    ).order_by("name")


DEFAULT_NORM_DAYS = 60


def _centre_settings(model: Any, centre_id: int, key: str, value: str) -> dict[str, int]:
    """A setting per key: the rows without a centre are the defaults, the centre's own rows
    override them."""
    rows = model.objects.filter(Q(centre_id=centre_id) | Q(centre__isnull=True)).values_list(
        "centre_id", key, value
    )
    found: dict[str, int] = {}
    for _centre, name, setting in sorted(rows, key=lambda r: r[0] is not None):
        found[name] = setting
    return found


def norms_for(centre_id: int) -> dict[str, int]:
    """Days a person normally stays in each stage at the centre (its own or the default)."""
    return _centre_settings(StageNorm, centre_id, "stage", "days")


def own_norms(centre_id: int) -> dict[str, int]:
    return dict(StageNorm.objects.filter(centre_id=centre_id).values_list("stage", "days"))


@dataclass
class Column:
    stage: str
    label: str
    norm: int | None
    cards: list[Candidate] = field(default_factory=list)

    @property
    def stuck(self) -> int:
        return sum(1 for card in self.cards if getattr(card, "is_stuck", False))


BOARD_STAGES: tuple[str, ...] = (*ORDER, Stage.PAUSED)


def board(centre_id: int, today: dt.date) -> list[Column]:
    """The centre's people by stage, with days in the stage and who is over the norm;
    exited people are left off (the funnel counts them)."""
    norms = norms_for(centre_id)
    labels = dict(Stage.choices)
    columns = {stage: Column(stage, str(labels[stage]), norms.get(stage)) for stage in BOARD_STAGES}
    people = Candidate.objects.filter(centre_id=centre_id, stage__in=BOARD_STAGES).order_by(
        "stage_since", "last_name"
    )
    for person in people:
        column = columns[person.stage]
        person.days_in_stage = (today - person.stage_since).days  # type: ignore[attr-defined]
        person.is_stuck = (  # type: ignore[attr-defined]
            column.norm is not None and person.days_in_stage > column.norm  # type: ignore[attr-defined]
        )
        column.cards.append(person)
    return list(columns.values())


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    label: str
    reached: int
    left_here: int
    median_days: float | None

    def share_of(self, first: int) -> int:
        return round(100 * self.reached / first) if first else 0


FUNNEL_SQL = """
WITH people AS (
    SELECT s.candidate_id AS id FROM carers_stagechange s
     WHERE s.centre_id = %(centre)s AND s.from_stage = ''
       AND s.on BETWEEN %(start)s AND %(end)s
), moves AS (
    SELECT s.candidate_id, s.from_stage, s.to_stage, s.on AS day, s.at,
           lead(s.on) OVER (PARTITION BY s.candidate_id ORDER BY s.on, s.at) AS left_on,
           lead(s.to_stage) OVER (PARTITION BY s.candidate_id ORDER BY s.on, s.at) AS next_stage
      FROM carers_stagechange s
      JOIN people ON people.id = s.candidate_id
)
SELECT to_stage,
       count(DISTINCT candidate_id) AS reached,
       count(DISTINCT candidate_id) FILTER (WHERE next_stage = 'exited') AS left_here,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY left_on - day)
           FILTER (WHERE left_on IS NOT NULL) AS median_days
  FROM moves
 GROUP BY to_stage
"""


def funnel(centre_id: int, start: dt.date, end: dt.date) -> list[FunnelStep]:
    """Of the people who first asked within the period: how many reached each stage, how many
    left from it, and the median days spent in it (of those who moved on)."""
    with connection.cursor() as cursor:
        cursor.execute(FUNNEL_SQL, {"centre": centre_id, "start": start, "end": end})
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    labels = dict(Stage.choices)
    return [
        FunnelStep(
            stage,
            str(labels[stage]),
            int(found.get(stage, (0, 0, None))[0]),
            int(found.get(stage, (0, 0, None))[1]),
            found.get(stage, (0, 0, None))[2],
        )
        for stage in ORDER
    ]


def history(candidate: Candidate) -> QuerySet[StageChange]:
    return candidate.changes.select_related("by").order_by("on", "at")


# Availability and matching ---------------------------------------------------------------------


def weights_for(centre_id: int) -> dict[str, int]:
    """The weight of each matching criterion at the centre (its own or the default)."""
    return _centre_settings(MatchWeight, centre_id, "criterion", "weight")


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
        .order_by("sibling_group__label", "last_name", "first_name")
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


# GIMK training ----------------------------------------------------------------------------


def programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).order_by("position", "code")


def training_groups(centre_id: int) -> QuerySet[TrainingGroup]:
    return (
        TrainingGroup.objects.filter(centre_id=centre_id)
        .select_related("programme")
        .annotate(
            people=Count("participants", distinct=True), held=Count("sessions", distinct=True)
        )
        .order_by("-starts_on", "name")
    )


@dataclass(frozen=True)
class Progress:
    """A participant's way through the programme: completion is computed, never ticked."""

    participant: Participant
    attended: int
    covered: list[Topic]
    missing: list[Topic]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)


def progress(group: TrainingGroup) -> list[Progress]:
    """Every participant with the programme's topics they attended and those they missed."""
    topics = list(group.programme.topics.order_by("position"))
    sessions = list(group.sessions.prefetch_related("topics"))
    topics_of = {s.pk: {t.pk for t in s.topics.all()} for s in sessions}
    seen: dict[UUID, set[int]] = {}
    count: dict[UUID, int] = {}
    for participant_id, session_id in Attendance.objects.filter(session__group=group).values_list(
        "participant_id", "session_id"
    ):
        seen.setdefault(participant_id, set()).update(topics_of.get(session_id, set()))
        count[participant_id] = count.get(participant_id, 0) + 1
    people = group.participants.select_related("candidate").order_by(
        "candidate__last_name", "person_name"
    )
    return [
        Progress(
            person,
            count.get(person.pk, 0),
            [t for t in topics if t.pk in seen.get(person.pk, set())],
            [t for t in topics if t.pk not in seen.get(person.pk, set())],
        )
        for person in people
    ]


def trainings_of(candidate: Candidate) -> list[Progress]:
    """The person's training groups with their progress (for the person's page)."""
    found: list[Progress] = []
    for participant in candidate.trainings.select_related("group__programme"):
        found.extend(p for p in progress(participant.group) if p.participant.pk == participant.pk)
    return found


def candidates_for_training(group: TrainingGroup) -> QuerySet[Candidate]:
    """The centre's people in the pipeline who may join the group (not yet in it)."""
    return (
        Candidate.objects.filter(centre_id=group.centre_id)
        .exclude(stage=Stage.EXITED)
        .exclude(trainings__group=group)
        .order_by("last_name", "first_name")
    )


def households_to_link(candidate: Candidate) -> QuerySet[CarerHousehold]:
    """The centre's active households in the registry a person of the pipeline may become."""
    return CarerHousehold.objects.filter(
        centre_id=candidate.centre_id, status=CarerHousehold.Status.ACTIVE
    ).order_by("name", "id")

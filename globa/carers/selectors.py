"""Reads for the carer journey: the public directory and figures, where an inquiry goes, and
each centre's pipeline (the board and the funnel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from uuid import UUID

from django.db import connection
from django.db.models import Q, QuerySet, Value

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.carers.models import (
    ORDER,
    Candidate,
    InquiryRoute,
    Interest,
    Stage,
    StageChange,
    StageNorm,
)
from globa.core.centre_settings import centre_settings
from globa.core.search import Fold
from globa.lib.collation import lt
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold

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
    return centres.order_by(*lt("municipality__name", "name"))


def public_centre(centre_uuid: UUID) -> Organisation | None:
    return (
        Organisation.objects.filter(
            uuid=centre_uuid, kind=Organisation.Kind.CARE_CENTRE, is_active=True
        )
        .select_related("municipality", "county")
        .first()
    )


def municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(*lt("name"))


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
    ).order_by(*lt("name"))
    own = centres.filter(municipality=municipality).first()
    if own is not None or municipality.county_id is None:
        return own
    return centres.filter(municipality__county_id=municipality.county_id).first()


def routes_of(municipality_ids: Iterable[int]) -> QuerySet[InquiryRoute]:
    return (
        InquiryRoute.objects.filter(municipality_id__in=list(municipality_ids))
        .select_related("municipality", "centre", "changed_by")
        .order_by(*lt("municipality__name"), "interest")
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


DEFAULT_NORM_DAYS = 60


def norms_for(centre_id: int) -> dict[str, int]:
    """Days a person normally stays in each stage at the centre (its own or the default)."""
    return centre_settings(StageNorm, centre_id, "stage", "days")


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
        "stage_since", *lt("last_name")
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


def households_to_link(candidate: Candidate) -> QuerySet[CarerHousehold]:
    """The centre's active households in the registry a person of the pipeline may become."""
    return CarerHousehold.objects.filter(
        centre_id=candidate.centre_id, status=CarerHousehold.Status.ACTIVE
    ).order_by(*lt("name"), "id")

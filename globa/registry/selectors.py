"""Every read of the registry, already limited to what the user may see."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import managed_centres, scope_for
from globa.core.search import Fold, name_matches
from globa.lib import clock
from globa.lib.collation import lt
from globa.organisations.models import Organisation
from globa.registry import rules
from globa.registry.models import (
    CapacityRule,
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    HouseholdAdult,
    HouseholdKind,
    Limit,
    Placement,
    SiblingGroup,
)

# A name counts as a typo of the query when pg_trgm's word similarity reaches
# pg_trgm.word_similarity_threshold (0.6 by default); the `<%` operator uses the index.


def children_visible_to(user: User) -> QuerySet[Child]:
    """Children whose records the user may see: those of their centres."""
    return Child.objects.filter(centre_id__in=scope_for(user).registry_org_ids)


def households_visible_to(user: User) -> QuerySet[CarerHousehold]:
    return CarerHousehold.objects.filter(centre_id__in=scope_for(user).registry_org_ids)


def placements_visible_to(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(centre_id__in=scope_for(user).registry_org_ids)


def sibling_groups_visible_to(user: User, centre_ids: Any = None) -> QuerySet[SiblingGroup]:
    """Sibling groups of the user's centres (of ``centre_ids`` among them, when given)."""
    groups = SiblingGroup.objects.filter(centre_id__in=scope_for(user).registry_org_ids)
    return groups if centre_ids is None else groups.filter(centre_id__in=centre_ids)


def households_to_place_with(user: User, child: Child) -> QuerySet[CarerHousehold]:
    """The active households of the child's centre that the placement form offers: all of
    them to a manager; to a coordinator those they coordinate and the centre's on-call
    carers (an emergency; the service decides, see ``permissions.can_place``)."""
    households = households_visible_to(user).filter(
        centre_id=child.centre_id, status=CarerHousehold.Status.ACTIVE
    )
    if not scope_for(user).manages(child.centre_id):
        households = households.filter(
            Q(kind=HouseholdKind.ON_CALL)
            | Q(assignments__coordinator=user, assignments__ended_on__isnull=True)
        ).distinct()
    return households.order_by(*lt("name"))


def centres_for(user: User) -> QuerySet[Organisation]:
    """The care centres whose registry the user works in."""
    return Organisation.objects.filter(id__in=scope_for(user).registry_org_ids).order_by(
        *lt("name")
    )


def care_centres_of(user: User) -> QuerySet[Organisation]:
    """The foster care centres whose records the user works with: the centres a page of a
    centre's work (the carer pipeline, the on-call network, training) may show."""
    return Organisation.objects.filter(
        pk__in=scope_for(user).registry_org_ids, kind=Organisation.Kind.CARE_CENTRE
    ).order_by(*lt("name"))


def _current_placement() -> QuerySet[Placement]:
    return Placement.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)


def _current_coordinator_of_child() -> QuerySet[CoordinatorAssignment]:
    return CoordinatorAssignment.objects.filter(
        ended_on__isnull=True,
        household__placements__child=OuterRef("pk"),
        household__placements__ended_on__isnull=True,
    )


@dataclass(frozen=True)
class ChildFilters:
    query: str = ""
    status: str = ""
    setting: str = ""  # a household kind, "institution" or "none"
    municipality: int | None = None
    coordinator: int | None = None


def search_children(user: User, filters: ChildFilters) -> QuerySet[Child]:
    """The children list: name search that ignores diacritics and tolerates typos, or a code."""
    children = children_visible_to(user).annotate(
        current_household_name=Subquery(_current_placement().values("household__name")[:1]),
        current_household_kind=Subquery(_current_placement().values("household__kind")[:1]),
        current_institution_name=Subquery(_current_placement().values("institution__name")[:1]),
        coordinator_id=Subquery(_current_coordinator_of_child().values("coordinator_id")[:1]),
    )
    query = filters.query.strip()
    if query.isdigit():
        children = children.filter(personal_code__startswith=query)
    elif query:
        children = name_matches(children, query).order_by("-match", *lt("last_name", "first_name"))
    if filters.status:
        children = children.filter(status=filters.status)
    if filters.municipality:
        children = children.filter(municipality_id=filters.municipality)
    if filters.setting == "none":
        children = children.filter(~Exists(_current_placement()))
    elif filters.setting == "institution":
        children = children.filter(Exists(_current_placement().filter(institution__isnull=False)))
    elif filters.setting:
        children = children.filter(
            Exists(_current_placement().filter(household__kind=filters.setting))
        )
    if filters.coordinator:
        children = children.filter(
            Exists(_current_coordinator_of_child().filter(coordinator_id=filters.coordinator))
        )
    return children.select_related("municipality")


def _value(text: str) -> Any:
    from django.db.models import Value

    return Value(text)


def coordinators_for(user: User) -> QuerySet[User]:
    """Coordinators of the user's centres, for filters and assignment."""
    return (
        User.objects.filter(
            memberships__organisation_id__in=scope_for(user).registry_org_ids,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by(*lt("last_name", "first_name"))
    )


def coordinators_of(household: CarerHousehold) -> QuerySet[User]:
    """The household's coordinator now (none or one)."""
    return User.objects.filter(
        assignments__household=household,
        assignments__ended_on__isnull=True,
    )


def coordinator_is_in_centre(coordinator: User, centre_id: int) -> bool:
    return Membership.objects.filter(
        user=coordinator, organisation_id=centre_id, role=Role.COORDINATOR, is_active=True
    ).exists()


def likely_duplicates(
    user: User,
    *,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    exclude: Child | None = None,
) -> QuerySet[Child]:
    """Children the user can see with the same name (ignoring diacritics and case) and birth date."""
    folded = Fold(_value(f"{first_name.strip()} {last_name.strip()}"))
    children = children_visible_to(user).filter(birth_date=birth_date, search_name=folded)
    if exclude is not None:
        children = children.exclude(pk=exclude.pk)
    return children


def child_timeline(child: Child) -> list[Placement]:
    return list(child.placements.select_related("household", "institution").order_by("-started_on"))


def current_placement(child: Child) -> Placement | None:
    return child.placements.filter(ended_on__isnull=True).select_related("household").first()


def current_assignment(household: CarerHousehold) -> CoordinatorAssignment | None:
    return household.assignments.filter(ended_on__isnull=True).select_related("coordinator").first()


def capacity_rule_for(kind: str, on: dt.date) -> CapacityRule | None:
    """The version of the rule for this kind of household in force on the day, as the
    database defines it once (``globa_capacity``, registry migration 0011) for the
    placement check, on-call availability and the data generator alike."""
    rules = CapacityRule.objects.raw("SELECT * FROM globa_capacity(%s, %s)", [kind, on])
    return next(iter(rules), None)


def placements_active_on(household: CarerHousehold, on: dt.date) -> QuerySet[Placement]:
    return household.placements.filter(started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )


def placed_with(household: CarerHousehold, on: dt.date) -> int:
    """How many children are placed with the household on the day: all of them, counted by
    the database, including those placed by another centre whose records the reader may
    not see (capacity is the household's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT globa_placed(%s, %s)", [household.pk, on])
        row = cursor.fetchone()
    return int(row[0])


def keeps_siblings(household: CarerHousehold, sibling_group_id: uuid.UUID, on: dt.date) -> bool:
    """Whether a child of the sibling group lives with the household on the day, answered by
    the database on every placement, also those the reader may not see, and showing none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT globa_keeps_siblings(%s, %s, %s)", [household.pk, sibling_group_id, on]
        )
        row = cursor.fetchone()
    return bool(row[0])


def own_children_count(household: CarerHousehold) -> int:
    """The household's own children living there, as the database keeps the count on the
    household's row (``own_living``, recounted by a trigger whoever adds them): the same
    number matching and availability read."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT own_living FROM registry_carerhousehold WHERE id = %s", [household.pk]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Capacity:
    rule: CapacityRule | None
    placed: int
    own: int

    @property
    def total(self) -> int:
        return self.placed + self.own

    @property
    def free_places(self) -> int | None:
        if self.rule is None:
            return None
        limits = []
        if self.rule.max_placed is not None:
            limits.append(self.rule.max_placed - self.placed)
        if self.rule.max_total is not None:
            limits.append(self.rule.max_total - self.total)
        return max(0, min(limits)) if limits else None

    @property
    def below_minimum(self) -> bool:
        return bool(self.rule and self.rule.min_total and self.total < self.rule.min_total)


def household_capacity(household: CarerHousehold, on: dt.date | None = None) -> Capacity:
    day = on or clock.today()
    return Capacity(
        rule=capacity_rule_for(household.kind, day),
        placed=placed_with(household, day),
        own=own_children_count(household),
    )


def household_page(household: CarerHousehold) -> dict[str, Any]:
    """What the household page shows, in a fixed small number of queries."""
    placements = list(
        household.placements.select_related("child").order_by("ended_on", "-started_on")
    )
    today = clock.today()
    own_children = list(household.own_children.all())
    adults = list(household.adults.all())
    return {
        "adults": adults,
        "guardian_ages": guardian_age_warnings(household, adults, today),
        "own_children": own_children,
        "current": [p for p in placements if p.ended_on is None],
        "past": [p for p in placements if p.ended_on is not None],
        "assignments": list(household.assignments.select_related("coordinator", "assigned_by")),
        "capacity": Capacity(
            rule=capacity_rule_for(household.kind, today),
            placed=sum(1 for p in placements if p.started_on <= today and p.ended_on is None),
            own=sum(1 for c in own_children if c.lives_in_household),
        ),
    }


GUARDIAN_KINDS = (
    HouseholdKind.GUARDIAN_RELATIVE,
    HouseholdKind.GUARDIAN_NON_RELATIVE,
    HouseholdKind.PERMANENT,
)


def guardian_age_warnings(
    household: CarerHousehold, adults: list[HouseholdAdult], today: dt.date
) -> list[str]:
    """Adults of a guardian family outside the ages the law sets for a guardian (a close
    relative may be younger): shown on the household's page for the centre to look into,
    not a refusal — the child-rights service decides on guardianship."""
    if household.kind not in GUARDIAN_KINDS:
        return []
    oldest = rules.limit(Limit.GUARDIAN_MAX_AGE, today)
    warnings = []
    for adult in adults:
        age = _age(adult.birth_date, today)
        youngest = rules.limit(
            Limit.GUARDIAN_MIN_AGE_RELATIVE
            if adult.is_related_to_child
            else Limit.GUARDIAN_MIN_AGE,
            today,
        )
        if not youngest <= age <= oldest:
            warnings.append(
                _("%(name)s is %(age)d; a guardian is from %(youngest)d to %(oldest)d.")
                % {"name": adult, "age": age, "youngest": youngest, "oldest": oldest}
            )
    return warnings


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def households_list(
    user: User, query: str = "", kind: str = "", status: str = ""
) -> QuerySet[CarerHousehold]:
    households = households_visible_to(user).annotate(
        placed_now=Count("placements", filter=Q(placements__ended_on__isnull=True), distinct=True),
        coordinator_first=Subquery(
            CoordinatorAssignment.objects.filter(
                household=OuterRef("pk"), ended_on__isnull=True
            ).values("coordinator__first_name")[:1]
        ),
        coordinator_last=Subquery(
            CoordinatorAssignment.objects.filter(
                household=OuterRef("pk"), ended_on__isnull=True
            ).values("coordinator__last_name")[:1]
        ),
    )
    if query.strip():
        households = name_matches(households, query)
    if kind:
        households = households.filter(kind=kind)
    if status:
        households = households.filter(status=status)
    return households.select_related("municipality").order_by(*lt("name"))


def supported_households(centre_ids: Any) -> QuerySet[CarerHousehold]:
    """The households a centre supports: every one not closed. A paused household (a break,
    a respite) keeps its coordinator and counts in their caseload; closing a household ends
    its coordinator's assignment. The one definition behind every caseload count."""
    return CarerHousehold.objects.filter(centre_id__in=centre_ids).exclude(
        status=CarerHousehold.Status.CLOSED
    )


def caseload_queryset(user: User) -> QuerySet[CarerHousehold]:
    """The households a coordinator coordinates now, with the children placed there
    (``current_placements``)."""
    current = Placement.objects.filter(ended_on__isnull=True).select_related("child")
    return (
        households_visible_to(user)
        .filter(assignments__coordinator=user, assignments__ended_on__isnull=True)
        .prefetch_related(Prefetch("placements", queryset=current, to_attr="current_placements"))
        .select_related("municipality")
        .order_by(*lt("name"))
    )


def caseload(user: User) -> list[CarerHousehold]:
    return list(caseload_queryset(user))


def centre_overview(user: User) -> list[dict[str, Any]]:
    """Per centre the manager leads: children in care, households, coordinators' caseloads."""
    centres = list(managed_centres(user))
    centre_ids = [centre.pk for centre in centres]
    children = dict(
        Child.objects.filter(centre_id__in=centre_ids, status=Child.Status.IN_CARE)
        .values_list("centre_id")
        .annotate(n=Count("id"))
        .values_list("centre_id", "n")
    )
    households = dict(
        supported_households(centre_ids)
        .values_list("centre_id")
        .annotate(n=Count("id"))
        .values_list("centre_id", "n")
    )
    loads = (
        CoordinatorAssignment.objects.filter(centre_id__in=centre_ids, ended_on__isnull=True)
        .values("centre_id", "coordinator_id", "coordinator__first_name", "coordinator__last_name")
        .annotate(households=Count("household_id"))
        .order_by("-households")
    )
    without = dict(
        supported_households(centre_ids)
        .exclude(assignments__ended_on__isnull=True)
        .values_list("centre_id")
        .annotate(n=Count("id"))
        .values_list("centre_id", "n")
    )
    return [
        {
            "centre": centre,
            "children": children.get(centre.id, 0),
            "households": households.get(centre.id, 0),
            "without_coordinator": without.get(centre.id, 0),
            "caseloads": [row for row in loads if row["centre_id"] == centre.id],
        }
        for centre in centres
    ]


def institutions_for(user: User) -> QuerySet[Organisation]:
    """Institutions and homes a child can be placed in."""
    return Organisation.objects.filter(
        kind__in=[
            Organisation.Kind.INSTITUTION,
            Organisation.Kind.COMMUNITY_HOME,
        ],
        is_active=True,
    ).order_by(*lt("name"))


def municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(*lt("name"))

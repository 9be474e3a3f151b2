"""Every read of the service records, scoped to what the user may see.

A delivery is visible to the staff of the organisation that provided it (row-level security
backs this). The notes of a service with restricted notes (psychological consultations)
never leave the database for anyone but their author and the provider's specialists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length

from globa.accounts.models import Role, User
from globa.accounts.selectors import REGISTRY_ROLES, scope_for
from globa.lib.collation import lt
from globa.lib.dates import add_months
from globa.registry.models import (
    CapacityRule,
    CarerHousehold,
    Child,
    HouseholdKind,
    Limit,
    Placement,
)
from globa.registry.rules import limit
from globa.registry.selectors import caseload_queryset
from globa.support.models import (
    ContactRule,
    Delivery,
    Group,
    GroupMember,
    GroupSession,
    HomeVisit,
    PlannedVisit,
    Service,
)


def services_provided(organisation_id: int, on: dt.date) -> QuerySet[Service]:
    """The catalogue's services the organisation provides on the day."""
    # One filter() call, so that every condition on the provision holds for the same row.
    return (
        Service.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            Q(provisions__valid_to__isnull=True) | Q(provisions__valid_to__gte=on),
            valid_from__lte=on,
            provisions__organisation_id=organisation_id,
            provisions__valid_from__lte=on,
        )
        .distinct()
        .order_by("position", "code")
    )


def deliveries_visible_to(user: User) -> QuerySet[Delivery]:
    """Deliveries of the user's organisations, notes masked where the user may not read them.

    ``shown_notes`` is the note, or NULL when it is restricted; ``has_notes`` tells whether
    there is one at all. ``notes`` itself is not read.
    """
    scope = scope_for(user)
    specialist_orgs = sorted(scope.org_ids_with(Role.SPECIALIST))
    readable = (
        Q(service__restricted_notes=False)
        | Q(given_by_id=user.pk)
        | Q(recorded_by_id=user.pk)
        | Q(provider_id__in=specialist_orgs)
    )
    return (
        Delivery.objects.filter(
            Q(family_case__isnull=True, provider_id__in=scope.registry_org_ids)
            | Q(family_case__isnull=False, provider_id__in=scope.case_org_ids)
        )
        .defer("notes")
        .annotate(
            shown_notes=Case(When(readable, then=F("notes")), default=Value(None)),
            has_notes=Length("notes"),
        )
    )


def recent_for_household(user: User, household: CarerHousehold, limit: int = 10) -> list[Any]:
    """The latest contacts with the household or with children while placed there."""
    return list(
        deliveries_visible_to(user)
        .filter(household=household)
        .select_related("service", "given_by")
        .order_by("-delivered_on", "-recorded_at")[:limit]
    )


def recent_for_child(user: User, child: Child, limit: int = 10) -> list[Any]:
    return list(
        deliveries_visible_to(user)
        .filter(child=child)
        .select_related("service", "given_by")
        .order_by("-delivered_on", "-recorded_at")[:limit]
    )


def contact_rules() -> dict[str, int]:
    """Days between contacts by household type."""
    return dict(ContactRule.objects.values_list("household_kind", "interval_days"))


def last_contact() -> Subquery:
    """An annotation for households: the day of the latest contact with the household, a
    service given to it (attending a group session is not a contact with the coordinator)."""
    return Subquery(
        Delivery.objects.filter(household=OuterRef("pk"), session__isnull=True)
        .order_by("-delivered_on")
        .values("delivered_on")[:1]
    )


def next_visit(today: dt.date) -> Subquery:
    """An annotation for households: the day of the next visit booked with the household
    (today or later, not yet done or cancelled)."""
    return Subquery(
        PlannedVisit.objects.filter(
            household=OuterRef("pk"),
            status=PlannedVisit.Status.PLANNED,
            planned_on__gte=today,
        )
        .order_by("planned_on")
        .values("planned_on")[:1]
    )


@dataclass(frozen=True)
class Due:
    household: CarerHousehold
    last_contact: dt.date | None
    next_due: dt.date | None  # None: no contact rule for this type of household
    overdue_days: int
    next_visit: dt.date | None = None  # the next visit booked, if any

    @property
    def planned(self) -> bool:
        """A visit is booked by the day the contact is due: the norm is taken care of."""
        return self.next_visit is not None and (
            self.next_due is None or self.next_visit <= self.next_due
        )

    @property
    def overdue(self) -> bool:
        """Needs attention: the contact is late and no visit is booked in time."""
        return self.overdue_days > 0 and not self.planned

    def urgency(self) -> tuple[bool, bool, bool, dt.date, str]:
        """Overdue first, households never met first among them, then by the day due;
        households with a visit booked in time after the others due that day."""
        return (
            not self.overdue,
            self.last_contact is not None,
            self.planned,
            self.next_due or dt.date.max,
            self.household.name,
        )


def due(
    household: CarerHousehold,
    last: dt.date | None,
    rules: dict[str, int],
    today: dt.date,
    next_visit: dt.date | None = None,
) -> Due:
    """When the household's next contact is due by its type's contact rule, and whether a
    visit is booked by then."""
    interval = rules.get(household.kind)
    if interval is None:
        return Due(household, last, None, 0, next_visit)
    if last is None:
        # Never met: due now, and counted as overdue unless a visit is booked today.
        return Due(household, None, today, 1, next_visit)
    next_due = last + dt.timedelta(days=interval)
    return Due(household, last, next_due, (today - next_due).days, next_visit)


@dataclass(frozen=True)
class Milestone:
    placement: Placement
    day: dt.date


@dataclass
class WorkingDay:
    contacts: list[Due] = field(default_factory=list)
    turning_18: list[Milestone] = field(default_factory=list)
    on_call_limit: list[Milestone] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for due in self.contacts if due.overdue)


def _months_allowed(rules: list[CapacityRule], started_on: dt.date) -> int | None:
    """The longest stay of one child under the rule version in force when it started."""
    versions = [
        rule
        for rule in rules
        if rule.valid_from <= started_on and (rule.valid_to is None or started_on < rule.valid_to)
    ]
    if not versions:
        return None
    return max(versions, key=lambda rule: rule.valid_from).max_months_per_child


def working_day(user: User, today: dt.date) -> WorkingDay:
    """A coordinator's caseload in the order of what is due: contacts (overdue first), young
    people turning 18 soon (the decision on support until 21), on-call placements nearing
    the 12-month limit."""
    rules = contact_rules()
    households = caseload_queryset(user).annotate(
        last_contact_on=last_contact(), next_visit_on=next_visit(today)
    )
    day = WorkingDay()
    on_call_rules: list[CapacityRule] | None = None
    adulthood_by = add_months(today, limit(Limit.ADULTHOOD_NOTICE_MONTHS, today))
    limit_notice = add_months(today, limit(Limit.ON_CALL_LIMIT_NOTICE_MONTHS, today))
    for household in households:
        day.contacts.append(
            due(household, household.last_contact_on, rules, today, household.next_visit_on)
        )
        for placement in household.current_placements:  # type: ignore[attr-defined]
            child = placement.child
            eighteenth = child.turns_18_on
            if today <= eighteenth <= adulthood_by and child.support_extended_until is None:
                day.turning_18.append(Milestone(placement, eighteenth))
            if household.kind == HouseholdKind.ON_CALL:
                if on_call_rules is None:
                    on_call_rules = list(
                        CapacityRule.objects.filter(household_kind=HouseholdKind.ON_CALL)
                    )
                months = _months_allowed(on_call_rules, placement.started_on)
                last = add_months(placement.started_on, months) if months else None
                if last and last <= limit_notice:
                    day.on_call_limit.append(Milestone(placement, last))
    day.contacts.sort(key=Due.urgency)
    day.turning_18.sort(key=lambda m: m.day)
    day.on_call_limit.sort(key=lambda m: m.day)
    return day


# Group sessions ---------------------------------------------------------------------------


def group_services(
    provider_id: int, on: dt.date, *, keeping: int | None = None
) -> QuerySet[Service]:
    """The services the organisation provides on the day that can be given in groups, and
    the one a group already has (``keeping``), even if no longer provided."""
    offered = Q(pk__in=services_provided(provider_id, on).filter(in_groups=True).values("pk"))
    if keeping is not None:
        offered |= Q(pk=keeping)
    return Service.objects.filter(offered).order_by("position", "code")


def staff_of(provider_id: int) -> QuerySet[User]:
    """The people who work with the organisation's records: who may facilitate its groups."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=provider_id,
            memberships__role__in=REGISTRY_ROLES,
            memberships__is_active=True,
        )
        .distinct()
        .order_by(*lt("last_name", "first_name"))
    )


def groups_visible_to(user: User) -> QuerySet[Group]:
    """Groups of the organisations whose records the user works with."""
    return Group.objects.filter(provider_id__in=scope_for(user).registry_org_ids)


def _count(queryset: QuerySet[Any], by: str) -> Coalesce:
    """A per-row count from another table, as a subquery (no join that multiplies rows)."""
    counted = queryset.filter(**{by: OuterRef("pk")}).order_by().values(by)
    return Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0)


def groups_list(user: User, *, with_closed: bool = False) -> QuerySet[Group]:
    """The user's groups, active first, with their current members, sessions and the day
    of the latest session."""
    groups = groups_visible_to(user)
    if not with_closed:
        groups = groups.filter(is_active=True)
    return (
        groups.annotate(
            members_now=_count(GroupMember.objects.filter(left_on__isnull=True), "group"),
            sessions_held=_count(GroupSession.objects.all(), "group"),
            last_session_on=Subquery(
                GroupSession.objects.filter(group=OuterRef("pk"))
                .order_by("-held_on")
                .values("held_on")[:1]
            ),
        )
        .select_related("service", "facilitator", "provider")
        .order_by("-is_active", *lt("name"))
    )


def group_members(group: Group) -> list[GroupMember]:
    """Everyone who is or was in the group, with the sessions each attended (``attended``);
    current members first, by name."""
    return sorted(
        group.members.select_related("household").annotate(attended=Count("deliveries")),
        key=lambda member: (member.left_on is not None, str(member).casefold()),
    )


def group_sessions(group: Group) -> QuerySet[GroupSession]:
    """The group's sessions, latest first, each with how many attended (``attended``)."""
    return (
        group.sessions.annotate(attended=_count(Delivery.objects.all(), "session"))
        .select_related("facilitator")
        .order_by("-held_on", "-recorded_at")
    )


def session_attendees(session: GroupSession) -> set[Any]:
    """The ids of the members who attended the session."""
    return set(Delivery.objects.filter(session=session).values_list("group_member_id", flat=True))


def households_for_group(group: Group) -> QuerySet[CarerHousehold]:
    """The organisation's households that could join the group (not closed, not in it now)."""
    current = GroupMember.objects.filter(
        group=group, household=OuterRef("pk"), left_on__isnull=True
    )
    return (
        CarerHousehold.objects.filter(centre_id=group.provider_id)
        .exclude(status=CarerHousehold.Status.CLOSED)
        .exclude(Exists(current))
        .order_by(*lt("name"))
    )


# Planned visits -------------------------------------------------------------------------


def visits_visible_to(user: User) -> QuerySet[PlannedVisit]:
    """Visits booked by the centres whose records the user works with."""
    return PlannedVisit.objects.filter(provider_id__in=scope_for(user).registry_org_ids)


def open_visits_of(household: CarerHousehold) -> QuerySet[PlannedVisit]:
    """The household's visits still to be made (also those whose day has passed)."""
    return household.planned_visits.filter(status=PlannedVisit.Status.PLANNED).order_by(
        "planned_on", "planned_at"
    )


@dataclass
class CalendarDay:
    day: dt.date
    visits: list[PlannedVisit] = field(default_factory=list)
    due: list[Due] = field(default_factory=list)  # contacts due that day, no visit booked
    in_month: bool = True

    @property
    def empty(self) -> bool:
        return not self.visits and not self.due


@dataclass
class Calendar:
    start: dt.date
    end: dt.date  # the last day shown
    days: list[CalendarDay]
    overdue: list[Due]  # contacts late now with no visit booked in time
    missed: list[PlannedVisit]  # booked for a day that has passed, not recorded

    @property
    def weeks(self) -> list[list[CalendarDay]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]


def visit_calendar(
    user: User,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    whole_centre: bool = False,
    month: int | None = None,
) -> Calendar:
    """The visits booked from ``start`` to ``end`` (the user's own, or every visit of the
    centres they manage), the contacts of their caseload falling due on those days with no
    visit booked in time, what is overdue now, and visits whose day passed unrecorded."""
    visits = visits_visible_to(user).select_related("household", "visitor")
    if whole_centre:
        visits = visits.filter(provider_id__in=scope_for(user).managed_centre_ids)
    else:
        visits = visits.filter(visitor=user)
    shown = visits.filter(planned_on__range=(start, end)).exclude(
        status=PlannedVisit.Status.CANCELLED
    )
    days = {
        start + dt.timedelta(days=n): CalendarDay(start + dt.timedelta(days=n))
        for n in range((end - start).days + 1)
    }
    if month is not None:
        for calendar_day in days.values():
            calendar_day.in_month = calendar_day.day.month == month
    for visit in shown.order_by("planned_on", "planned_at", "household__name"):
        days[visit.planned_on].visits.append(visit)
    overdue: list[Due] = []
    if not whole_centre:
        for item in working_day(user, today).contacts:
            if item.overdue:
                overdue.append(item)
            elif not item.planned and item.next_due is not None and item.next_due in days:
                days[item.next_due].due.append(item)
    missed = list(
        visits.filter(status=PlannedVisit.Status.PLANNED, planned_on__lt=today).order_by(
            "planned_on"
        )
    )
    return Calendar(start, end, list(days.values()), overdue, missed)


def home_visit_of(contact: Any) -> HomeVisit | None:
    return HomeVisit.objects.filter(contact=contact).first()


def same_contact_that_day(
    *,
    provider_id: int,
    service_id: int,
    day: dt.date,
    household: CarerHousehold | None,
    children: list[Child],
) -> bool:
    """Is a service of this kind already recorded for one of these recipients that day
    (not a group session's attendance)?"""
    recipients = Q(child__in=children) if children else Q(pk__in=[])
    if household is not None:
        recipients |= Q(household=household)
    return (
        Delivery.objects.filter(
            recipients,
            provider_id=provider_id,
            service_id=service_id,
            delivered_on=day,
            session__isnull=True,
        )
        .order_by()
        .exists()
    )


@dataclass(frozen=True)
class HomeVisitShown:
    record: HomeVisit
    seen: list[str]
    alone: list[str]


def with_home_visits(deliveries: list[Any]) -> list[Any]:
    """The deliveries, each home visit with its structured record (``home_visit``) and the
    names of the children seen (those the reader may see)."""
    contacts = {d.contact for d in deliveries if d.form == "home_visit"}
    records = (
        {v.contact: v for v in HomeVisit.objects.filter(contact__in=contacts)} if contacts else {}
    )
    ids = {i for v in records.values() for i in v.children_seen}
    names = {c.pk: str(c) for c in Child.objects.filter(pk__in=ids)} if ids else {}
    for delivery in deliveries:
        record = records.get(delivery.contact)
        delivery.home_visit = (
            HomeVisitShown(
                record,
                [names[i] for i in record.children_seen if i in names],
                [names[i] for i in record.children_seen_alone if i in names],
            )
            if record is not None
            else None
        )
    return deliveries

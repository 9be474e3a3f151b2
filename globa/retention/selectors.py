"""Reading retention: the rule in force, records at the end of their retention, holds, the
list to review and the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils.timezone import localtime

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.assessments.models import Assessment, SubjectKind
from globa.carers.models import APPROVED, Candidate
from globa.carers.models import Stage as CarerStage
from globa.cases.models import FamilyCase, Stage
from globa.lib.dates import add_years
from globa.plans.models import Kind as PlanKind
from globa.plans.models import Plan
from globa.plans.models import Status as PlanStatus
from globa.registry.models import CarerHousehold, Child
from globa.retention.models import (
    HOLD_KINDS,
    Destruction,
    LegalHold,
    RecordKind,
    RetentionRule,
    Review,
)


def rule_for(kind: str, day: dt.date) -> RetentionRule | None:
    """The version of the kind's rule in force on the day."""
    return (
        RetentionRule.objects.filter(record_kind=kind, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )


@dataclass(frozen=True)
class Ended:
    kind: str
    record_id: str
    organisation_id: int
    due_on: dt.date


def _latest(rows: dict[str, dt.date | None], record_id: str, fallback: dt.date) -> dt.date:
    found = rows.get(record_id)
    return max(found, fallback) if found else fallback


def at_their_end(today: dt.date) -> list[Ended]:
    """Every record whose retention has ended on the day, by the rules in force then (read in
    a system scope: the daily job)."""
    done = {
        (kind, record_id)
        for kind, record_id in Destruction.objects.values_list("record_kind", "record_id")
    }
    found: list[Ended] = []
    rule = rule_for(RecordKind.CHILD, today)
    if rule is not None:
        born_by = add_years(today, -rule.years)
        for pk, centre, birth in Child.objects.filter(
            status=Child.Status.LEFT_CARE, birth_date__lte=born_by
        ).values_list("pk", "centre_id", "birth_date"):
            found.append(Ended(RecordKind.CHILD, str(pk), centre, add_years(birth, rule.years)))
    rule = rule_for(RecordKind.HOUSEHOLD, today)
    if rule is not None:
        households = CarerHousehold.objects.filter(status=CarerHousehold.Status.CLOSED).annotate(
            last_end=Max("placements__ended_on")
        )
        for pk, centre, last_end, updated in households.values_list(
            "pk", "centre_id", "last_end", "updated_at"
        ):
            since = max(last_end or updated.date(), updated.date())
            due = add_years(since, rule.years)
            if due <= today:
                found.append(Ended(RecordKind.HOUSEHOLD, str(pk), centre, due))
    rule = rule_for(RecordKind.CANDIDATE, today)
    if rule is not None:
        for pk, centre, since in (
            Candidate.objects.filter(
                stage=CarerStage.EXITED, stage_since__lte=add_years(today, -rule.years)
            )
            .exclude(resume_stage__in=APPROVED)
            .values_list("pk", "centre_id", "stage_since")
        ):
            found.append(Ended(RecordKind.CANDIDATE, str(pk), centre, add_years(since, rule.years)))
    rule = rule_for(RecordKind.FAMILY_CASE, today)
    if rule is not None:
        for pk, org, closed in FamilyCase.objects.filter(
            stage=Stage.CLOSURE, closed_on__lte=add_years(today, -rule.years)
        ).values_list("pk", "organisation_id", "closed_on"):
            if closed is not None:
                due = add_years(closed, rule.years)
                found.append(Ended(RecordKind.FAMILY_CASE, str(pk), org, due))
    found += _staff_records_at_their_end(today)
    return [e for e in found if (e.kind, e.record_id) not in done]


def _staff_records_at_their_end(today: dt.date) -> list[Ended]:
    """A staff member's assessments (counted from their completion, or their last change if
    never completed) and closed development plans. Everyone else's assessments and plans
    are part of their record and end with it."""
    found: list[Ended] = []
    rule = rule_for(RecordKind.ASSESSMENT, today)
    if rule is not None:
        since_by = add_years(today, -rule.years)
        rows = Assessment.objects.filter(subject_kind=SubjectKind.STAFF).filter(
            Q(completed_at__date__lte=since_by)
            | Q(completed_at__isnull=True, updated_at__date__lte=since_by)
        )
        for pk, org, completed_at, updated_at in rows.values_list(
            "pk", "organisation_id", "completed_at", "updated_at"
        ):
            since = localtime(completed_at or updated_at).date()
            due = add_years(since, rule.years)
            if due <= today:
                found.append(Ended(RecordKind.ASSESSMENT, str(pk), org, due))
    rule = rule_for(RecordKind.PLAN, today)
    if rule is not None:
        for pk, org, closed in Plan.objects.filter(
            kind=PlanKind.DEVELOPMENT_PLAN,
            status=PlanStatus.CLOSED,
            closed_on__lte=add_years(today, -rule.years),
        ).values_list("pk", "organisation_id", "closed_on"):
            assert closed is not None
            found.append(Ended(RecordKind.PLAN, str(pk), org, add_years(closed, rule.years)))
    return found


def held(kind: str, record_id: str) -> bool:
    """Whether a legal hold keeps the record now."""
    if kind not in HOLD_KINDS:
        return False
    field = f"{kind}_id"
    return LegalHold.objects.filter(lifted_at__isnull=True, **{field: record_id}).exists()


def protected_org_ids(user: User) -> frozenset[int]:
    """The organisations whose retention the user looks after: as their data protection
    officer or their manager."""
    scope = scope_for(user)
    return scope.data_protection_org_ids | scope.managed_centre_ids


def reviews_for(user: User, *, open_only: bool = True) -> QuerySet[Review]:
    rows = Review.objects.filter(organisation_id__in=protected_org_ids(user)).select_related(
        "rule", "confirmed_by", "approved_by", "organisation"
    )
    if open_only:
        rows = rows.filter(
            status__in=[Review.Status.DUE, Review.Status.CONFIRMED, Review.Status.HELD]
        )
    return rows.order_by("due_on", "record_kind")


def holds_for(user: User) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.filter(
            organisation_id__in=protected_org_ids(user), lifted_at__isnull=True
        )
        .select_related(
            "placed_by",
            "child",
            "household",
            "family_case",
            "assessment__instrument_version__instrument",
            "assessment__staff",
            "plan__staff",
        )
        .order_by("-placed_at")
    )


def register_for(user: User) -> QuerySet[Destruction]:
    return (
        Destruction.objects.filter(organisation_id__in=protected_org_ids(user))
        .select_related("confirmed_by", "approved_by")
        .order_by("-done_at")
    )


def labels(reviews: list[Review]) -> dict[str, str]:
    """What each listed record is called, for the people deciding (read in their scope)."""
    wanted: dict[str, list[str]] = {}
    for review in reviews:
        wanted.setdefault(review.record_kind, []).append(review.record_id)
    found: dict[str, str] = {}
    for pk, first, last, birth in Child.objects.filter(pk__in=wanted.get("child", [])).values_list(
        "pk", "first_name", "last_name", "birth_date"
    ):
        found[str(pk)] = f"{first} {last} ({birth:%Y-%m-%d})"
    for pk, name in CarerHousehold.objects.filter(pk__in=wanted.get("household", [])).values_list(
        "pk", "name"
    ):
        found[str(pk)] = name
    for pk, first, last in Candidate.objects.filter(pk__in=wanted.get("candidate", [])).values_list(
        "pk", "first_name", "last_name"
    ):
        found[str(pk)] = f"{first} {last}"
    for pk, name in FamilyCase.objects.filter(pk__in=wanted.get("family_case", [])).values_list(
        "pk", "family_name"
    ):
        found[str(pk)] = name
    for assessment in (
        Assessment.objects.filter(pk__in=wanted.get("assessment", []))
        .select_related("instrument_version__instrument", "staff")
        .defer("instrument_version__content")
    ):
        found[str(assessment.pk)] = staff_record_label(assessment)
    for plan in Plan.objects.filter(pk__in=wanted.get("plan", [])).select_related("staff"):
        found[str(plan.pk)] = staff_record_label(plan)
    return found


def staff_record_label(record: Assessment | Plan) -> str:
    """A staff member's assessment or plan as the people deciding on it know it."""
    if isinstance(record, Assessment):
        what = record.instrument_version.instrument.name
        day = record.assessed_on
    else:
        what, day = str(record.get_kind_display()), record.starts_on
    return f"{record.staff}: {what} ({day:%Y-%m-%d})"


def rules_in_force(today: dt.date) -> list[RetentionRule]:
    return [rule for kind in RecordKind.values if (rule := rule_for(kind, today)) is not None]

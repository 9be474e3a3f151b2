"""Every change to a plan, each in one transaction, asking the same predicates as its pages.

Goals come from an assessment's needs at an action level (the assessor accepts or edits the
proposed wording), or are written freely. The family's help plan is the case's own: goals
accepted from a family assessment are added to it through ``globa.cases.services``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.assessments import permissions as assessment_permissions
from globa.assessments.models import Assessment, SubjectKind
from globa.assessments.registry import definition_of, item_ids
from globa.cases import services as case_services
from globa.cases.models import FamilyCase
from globa.cases.models import Goal as CaseGoal
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.lib.dates import add_months, check_done_day, check_due_day
from globa.organisations.models import Organisation
from globa.plans import permissions
from globa.plans.models import Action, Goal, GoalProgress, Kind, Plan, Progress, Review, Status
from globa.registry.models import Child
from globa.support import services as support_services
from globa.support.models import Delivery, Service
from globa.training.models import Programme, TrainingGroup

REVIEW_MONTHS = 6


def _common(plan: Plan) -> dict[str, object]:
    return {"organisation_id": plan.organisation_id, "subject_kind": plan.subject_kind}


def _active(by: User, plan: Plan) -> None:
    require_change(permissions.can_change(by, plan))
    if plan.status != Status.ACTIVE:
        raise ValidationError(_("The plan is closed; nothing more is recorded in it."))


def plan_start(
    *,
    by: User,
    child: Child | None = None,
    staff: User | None = None,
    organisation: Organisation | None = None,
    responsible: User | None = None,
    starts_on: dt.date | None = None,
    review_on: dt.date | None = None,
    assessment: Assessment | None = None,
) -> Plan:
    """A child's service plan or a staff member's development plan, in force from a day,
    reviewed by another (half a year later unless said)."""
    today = clock.today()
    starts_on = starts_on or today
    review_on = review_on or add_months(starts_on, REVIEW_MONTHS)
    errors: dict[str, str] = {}
    subject: dict[str, Child | User]
    if child is not None:
        require_change(permissions.can_start_for_child(by, child))
        kind, organisation_id, subject = Kind.SERVICE_PLAN, child.centre_id, {"child": child}
    else:
        assert staff is not None and organisation is not None
        require_change(permissions.can_start_for_staff(by, staff, organisation.pk))
        kind, organisation_id = Kind.DEVELOPMENT_PLAN, organisation.pk
        subject = {"staff": staff}
    check_done_day(starts_on, today, "starts_on", errors)
    if review_on <= starts_on:
        errors["review_on"] = _("The review comes after the plan starts.")
    else:
        check_due_day(review_on, today, "review_on", errors)
    if errors:
        raise ValidationError(errors)
    with saving():
        return Plan.objects.create(
            kind=kind,
            organisation_id=organisation_id,
            subject_kind="child" if child is not None else "staff",
            responsible=responsible or by,
            starts_on=starts_on,
            review_on=review_on,
            assessment=assessment,
            created_by=by,
            **subject,
        )


def active_plan_of(assessment: Assessment) -> Plan | None:
    field = "child" if assessment.subject_kind == SubjectKind.CHILD else "staff"
    return Plan.objects.filter(
        **{field: assessment.subject},
        organisation_id=assessment.organisation_id,
        status=Status.ACTIVE,
    ).first()


@dataclass(frozen=True)
class Accepted:
    item: str
    text: str


def goals_accept(
    *, by: User, assessment: Assessment, goals: Sequence[Accepted]
) -> FamilyCase | Plan:
    """Take goals from the assessment's needs into the plan they lead to: the case's help
    plan for a family, the child's service plan, the staff member's development plan (each
    started when there is none). Every goal names the item that raised it; an item already
    in the plan is not added twice."""
    if not assessment.is_done:
        raise ValidationError(_("Goals are taken from a completed assessment."))
    require_change(
        assessment_permissions.can_assess(
            by, assessment_permissions.subject_of(assessment), assessment.organisation_id
        )
    )
    definition = definition_of(assessment.instrument_version)
    ids = item_ids(assessment.instrument_version)
    errors: dict[str, str] = {}
    for goal in goals:
        if goal.item not in definition.items:
            errors[NON_FIELD_ERRORS] = _("A goal names an item the assessment does not have.")
        elif not goal.text.strip():
            errors[f"text_{goal.item}"] = _("Describe the goal.")
    if not goals:
        errors[NON_FIELD_ERRORS] = _("Tick at least one goal to take into the plan.")
    if errors:
        raise ValidationError(errors)
    with saving():
        if assessment.subject_kind == SubjectKind.FAMILY:
            case = assessment.family_case
            assert case is not None
            taken = set(
                CaseGoal.objects.filter(case=case, assessment_item__isnull=False).values_list(
                    "assessment_item__code", flat=True
                )
            )
            for goal in goals:
                if goal.item not in taken:
                    case_services.goal_add(
                        by=by,
                        case=case,
                        text=goal.text,
                        assessment_id=assessment.pk,
                        item_id=ids[goal.item],
                    )
            return case
        if assessment.subject_kind not in (SubjectKind.CHILD, SubjectKind.STAFF):
            raise ValidationError(_("This assessment does not lead to a plan."))
        plan = active_plan_of(assessment)
        if plan is None:
            plan = plan_start(
                by=by,
                assessment=assessment,
                starts_on=assessment.assessed_on,
                child=assessment.child,
                staff=assessment.staff,
                organisation=assessment.organisation,
            )
        taken = set(plan.goals.filter(item__isnull=False).values_list("item__code", flat=True))
        position = plan.goals.count()
        for goal in goals:
            if goal.item in taken:
                continue
            position += 1
            Goal.objects.create(
                plan=plan,
                text=goal.text.strip()[:500],
                item_id=ids[goal.item],
                assessment=assessment,
                position=position,
                **_common(plan),
            )
        return plan


def goal_add(*, by: User, plan: Plan, text: str) -> Goal:
    _active(by, plan)
    if not text.strip():
        raise ValidationError({"text": _("Describe the goal.")})
    with saving():
        return Goal.objects.create(
            plan=plan, text=text.strip()[:500], position=plan.goals.count() + 1, **_common(plan)
        )


@dataclass(frozen=True)
class Step:
    """Who does what by when, towards a goal."""

    goal: Goal
    description: str
    due_on: dt.date
    responsible_organisation: Organisation
    responsible_user: User | None = None
    responsible_name: str = ""
    service: Service | None = None
    programme: Programme | None = None


def action_add(*, by: User, plan: Plan, step: Step) -> Action:
    _active(by, plan)
    errors: dict[str, str] = {}
    if step.goal.plan_id != plan.pk:
        errors["goal"] = _("Choose a goal of this plan.")
    if not step.description.strip():
        errors["description"] = _("Say what is to be done.")
    if step.responsible_user is None and not step.responsible_name.strip():
        errors["responsible_name"] = _("Say who is responsible.")
    if step.programme is not None and plan.kind != Kind.DEVELOPMENT_PLAN:
        errors["programme"] = _("A training programme is an action of a development plan.")
    check_due_day(step.due_on, clock.today(), "due_on", errors)
    if errors:
        raise ValidationError(errors)
    with saving():
        return Action.objects.create(
            plan=plan,
            goal=step.goal,
            description=step.description.strip(),
            service=step.service,
            programme=step.programme,
            responsible_user=step.responsible_user,
            responsible_name=step.responsible_name.strip(),
            responsible_organisation=step.responsible_organisation,
            due_on=step.due_on,
            **_common(plan),
        )


def action_done(*, by: User, plan: Plan, action: Action, on: dt.date, note: str = "") -> Action:
    _active(by, plan)
    errors: dict[str, str] = {}
    check_done_day(on, clock.today(), "on", errors)
    if errors:
        raise ValidationError(errors)
    if not Action.objects.filter(pk=action.pk, done_on__isnull=True).update(
        done_on=on, done_note=note.strip()[:500]
    ):
        raise ValidationError({"on": _("This action is already done.")})
    action.refresh_from_db()
    return action


def review_record(
    *,
    by: User,
    plan: Plan,
    held_on: dt.date,
    progress: Mapping[int, tuple[str, str]],
    note: str = "",
    reassess: bool = False,
    next_review_on: dt.date | None = None,
    version: int,
) -> Review:
    """A review of the plan: each open goal's progress (achieved, partly, not achieved,
    dropped); it may call for a reassessment; the plan's next review is set."""
    _active(by, plan)
    errors: dict[str, str] = {}
    check_done_day(held_on, clock.today(), "held_on", errors)
    open_goals = {goal.pk: goal for goal in plan.goals.all() if goal.is_open}
    for goal_id, (value, _note) in progress.items():
        if goal_id not in open_goals:
            errors[NON_FIELD_ERRORS] = _("Record the progress of this plan's open goals.")
        elif value not in Progress.values:
            errors[f"goal_{goal_id}"] = _("Choose how far the goal was achieved.")
    missing = [goal for pk, goal in open_goals.items() if pk not in progress]
    if missing:
        errors[NON_FIELD_ERRORS] = _("Record the progress of every open goal: %(goals)s.") % {
            "goals": ", ".join(goal.text for goal in missing)
        }
    following = next_review_on or add_months(held_on, REVIEW_MONTHS)
    if following <= held_on:
        errors["next_review_on"] = _("The next review comes after this one.")
    if errors:
        raise ValidationError(errors)
    with saving():
        review = Review.objects.create(
            plan=plan,
            held_on=held_on,
            note=note.strip(),
            reassess=reassess,
            next_review_on=following,
            by=by,
            **_common(plan),
        )
        for goal_id, (value, text) in progress.items():
            GoalProgress.objects.create(
                review=review,
                goal_id=goal_id,
                progress=value,
                note=text.strip()[:500],
                **_common(plan),
            )
            Goal.objects.filter(pk=goal_id).update(progress=value)
        update_versioned(plan, version, review_on=following)
    return review


def plan_close(*, by: User, plan: Plan, on: dt.date, version: int) -> Plan:
    _active(by, plan)
    errors: dict[str, str] = {}
    check_done_day(on, clock.today(), "on", errors)
    if not errors and on < plan.starts_on:
        errors["on"] = _("The plan cannot close before it starts.")
    if errors:
        raise ValidationError(errors)
    with saving():
        update_versioned(plan, version, status=Status.CLOSED, closed_on=on)
    return plan


def service_record(
    *, by: User, plan: Plan, action: Action, contact: support_services.Contact
) -> Delivery:
    """A service given to the child towards an action of their plan: the plan shows what
    was actually given."""
    _active(by, plan)
    if plan.child is None:
        raise ValidationError(_("Services are recorded for a child's service plan."))
    errors = support_services.validate_contact(
        contact, provider_id=plan.organisation_id, today=clock.today()
    )
    if action.plan_id != plan.pk:
        errors["action"] = _("Choose an action of this plan.")
    if errors:
        raise ValidationError(errors)
    with saving():
        return Delivery.objects.create(
            contact=uuid.uuid4(),
            provider_id=plan.organisation_id,
            service=contact.service,
            delivered_on=contact.delivered_on,
            minutes=contact.minutes,
            form=contact.form,
            notes=contact.notes.strip(),
            given_by=by,
            recorded_by=by,
            child=plan.child,
            plan_action=action,
        )


def training_enrol(*, by: User, plan: Plan, action: Action, group: TrainingGroup) -> Action:
    """Put the staff member in a training group of their centre for a development plan's
    training: its certificate, recorded with the group, completes the action."""
    from globa.training import services as training_services

    _active(by, plan)
    errors: dict[str, str] = {}
    if plan.kind != Kind.DEVELOPMENT_PLAN or plan.staff is None:
        errors[NON_FIELD_ERRORS] = _("Training is an action of a development plan.")
    elif group.centre_id != plan.organisation_id:
        errors["group"] = _("Choose a training group of the staff member's centre.")
    elif action.programme_id is not None and group.programme_id != action.programme_id:
        errors["group"] = _("Choose a group of the action's training programme.")
    elif action.participant_id is not None:
        errors["group"] = _("The staff member is already in a training group for this action.")
    if errors:
        raise ValidationError(errors)
    assert plan.staff is not None
    with saving():
        participant = training_services.participant_add(
            by=by, group=group, person_name=plan.staff.get_full_name() or plan.staff.username
        )
        Action.objects.filter(pk=action.pk).update(participant=participant)
    action.refresh_from_db()
    return action

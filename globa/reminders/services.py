"""The rules that make reminders, and a person's own tasks.

``generate`` runs once a day (``globa reminders``, from cron or a systemd timer) in a system
scope. It opens a reminder for everything that needs someone's attention, keeps the open
ones current, and closes (as resolved) those whose reason has gone, so running it twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import CASE_ROLES, require_page
from globa.assessments import selectors as assessment_selectors
from globa.cases import selectors as case_selectors
from globa.cases.models import Action, Stage
from globa.lib.dates import check_due_day
from globa.oncall import selectors as oncall_selectors
from globa.plans import selectors as plan_selectors
from globa.reminders.models import Kind, Reminder
from globa.reminders.permissions import keeps_tasks
from globa.support import selectors as support_selectors


@dataclass(frozen=True)
class Wanted:
    assignee_id: int
    organisation_id: int | None
    kind: str
    subject: str
    title: str
    due_on: dt.date


def wanted_today(today: dt.date) -> list[Wanted]:
    """Every reminder the records call for on the day."""
    wanted: list[Wanted] = []
    coordinators = User.objects.filter(
        memberships__role=Role.COORDINATOR, memberships__is_active=True, is_active=True
    ).distinct()
    for user in coordinators:
        day = support_selectors.working_day(user, today)
        for due in day.contacts:
            if due.overdue and due.next_due is not None:
                household = due.household
                wanted.append(
                    Wanted(
                        user.pk,
                        household.centre_id,
                        Kind.CONTACT_OVERDUE,
                        f"household:{household.pk}",
                        household.name,
                        due.next_due,
                    )
                )
        for kind, milestones in (
            (Kind.TURNING_18, day.turning_18),
            (Kind.ON_CALL_LIMIT, day.on_call_limit),
        ):
            for milestone in milestones:
                child = milestone.placement.child
                wanted.append(
                    Wanted(
                        user.pk,
                        child.centre_id,
                        kind,
                        f"child:{child.pk}",
                        str(child),
                        milestone.day,
                    )
                )
    case_managers = User.objects.filter(
        memberships__role=Role.CASE_MANAGER, memberships__is_active=True, is_active=True
    ).distinct()
    for user in case_managers:
        for case in case_selectors.case_list(user, today=today, mine=True):
            if case.due.missed and case.due.due_on is not None:
                wanted.append(
                    Wanted(
                        user.pk,
                        case.organisation_id,
                        Kind.CASE_STAGE_LATE,
                        f"case:{case.pk}",
                        case.family_name,
                        case.due.due_on,
                    )
                )
    overdue = Action.objects.filter(done_on__isnull=True, due_on__lt=today).exclude(
        case__stage=Stage.CLOSURE
    )
    # An action's reminder goes to the staff member responsible while they still work with
    # the organisation's cases, else to the case's manager.
    case_staff = set(
        Membership.objects.filter(
            role__in=sorted(CASE_ROLES), is_active=True, user__is_active=True
        ).values_list("organisation_id", "user_id")
    )
    for action in overdue.select_related("case"):
        responsible = action.responsible_user_id
        if responsible is None or (action.organisation_id, responsible) not in case_staff:
            responsible = action.case.case_manager_id
        wanted.append(
            Wanted(
                responsible,
                action.organisation_id,
                Kind.CASE_ACTION_OVERDUE,
                f"action:{action.pk}/{action.case_id}",
                f"{action.case.family_name}: {action.description}"[:300],
                action.due_on,
            )
        )
    wanted.extend(_contracts_ending(today))
    wanted.extend(_reassessments(today))
    wanted.extend(_plan_reviews(today))
    return wanted


def _active_members() -> set[tuple[int, int]]:
    return set(
        Membership.objects.filter(is_active=True, user__is_active=True).values_list(
            "organisation_id", "user_id"
        )
    )


def _reassessments(today: dt.date) -> list[Wanted]:
    """An assessment the instrument asks to repeat (a family every three months, a child
    every six…) that is due within two weeks: for its assessor while they still work
    there, else for the family's case manager or the organisation's managers."""
    members = _active_members()
    managers: dict[int, list[int]] = {}
    for centre_id, user_id in Membership.objects.filter(
        role=Role.CENTRE_MANAGER, is_active=True, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        managers.setdefault(centre_id, []).append(user_id)
    found: list[Wanted] = []
    for assessment, due_on in assessment_selectors.due_reassessments(today):
        org = assessment.organisation_id
        if (org, assessment.assessor_id) in members:
            assignees = [assessment.assessor_id]
        elif (
            assessment.family_case is not None
            and (org, assessment.family_case.case_manager_id) in members
        ):
            assignees = [assessment.family_case.case_manager_id]
        else:
            assignees = managers.get(org, [])
        title = f"{assessment.instrument_version.instrument.name_lt}: {assessment_selectors.subject_name(assessment)}"
        found.extend(
            Wanted(
                user, org, Kind.REASSESSMENT_DUE, f"assessment:{assessment.pk}", title[:300], due_on
            )
            for user in assignees
        )
    return found


def _plan_reviews(today: dt.date) -> list[Wanted]:
    """A plan in force whose review is due within two weeks: for whoever is responsible for it."""
    members = _active_members()
    return [
        Wanted(
            plan.responsible_id,
            plan.organisation_id,
            Kind.PLAN_REVIEW_DUE,
            f"plan:{plan.pk}",
            f"{plan.subject}"[:300],
            plan.review_on,
        )
        for plan in plan_selectors.reviews_due(today)
        if (plan.organisation_id, plan.responsible_id) in members
    ]


def _contracts_ending(today: dt.date) -> list[Wanted]:
    """An on-call contract ending within the notice period with no next one signed: for the
    managers of its centre."""
    ending = oncall_selectors.contracts_ending(today)
    managers: dict[int, list[int]] = {}
    for centre_id, user_id in Membership.objects.filter(
        role=Role.CENTRE_MANAGER, is_active=True, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        managers.setdefault(centre_id, []).append(user_id)
    return [
        Wanted(
            manager,
            contract.centre_id,
            Kind.CONTRACT_ENDING,
            f"oncall:{contract.household_id}",
            f"{contract.household.name}: {contract.number}"[:300],
            contract.ends_on,
        )
        for contract in ending
        for manager in managers.get(contract.centre_id, [])
    ]


@dataclass(frozen=True)
class Run:
    opened: int
    kept: int
    resolved: int


def generate(today: dt.date) -> Run:
    """Bring the open generated reminders in line with what the records call for today."""
    wanted = {(w.assignee_id, w.kind, w.subject): w for w in wanted_today(today)}
    opened = kept = resolved = 0
    with transaction.atomic():
        open_now = (
            Reminder.objects.select_for_update()
            .filter(done_on__isnull=True)
            .exclude(kind=Kind.TASK)
        )
        for reminder in open_now:
            key = (reminder.assignee_id, reminder.kind, reminder.subject)
            found = wanted.pop(key, None)
            if found is None:
                reminder.done_on, reminder.resolved = today, True
                reminder.save(update_fields=["done_on", "resolved"])
                resolved += 1
            elif (reminder.title, reminder.due_on) != (found.title, found.due_on):
                reminder.title, reminder.due_on = found.title, found.due_on
                reminder.save(update_fields=["title", "due_on"])
                kept += 1
            else:
                kept += 1
        Reminder.objects.bulk_create(
            Reminder(
                assignee_id=w.assignee_id,
                organisation_id=w.organisation_id,
                kind=w.kind,
                subject=w.subject,
                title=w.title,
                due_on=w.due_on,
            )
            for w in wanted.values()
        )
        opened = len(wanted)
    return Run(opened, kept, resolved)


def task_add(*, by: User, title: str, due_on: dt.date, today: dt.date) -> Reminder:
    """A task a person writes for themself: someone whose start page lists tasks."""
    require_page(keeps_tasks(by))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Describe the task.")
    check_due_day(due_on, today, "due_on", errors)
    if errors:
        raise ValidationError(errors)
    primary = Membership.objects.filter(user=by, is_active=True).order_by("id").first()
    return Reminder.objects.create(
        assignee=by,
        organisation_id=primary.organisation_id if primary else None,
        kind=Kind.TASK,
        title=title.strip(),
        due_on=due_on,
        created_by=by,
    )


def reminder_done(*, by: User, reminder: Reminder, today: dt.date) -> Reminder:
    if reminder.done_on is not None:
        raise ValidationError(_("This is already done."))
    if not Reminder.objects.filter(pk=reminder.pk, done_on__isnull=True).update(done_on=today):
        raise ValidationError(_("This is already done."))
    reminder.refresh_from_db()
    return reminder

"""Every change to a case. Each runs in one transaction; the audit trigger records it.

A closed case is kept as it was closed: nothing more is added to it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from globa.accounts.models import User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.cases import permissions, selectors
from globa.cases.models import (
    NEXT,
    Action,
    CaseChild,
    Conference,
    ConferenceParticipant,
    FamilyCase,
    Goal,
    ReferralSource,
    Stage,
    StageEntry,
    TeamMember,
)
from globa.core.parts import run_checks
from globa.core.saving import update_versioned
from globa.lib import clock
from globa.lib.dates import add_years, check_due_day
from globa.lib.dates import check_done_day as _check_day
from globa.notifications import services as notifications
from globa.notifications.models import Kind as NotificationKind
from globa.organisations.models import Organisation
from globa.registry import selectors as registry_selectors
from globa.registry.models import Child, Limit
from globa.registry.rules import limit
from globa.support import services as support_services
from globa.support.models import Delivery, Service

CLOSED = _lazy("The case is closed; nothing more is recorded in it.")


def _open(case: FamilyCase, by: User) -> None:
    """A change to the case: by someone who may change it (as the pages ask), while it is open."""
    require_change(permissions.can_edit_case(by, case))
    if case.is_closed:
        raise ValidationError(CLOSED)


# Opening and moving a case ----------------------------------------------------------------


@dataclass(frozen=True)
class Referral:
    family_name: str
    municipality: Organisation
    referral_source: str
    referred_on: dt.date
    referral_reason: str
    case_manager: User
    address: str = ""
    phone: str = ""


def case_open(
    *, by: User, organisation: Organisation, referral: Referral, today: dt.date | None = None
) -> FamilyCase:
    """Take a referral: the case starts at initiation on the day of the referral."""
    day = today or clock.today()
    errors: dict[str, str] = {}
    if not referral.family_name.strip():
        errors["family_name"] = _("Name the family.")
    if not referral.referral_reason.strip():
        errors["referral_reason"] = _("Say why the family was referred.")
    if referral.referral_source not in ReferralSource.values:
        errors["referral_source"] = _("Choose who referred the family.")
    _check_day(referral.referred_on, day, "referred_on", errors)
    require_page(scope_for(by).works_with_cases(organisation.pk))
    if not selectors.is_case_manager_in(referral.case_manager, organisation.pk):
        errors["case_manager"] = _("Choose a case manager of this organisation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = FamilyCase.objects.create(
            organisation=organisation,
            municipality=referral.municipality,
            family_name=referral.family_name.strip(),
            address=referral.address.strip(),
            phone=referral.phone.strip(),
            referral_source=referral.referral_source,
            referred_on=referral.referred_on,
            referral_reason=referral.referral_reason.strip(),
            case_manager=referral.case_manager,
            stage=Stage.INITIATION,
            stage_since=referral.referred_on,
        )
        StageEntry.objects.create(
            case=case,
            organisation=organisation,
            stage=Stage.INITIATION,
            started_on=referral.referred_on,
            by=by,
            note=_("Referral received."),
        )
    return case


def next_stages(case: FamilyCase) -> list[str]:
    """Where the case may go from here: the next stage, or closure (from any open stage)."""
    if case.is_closed:
        return []
    return [*NEXT[case.stage], Stage.CLOSURE]


def case_advance(
    *,
    by: User,
    case: FamilyCase,
    to: str,
    on: dt.date,
    version: int,
    note: str = "",
    outcome: str = "",
    outcome_notes: str = "",
    close_with_open_actions: bool = False,
    today: dt.date | None = None,
) -> FamilyCase:
    """Move the case to its next stage on a day (or close it, with the outcome; a case with
    actions still open is closed only when the person says so)."""
    day = today or clock.today()
    _open(case, by)
    errors: dict[str, str] = {}
    if to not in next_stages(case):
        allowed = ", ".join(str(Stage(s).label) for s in next_stages(case))
        errors["to"] = _("From “%(stage)s” the case goes on to: %(allowed)s.") % {
            "stage": case.get_stage_display(),
            "allowed": allowed,
        }
    if on < case.stage_since:
        errors["on"] = _(
            "The case entered its current stage on %(day)s; choose that day or later."
        ) % {"day": date_format(case.stage_since, "Y-m-d")}
    elif on > day:
        errors["on"] = _("The date is in the future.")
    closing = to == Stage.CLOSURE
    if closing and not outcome:
        errors["outcome"] = _("Record the outcome to close the case.")
    still_open = selectors.open_actions(case) if closing else 0
    if still_open and not close_with_open_actions:
        errors["close_with_open_actions"] = ngettext(
            "%(count)d action of the plan is still open: mark it done, or confirm that the "
            "case closes with it open.",
            "%(count)d actions of the plan are still open: mark them done, or confirm that the "
            "case closes with them open.",
            still_open,
        ) % {"count": still_open}
    if errors:
        raise ValidationError(errors)
    # What apps built on cases ask before a stage is left (globa.assessments: the needs
    # assessment is done when the family's assessment is completed; closing asks for the
    # assessment at closure).
    run_checks("cases.advance", case=case, to=to, outcome=outcome)
    fields: dict[str, object] = {"stage": to, "stage_since": on}
    if closing:
        fields.update(outcome=outcome, outcome_notes=outcome_notes.strip(), closed_on=on)
    with transaction.atomic():
        update_versioned(case, version, **fields)
        StageEntry.objects.create(
            case=case,
            organisation_id=case.organisation_id,
            stage=to,
            started_on=on,
            by=by,
            note=note,
        )
    return case


def case_reassign(*, by: User, case: FamilyCase, case_manager: User, version: int) -> FamilyCase:
    """Hand the case to another case manager of the organisation (its managers decide)."""
    require_change(permissions.can_reassign_case(by, case))
    _open(case, by)
    if not selectors.is_case_manager_in(case_manager, case.organisation_id):
        raise ValidationError({"case_manager": _("Choose a case manager of this organisation.")})
    if case_manager.pk == case.case_manager_id:
        raise ValidationError({"case_manager": _("This case manager already has the case.")})
    with transaction.atomic():
        update_versioned(case, version, case_manager=case_manager)
        StageEntry.objects.create(
            case=case,
            organisation_id=case.organisation_id,
            stage=case.stage,
            started_on=clock.today(),
            by=by,
            note=_("Case manager: %(name)s.") % {"name": case_manager},
        )
        notifications.notify(
            recipients=[case_manager],
            kind=NotificationKind.CASE_ASSIGNED,
            label=str(case),
            link=reverse("cases:case", args=[case.pk]),
            organisation=case.organisation_id,
            actor=by,
        )
    return case


# The family, the team, conferences --------------------------------------------------------


def child_add(
    *,
    by: User,
    case: FamilyCase,
    first_name: str = "",
    last_name: str = "",
    birth_date: dt.date | None = None,
    personal_code: str = "",
    registry_child: Child | None = None,
) -> CaseChild:
    """A child of the family; with a personal code, the child in the registry of the
    organisation that runs the case is linked (its name and birth date are the record's);
    so is a child of that registry chosen by someone who reads it."""
    _open(case, by)
    registered = None
    if registry_child is not None:
        readable = registry_selectors.children_visible_to(by).filter(
            pk=registry_child.pk, centre_id=case.organisation_id
        )
        if not readable.exists():
            raise ValidationError({"registry_child": _("Choose a child of the centre's registry.")})
        registered = selectors.RegisteredChild(
            registry_child.pk,
            registry_child.first_name,
            registry_child.last_name,
            registry_child.birth_date,
        )
    elif personal_code:
        registered = selectors.registry_child_by_code(personal_code, case.organisation_id)
        if registered is None:
            raise ValidationError(
                {
                    "personal_code": _(
                        "No child with this personal code is in the registry of %(centre)s. "
                        "Leave the code empty to add the child by name."
                    )
                    % {"centre": case.organisation.name}
                }
            )
    if registered is not None:
        if case.children.filter(registry_child_id=registered.id).exists():
            key = "personal_code" if registry_child is None else "registry_child"
            raise ValidationError({key: _("This child is already in the case.")})
        if birth_date is not None and birth_date != registered.birth_date:
            raise ValidationError(
                {"birth_date": _("The birth date differs from the child's record in the registry.")}
            )
        first_name, last_name = registered.first_name, registered.last_name
        birth_date = registered.birth_date
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(_("Give the child's first and last name, or the personal code."))
    if birth_date is None:
        raise ValidationError({"birth_date": _("Give the birth date, or the personal code.")})
    if birth_date > clock.today():
        raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})
    oldest = limit(Limit.EXTENDED_SUPPORT_AGE, clock.today())
    if birth_date <= add_years(clock.today(), -oldest):
        raise ValidationError(
            {
                "birth_date": _("A child of a case is under %(age)d: check the birth date.")
                % {"age": oldest}
            }
        )
    return CaseChild.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        registry_child_id=registered.id if registered else None,
    )


def team_member_add(
    *,
    by: User,
    case: FamilyCase,
    name: str,
    agency_kind: str,
    agency_name: str,
    role: str = "",
    contact: str = "",
) -> TeamMember:
    _open(case, by)
    if not name.strip() or not agency_name.strip():
        raise ValidationError(_("Give the person's name and organisation."))
    return TeamMember.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        name=name.strip(),
        agency_kind=agency_kind,
        agency_name=agency_name.strip(),
        role=role.strip(),
        contact=contact.strip(),
    )


@dataclass(frozen=True)
class Task:
    """Who does what by when."""

    description: str
    due_on: dt.date
    member: TeamMember | None = None
    user: User | None = None
    goal: Goal | None = None
    service: Service | None = None


def _validate_task(case: FamilyCase, task: Task, errors: dict[str, str], prefix: str = "") -> None:
    if not task.description.strip():
        errors[f"{prefix}description"] = _("Say what is to be done.")
    if task.member is None and task.user is None:
        errors[f"{prefix}responsible"] = _("Say who is responsible.")
    if task.member is not None and task.member.case_id != case.pk:
        errors[f"{prefix}responsible"] = _("Choose a member of this case's team.")
    if (
        task.user is not None
        and not selectors.case_staff_of(case.organisation_id).filter(pk=task.user.pk).exists()
    ):
        errors[f"{prefix}responsible"] = _(
            "Choose someone who works with this organisation's cases."
        )
    if task.goal is not None and task.goal.case_id != case.pk:
        errors[f"{prefix}goal"] = _("Choose a goal of this case's plan.")
    if task.due_on < case.referred_on:
        errors[f"{prefix}due_on"] = _("The date is before the referral.")
    else:
        check_due_day(task.due_on, clock.today(), f"{prefix}due_on", errors)


def _create_action(case: FamilyCase, task: Task, conference: Conference | None = None) -> Action:
    return Action.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        description=task.description.strip(),
        due_on=task.due_on,
        responsible_member=task.member,
        responsible_user=task.user,
        goal=task.goal,
        service=task.service,
        conference=conference,
    )


def conference_record(
    *,
    by: User,
    case: FamilyCase,
    held_on: dt.date,
    decisions: str,
    participants: Sequence[TeamMember] = (),
    family_took_part: bool = True,
    tasks: Sequence[Task] = (),
    today: dt.date | None = None,
) -> Conference:
    """A case conference with its decisions and the tasks it gave out, all or nothing."""
    _open(case, by)
    errors: dict[str, str] = {}
    _check_day(held_on, today or clock.today(), "held_on", errors)
    if not decisions.strip():
        errors["decisions"] = _("Record what was decided.")
    if any(member.case_id != case.pk for member in participants):
        errors["participants"] = _("Choose members of this case's team.")
    for task in tasks:
        _validate_task(case, task, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conference = Conference.objects.create(
            case=case,
            organisation_id=case.organisation_id,
            held_on=held_on,
            family_took_part=family_took_part,
            decisions=decisions.strip(),
            recorded_by=by,
        )
        ConferenceParticipant.objects.bulk_create(
            ConferenceParticipant(
                conference=conference, member=member, organisation_id=case.organisation_id
            )
            for member in participants
        )
        for task in tasks:
            _create_action(case, task, conference)
    return conference


# The help plan and the relay log -----------------------------------------------------------


def goal_add(
    *,
    by: User,
    case: FamilyCase,
    text: str,
    assessment_id: uuid.UUID | None = None,
    item_id: int | None = None,
) -> Goal:
    """A goal of the help plan; one taken from the family's assessment names the assessment
    and the item that raised it."""
    _open(case, by)
    if not text.strip():
        raise ValidationError({"text": _("Describe the goal.")})
    return Goal.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        text=text.strip()[:500],
        assessment_id=assessment_id,
        assessment_item_id=item_id,
    )


def action_add(*, by: User, case: FamilyCase, task: Task) -> Action:
    _open(case, by)
    errors: dict[str, str] = {}
    _validate_task(case, task, errors)
    if errors:
        raise ValidationError(errors)
    return _create_action(case, task)


def action_done(
    *, by: User, case: FamilyCase, action: Action, on: dt.date, note: str = ""
) -> Action:
    require_change(permissions.can_mark_done(by, case, action))
    if case.is_closed:
        raise ValidationError(CLOSED)
    errors: dict[str, str] = {}
    _check_day(on, clock.today(), "on", errors)
    if on < case.referred_on:
        errors["on"] = _("The date is before the referral.")
    if errors:
        raise ValidationError(errors)
    # Only an open action is marked done: of two people marking it at once, one wins.
    if not Action.objects.filter(pk=action.pk, done_on__isnull=True).update(
        done_on=on, done_note=note.strip()
    ):
        raise ValidationError({"on": _("This action is already done.")})
    action.refresh_from_db()
    return action


def service_record(
    *,
    by: User,
    case: FamilyCase,
    contact: support_services.Contact,
    action: Action | None = None,
    today: dt.date | None = None,
) -> Delivery:
    """A service given to the family of an early-intervention case, by the organisation
    that runs the case, optionally towards an action of its help plan."""
    today = today or clock.today()
    errors = support_services.validate_contact(
        contact, provider_id=case.organisation_id, today=today
    )
    if case.is_closed:
        errors[NON_FIELD_ERRORS] = str(CLOSED)
    elif contact.delivered_on < case.referred_on:
        errors["delivered_on"] = _("The date is before the family was referred.")
    if action is not None and action.case_id != case.pk:
        errors["case_action"] = _("Choose an action of this case's plan.")
    if errors:
        raise ValidationError(errors)
    require_change(permissions.can_edit_case(by, case))
    return Delivery.objects.create(
        contact=uuid.uuid4(),
        provider_id=case.organisation_id,
        service=contact.service,
        delivered_on=contact.delivered_on,
        minutes=contact.minutes,
        form=contact.form,
        notes=contact.notes.strip(),
        given_by=by,
        recorded_by=by,
        family_case=case,
        case_action=action,
    )

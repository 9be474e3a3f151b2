"""Writes for the carer journey: inquiries (public and recorded by staff), moves through the
stages, and the centre's rules for routing and stage norms."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_change, scope_for
from globa.carers import permissions, selectors
from globa.carers.models import (
    APPROVED,
    ORDER,
    Candidate,
    ExitReason,
    InquiryRoute,
    Interest,
    PublicSubmission,
    Source,
    Stage,
    StageChange,
    StageNorm,
)
from globa.core.parts import run_checks
from globa.core.saving import update_versioned
from globa.lib import clock
from globa.lib.dates import check_done_day
from globa.lib.dbscope import db_scope
from globa.notifications import selectors as notification_selectors
from globa.notifications import services as notifications
from globa.notifications.models import Kind as NotificationKind
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold

RATE_WINDOW = dt.timedelta(hours=1)
KEEP_SUBMISSIONS = dt.timedelta(days=1)


@dataclass(frozen=True)
class Inquiry:
    first_name: str
    last_name: str
    email: str
    phone: str
    municipality: Organisation
    interests: tuple[str, ...]
    question: str = ""


def person_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with what a person says about themself in an inquiry, all at once (the
    form shows every problem together, even when some fields are missing)."""
    errors: dict[str, str] = {}
    first, last = (values.get("first_name") or "").strip(), (values.get("last_name") or "").strip()
    email, phone = (values.get("email") or "").strip(), (values.get("phone") or "").strip()
    if "first_name" in values and not first:
        errors["first_name"] = _("Give your first name.")
    if "last_name" in values and not last:
        errors["last_name"] = _("Give your last name.")
    if not email and not phone:
        errors["email"] = _("Give an e-mail address or a phone number, so that we can reply.")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("This e-mail address does not look right.")
    if phone and sum(ch.isdigit() for ch in phone) < 6:
        errors["phone"] = _("This phone number looks too short.")
    interests = values.get("interests")
    if "interests" in values and (not interests or not set(interests) <= set(Interest.values)):
        errors["interests"] = _("Tick at least one: what are you considering?")
    if len(values.get("question") or "") > 4000:
        errors["question"] = _("Please keep the message under 4,000 characters.")
    return errors


def _inquiry_errors(inquiry: Inquiry) -> dict[str, str]:
    errors = person_errors(
        {
            "first_name": inquiry.first_name,
            "last_name": inquiry.last_name,
            "email": inquiry.email,
            "phone": inquiry.phone,
            "interests": inquiry.interests,
            "question": inquiry.question,
        }
    )
    if inquiry.municipality.kind != Organisation.Kind.MUNICIPALITY:
        errors["municipality"] = _("Choose your municipality.")
    return errors


def _candidate(inquiry: Inquiry, centre: Organisation, **extra: object) -> Candidate:
    now = clock.now()
    return Candidate(
        centre=centre,
        municipality=inquiry.municipality,
        first_name=inquiry.first_name.strip(),
        last_name=inquiry.last_name.strip(),
        email=inquiry.email.strip(),
        phone=inquiry.phone.strip(),
        interests=sorted(set(inquiry.interests)),
        question=inquiry.question.strip(),
        consent_at=now,
        stage=Stage.INQUIRY,
        stage_since=timezone.localdate(now),
        **extra,
    )


def address_hash(address: str) -> str:
    """A keyed hash of a client address: the rate limit compares these, never addresses."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _over_the_limit(hashed: str, now: dt.datetime) -> bool:
    PublicSubmission.objects.filter(at__lt=now - KEEP_SUBMISSIONS).delete()
    recent = PublicSubmission.objects.filter(address_hash=hashed, at__gte=now - RATE_WINDOW)
    return recent.count() >= settings.GLOBA_INQUIRY_RATE


class RateLimited(ValidationError):
    """Too many inquiries from one address within the hour."""


def inquiry_submit(
    *, inquiry: Inquiry, submission: uuid.UUID, consent_text: str, address: str
) -> Organisation:
    """Save an inquiry from the public form in the pipeline of the centre it is routed to,
    and return that centre. Sending the same form again (same ``submission``), with a
    correction or not, updates the inquiry it made, wherever it went (the centre passes it on
    if the correction points elsewhere), while no one at the centre has taken it up yet;
    after that the person is told to contact the centre."""
    centre = selectors.route_for(inquiry.municipality, inquiry.interests)
    errors = _inquiry_errors(inquiry)
    if centre is None and "municipality" not in errors:
        errors["municipality"] = _(
            "No foster care centre takes inquiries for this municipality yet. Please call "
            "the municipality's child-rights service."
        )
    if not consent_text.strip():
        errors["consent"] = _("We can only take your inquiry with your consent.")
    if errors:
        raise ValidationError(errors)
    assert centre is not None
    now = clock.now()
    hashed = address_hash(address)
    with transaction.atomic():
        earlier = _submitted_to(submission)
        if earlier is not None:
            return _correct(earlier, submission, inquiry)
        if _over_the_limit(hashed, now):
            raise RateLimited(
                _(
                    "Too many inquiries were sent from your connection within the hour. "
                    "Your message is still in the form: please send it again later, or call "
                    "the centre."
                )
            )
        PublicSubmission.objects.create(address_hash=hashed)
        with db_scope(org_ids=[centre.pk], acting_org_id=centre.pk):
            candidate = _candidate(
                inquiry,
                centre,
                source=Source.PUBLIC_FORM,
                consent_text=consent_text.strip(),
                submission=submission,
            )
            candidate.save()
            _log(candidate, "", Stage.INQUIRY, candidate.stage_since, by=None)
            _tell_about_inquiry(candidate, centre)
    return centre


# Who takes up a centre's inquiries: the people who move its pipeline.
INQUIRY_HANDLERS = (Role.CENTRE_MANAGER, Role.COORDINATOR)


def _tell_about_inquiry(candidate: Candidate, centre: Organisation) -> None:
    """The centre's people hear of a new inquiry in Globa; the person who asked gets a
    confirmation (naming the centre and how to reach it, nobody else)."""
    notifications.notify(
        recipients=notification_selectors.people_with(centre.pk, INQUIRY_HANDLERS),
        kind=NotificationKind.INQUIRY,
        label=f"{candidate.first_name} {candidate.last_name}",
        link=reverse("carers:candidate", args=[candidate.pk]),
        organisation=centre,
    )
    body = render_to_string(
        "carers/public/inquiry_confirmation.txt",
        {"centre": centre, "site": settings.GLOBA_SITE_URL},
    )
    notifications.email_after_commit(
        to=candidate.email,
        subject=_("Your inquiry to %(centre)s was received") % {"centre": centre.name},
        body=body,
    )


TAKEN_UP = gettext_lazy(
    "The centre has already taken up your inquiry, so it can no longer be changed here. "
    "Please call or write to the centre."
)


def _submitted_to(submission: uuid.UUID) -> Organisation | None:
    """The centre an earlier sending of this form went to (the database answers which, as
    the public has no scope to look)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT globa_inquiry_centre(%s)", [submission])
        row = cursor.fetchone()
    return Organisation.objects.get(pk=row[0]) if row and row[0] else None


def _correct(centre: Organisation, submission: uuid.UUID, inquiry: Inquiry) -> Organisation:
    """The form sent again: its corrections replace what the inquiry said, in the scope of
    the centre that has it, while nobody there has moved it on."""
    with db_scope(org_ids=[centre.pk], acting_org_id=centre.pk):
        candidate = Candidate.objects.select_for_update().get(submission=submission)
        untouched = (
            candidate.stage == Stage.INQUIRY
            and not candidate.changes.exclude(from_stage="").exists()
            and candidate.household_id is None
        )
        if not untouched:
            raise ValidationError(TAKEN_UP)
        fresh = _candidate(inquiry, centre)
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "municipality",
            "interests",
            "question",
        ]
        for name in fields:
            setattr(candidate, name, getattr(fresh, name))
        candidate.save(update_fields=fields)
    return centre


def count_refused(address: str) -> bool:
    """Count a refused sending (a filled honeypot) against the address; True when the
    address is already over the limit."""
    now = clock.now()
    hashed = address_hash(address)
    over = _over_the_limit(hashed, now)
    PublicSubmission.objects.create(address_hash=hashed)
    return over


def candidate_add(
    *,
    by: User,
    centre: Organisation,
    inquiry: Inquiry,
    consent_text: str,
    on: dt.date,
    today: dt.date | None = None,
) -> Candidate:
    """An inquiry taken by the centre (a call, a visit, an event)."""
    require_change(permissions.can_change_pipeline(by, centre.pk))
    errors = _inquiry_errors(inquiry)
    if not consent_text.strip():
        errors["consent"] = _(
            "Record that the person agreed to the processing of their data; without it the "
            "inquiry is not kept."
        )
    check_done_day(on, today or clock.today(), "on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        candidate = _candidate(inquiry, centre, source=Source.STAFF, consent_text=consent_text)
        candidate.stage_since = on
        candidate.save()
        _log(candidate, "", Stage.INQUIRY, on, by=by)
    return candidate


def _log(
    candidate: Candidate, from_stage: str, to: str, on: dt.date, by: User | None, **extra: object
) -> None:
    StageChange.objects.create(
        candidate=candidate,
        centre_id=candidate.centre_id,
        from_stage=from_stage,
        to_stage=to,
        on=on,
        by=by,
        **extra,
    )


# Moving through the stages -------------------------------------------------------------------


def moves(candidate: Candidate) -> list[str]:
    """Where the person may go from their stage: the next step, back to an earlier one (a
    mistake or a repeat, with a reason), pause, leave; a paused person resumes, one who left
    comes back where they left."""
    if candidate.stage == Stage.PAUSED:
        return [candidate.resume_stage, Stage.EXITED]
    if candidate.stage == Stage.EXITED:
        return [candidate.resume_stage]
    steps = [s for s in ORDER if s != Stage.CONTRACT or candidate.needs_contract]
    if candidate.stage not in steps:  # in the contract stage without a contract interest
        steps = list(ORDER)
    here = steps.index(candidate.stage)
    forward = steps[here + 1 : here + 2]
    back = list(reversed(steps[:here]))
    return [*forward, Stage.PAUSED, Stage.EXITED, *back]


def is_back(candidate: Candidate, to: str) -> bool:
    return (
        to in ORDER and candidate.stage in ORDER and ORDER.index(to) < ORDER.index(candidate.stage)
    )


@dataclass(frozen=True)
class Move:
    to: str
    on: dt.date
    note: str = ""
    exit_reason: str = ""
    approval_number: str = ""
    approval_date: dt.date | None = None


def candidate_move(
    *, by: User, candidate: Candidate, move: Move, version: int, today: dt.date | None = None
) -> Candidate:
    """Move the person to another stage, recording who and when."""
    require_change(permissions.can_change_pipeline(by, candidate.centre_id))
    today = today or clock.today()
    labels = dict(Stage.choices)
    errors: dict[str, str] = {}
    if move.to not in moves(candidate):
        errors["to"] = _("From “%(stage)s” the person cannot move to “%(to)s”.") % {
            "stage": labels[candidate.stage],
            "to": labels.get(move.to, move.to),
        }
    check_done_day(move.on, today, "on", errors)
    if "on" not in errors and move.on < candidate.stage_since:
        errors["on"] = _(
            "The person has been in this stage since %(day)s; choose that day or later."
        ) % {"day": candidate.stage_since.isoformat()}
    fields: dict[str, object] = {"stage": move.to, "stage_since": move.on}
    if move.to == Stage.EXITED:
        if move.exit_reason not in ExitReason.values:
            errors["exit_reason"] = _("Say why the person left.")
        fields.update(exit_reason=move.exit_reason, resume_stage=candidate.stage)
    elif move.to == Stage.PAUSED:
        if not move.note.strip():
            errors["note"] = _("Say why the journey pauses (respite, illness…).")
        fields.update(resume_stage=candidate.stage, exit_reason="")
    else:
        fields.update(resume_stage="", exit_reason="")
    if is_back(candidate, move.to) and not move.note.strip():
        errors["note"] = _("Say why the person goes back to an earlier stage.")
    if move.to == Stage.APPROVAL and not is_back(candidate, move.to):
        if not move.approval_number.strip():
            errors["approval_number"] = _("Give the number of the child-rights service's decision.")
        if move.approval_date is None:
            errors["approval_date"] = _("Give the date of the decision.")
        elif move.approval_date > today:
            errors["approval_date"] = _("The date is in the future.")
        elif move.approval_date > move.on:
            errors["approval_date"] = _("The decision cannot come after the day of approval.")
        fields.update(
            approval_number=move.approval_number.strip(), approval_date=move.approval_date
        )
    elif move.to in APPROVED and not candidate.approval_number:
        errors["to"] = _("Record the approval (the decision's number and date) first.")
    if errors:
        raise ValidationError(errors)
    # What apps built on the journey ask before a move (globa.assessments: approval rests on
    # a completed suitability assessment); a check may name a record the decision links to.
    linked = [found for found in run_checks("carers.move", candidate=candidate, move=move) if found]
    with transaction.atomic():
        from_stage = candidate.stage
        update_versioned(candidate, version, **fields)
        _log(
            candidate,
            from_stage,
            move.to,
            move.on,
            by=by,
            note=move.note.strip(),
            exit_reason=move.exit_reason if move.to == Stage.EXITED else "",
            **({"assessment": linked[0]} if linked else {}),
        )
    return candidate


def candidate_link_household(
    *, by: User, candidate: Candidate, household: CarerHousehold | None, version: int
) -> Candidate:
    """Say which household of the registry an approved person cares in (or none)."""
    require_change(permissions.can_change_pipeline(by, candidate.centre_id))
    if household is not None:
        if candidate.stage not in APPROVED:
            raise ValidationError(
                {"household": _("A household is linked once the person is approved.")}
            )
        if household.centre_id != candidate.centre_id:
            raise ValidationError({"household": _("Choose a household of the same centre.")})
    update_versioned(candidate, version, household=household)
    return candidate


# The centre's rules --------------------------------------------------------------------------


def route_set(
    *, by: User, municipality: Organisation, interest: str, centre: Organisation | None
) -> None:
    """Send the municipality's inquiries (of one interest, or all others) to a centre; no
    centre removes the rule."""
    require_change(municipality in permissions.routing_municipalities(by))
    if interest and interest not in Interest.values:
        raise ValidationError(
            {"interest": _("Choose what the person considers, or leave it empty.")}
        )
    if centre is None:
        InquiryRoute.objects.filter(municipality=municipality, interest=interest).delete()
        return
    if centre.kind != Organisation.Kind.CARE_CENTRE or not centre.is_active:
        raise ValidationError({"centre": _("Choose an active care centre.")})
    InquiryRoute.objects.update_or_create(
        municipality=municipality,
        interest=interest,
        defaults={"centre": centre, "changed_by": by},
    )


def norm_set(*, by: User, centre: Organisation, stage: str, days: int | None) -> None:
    """The centre's own norm for a stage; no days returns to the default."""
    require_change(scope_for(by).manages(centre.pk))
    if stage not in (*ORDER, Stage.PAUSED) or stage == Stage.ACTIVE:
        raise ValidationError({"stage": _("Choose a stage of the journey.")})
    if days is None:
        StageNorm.objects.filter(centre=centre, stage=stage).delete()
        return
    if not 1 <= days <= 730:
        raise ValidationError({"days": _("Give a number of days between 1 and 730.")})
    StageNorm.objects.update_or_create(centre=centre, stage=stage, defaults={"days": days})


PUBLIC_DETAILS = ("address", "phone", "email", "website", "working_hours", "on_call_phone")


def public_details_set(*, by: User, centre: Organisation, details: dict[str, str]) -> None:
    """The contacts and working hours the public pages show; the change is recorded in the
    audit trail by the database, like a change of any record."""
    require_change(scope_for(by).manages(centre.pk))
    new = {field: details.get(field, "").strip() for field in PUBLIC_DETAILS}
    if new["email"]:
        try:
            validate_email(new["email"])
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid email address.")}) from None
    before = {field: getattr(centre, field) for field in PUBLIC_DETAILS}
    if before == new:
        return
    Organisation.objects.filter(pk=centre.pk).update(**new)
    centre.refresh_from_db()

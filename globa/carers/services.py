"""Writes for the carer journey: inquiries (public and recorded by staff), moves through the
stages, and the centre's rules for routing and stage norms."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.audit.models import AccessLog
from globa.carers import matching, permissions, selectors
from globa.carers.models import (
    APPROVED,
    ORDER,
    Attendance,
    Candidate,
    Contract,
    Criterion,
    ExitReason,
    InquiryRoute,
    Interest,
    Match,
    MatchWeight,
    Participant,
    Programme,
    PublicSubmission,
    Respite,
    Source,
    Stage,
    StageChange,
    StageNorm,
    Topic,
    Trainer,
    TrainingGroup,
    TrainingSession,
)
from globa.core.versioning import update_versioned
from globa.lib import clock
from globa.lib.dbscope import db_scope
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import services as registry_services
from globa.registry.models import CarerHousehold, Child, HouseholdKind, Placement
from globa.registry.selectors import capacity_rule_for

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


def _inquiry_errors(inquiry: Inquiry) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not inquiry.first_name.strip():
        errors["first_name"] = _("Give your first name.")
    if not inquiry.last_name.strip():
        errors["last_name"] = _("Give your last name.")
    if not inquiry.email.strip() and not inquiry.phone.strip():
        errors["email"] = _("Give an e-mail address or a phone number, so that we can reply.")
    elif inquiry.email.strip():
        try:
            validate_email(inquiry.email.strip())
        except ValidationError:
            errors["email"] = _("This e-mail address does not look right.")
    if inquiry.phone.strip() and sum(ch.isdigit() for ch in inquiry.phone) < 6:
        errors["phone"] = _("This phone number looks too short.")
    if not inquiry.interests or not set(inquiry.interests) <= set(Interest.values):
        errors["interests"] = _("Tick at least one: what are you considering?")
    if inquiry.municipality.kind != Organisation.Kind.MUNICIPALITY:
        errors["municipality"] = _("Choose your municipality.")
    if len(inquiry.question) > 4000:
        errors["question"] = _("Please keep the message under 4,000 characters.")
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
    and return that centre. Sending the same form again (same ``submission``) saves nothing
    new and returns the same centre."""
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
        # The public form acts in the receiving centre's scope for this one write.
        with db_scope(org_ids=[centre.pk], acting_org_id=centre.pk):
            earlier = Candidate.objects.filter(submission=submission).first()
            if earlier is not None:
                return earlier.centre
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
    if not permissions.can_change_pipeline(by, centre.pk):
        raise PermissionDenied
    errors = _inquiry_errors(inquiry)
    if not consent_text.strip():
        errors["consent"] = _(
            "Record that the person agreed to the processing of their data; without it the "
            "inquiry is not kept."
        )
    _check_day(on, today or clock.today(), "on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        candidate = _candidate(inquiry, centre, source=Source.STAFF, consent_text=consent_text)
        candidate.stage_since = on
        candidate.save()
        _log(candidate, "", Stage.INQUIRY, on, by=by)
    return candidate


def _log(
    candidate: Candidate, from_stage: str, to: str, on: dt.date, by: User | None, **extra: str
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


def _check_day(day: dt.date, today: dt.date, field: str, errors: dict[str, str]) -> None:
    if day > today:
        errors[field] = _("The date is in the future.")
    elif (today - day).days > 366:
        errors[field] = _("The date is more than a year ago. Please check the year.")


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
    if not permissions.can_change_pipeline(by, candidate.centre_id):
        raise PermissionDenied
    today = today or clock.today()
    labels = dict(Stage.choices)
    errors: dict[str, str] = {}
    if move.to not in moves(candidate):
        errors["to"] = _("From “%(stage)s” the person cannot move to “%(to)s”.") % {
            "stage": labels[candidate.stage],
            "to": labels.get(move.to, move.to),
        }
    _check_day(move.on, today, "on", errors)
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
    with transaction.atomic():
        from_stage = candidate.stage
        update_versioned(Candidate, candidate, version, fields)
        _log(
            candidate,
            from_stage,
            move.to,
            move.on,
            by=by,
            note=move.note.strip(),
            exit_reason=move.exit_reason if move.to == Stage.EXITED else "",
        )
    return candidate


def candidate_link_household(
    *, by: User, candidate: Candidate, household: CarerHousehold | None, version: int
) -> Candidate:
    """Say which household of the registry an approved person cares in (or none)."""
    if not permissions.can_change_pipeline(by, candidate.centre_id):
        raise PermissionDenied
    if household is not None:
        if candidate.stage not in APPROVED:
            raise ValidationError(
                {"household": _("A household is linked once the person is approved.")}
            )
        if household.centre_id != candidate.centre_id:
            raise ValidationError({"household": _("Choose a household of the same centre.")})
    update_versioned(Candidate, candidate, version, {"household": household})
    return candidate


def record_view(*, by: User, candidate: Candidate) -> None:
    """Log that the user opened the person's record; if this cannot be written the page is
    not shown."""
    AccessLog.objects.create(
        user=by,
        acting_organisation_id=scope_for(by).primary_org_id,
        organisation_id=candidate.centre_id,
        candidate=candidate,
    )


# The centre's rules --------------------------------------------------------------------------


def route_set(
    *, by: User, municipality: Organisation, interest: str, centre: Organisation | None
) -> None:
    """Send the municipality's inquiries (of one interest, or all others) to a centre; no
    centre removes the rule."""
    if municipality not in permissions.routing_municipalities(by):
        raise PermissionDenied
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
    if centre not in permissions.managed_centres(by):
        raise PermissionDenied
    if stage not in (*ORDER, Stage.PAUSED) or stage == Stage.ACTIVE:
        raise ValidationError({"stage": _("Choose a stage of the journey.")})
    if days is None:
        StageNorm.objects.filter(centre=centre, stage=stage).delete()
        return
    if not 1 <= days <= 730:
        raise ValidationError({"days": _("Give a number of days between 1 and 730.")})
    StageNorm.objects.update_or_create(centre=centre, stage=stage, defaults={"days": days})


# Contracts with on-call carers ---------------------------------------------------------------


@dataclass(frozen=True)
class ContractTerms:
    number: str
    starts_on: dt.date
    ends_on: dt.date
    places: int
    age_min: int = 0
    age_max: int = 17
    accepts_disability: bool = False
    accepts_siblings: bool = True
    around_the_clock: bool = True
    notes: str = ""


def _contract_errors(household: CarerHousehold, terms: ContractTerms) -> dict[str, str]:
    errors: dict[str, str] = {}
    if household.kind != HouseholdKind.ON_CALL:
        errors[NON_FIELD_ERRORS] = _("Contracts are made with on-call carers.")
    elif household.status == CarerHousehold.Status.CLOSED:
        errors[NON_FIELD_ERRORS] = _("The household is closed.")
    if not terms.number.strip():
        errors["number"] = _("Give the contract's number.")
    if terms.ends_on < terms.starts_on:
        errors["ends_on"] = _("The contract ends before it starts.")
    elif (terms.ends_on - terms.starts_on).days > 5 * 366:
        errors["ends_on"] = _("A contract runs at most five years. Please check the year.")
    rule = capacity_rule_for(HouseholdKind.ON_CALL, terms.starts_on)
    limit = rule.max_placed if rule and rule.max_placed else 6
    if not 1 <= terms.places <= limit:
        errors["places"] = _("Between 1 and %(limit)d children at once (rule “%(rule)s”).") % {
            "limit": limit,
            "rule": rule.name if rule else "",
        }
    if terms.age_max > 17:
        errors["age_max"] = _("On-call carers take children up to 17.")
    elif terms.age_min > terms.age_max:
        errors["age_max"] = _("The upper age must not be below the lower age.")
    return errors


def contract_add(
    *, by: User, household: CarerHousehold, terms: ContractTerms, today: dt.date | None = None
) -> Contract:
    """Record the centre's contract with an on-call carer."""
    if not permissions.manages(by, household.centre_id):
        raise PermissionDenied
    errors = _contract_errors(household, terms)
    if (
        not errors
        and household.contracts.filter(
            starts_on__lte=terms.ends_on, ends_on__gte=terms.starts_on
        ).exists()
    ):
        errors["starts_on"] = _("The carer already has a contract for some of these dates.")
    if errors:
        raise ValidationError(errors)
    with _constraint_errors():
        return Contract.objects.create(
            household=household,
            centre_id=household.centre_id,
            number=terms.number.strip(),
            starts_on=terms.starts_on,
            ends_on=terms.ends_on,
            places=terms.places,
            age_min=terms.age_min,
            age_max=terms.age_max,
            accepts_disability=terms.accepts_disability,
            accepts_siblings=terms.accepts_siblings,
            around_the_clock=terms.around_the_clock,
            notes=terms.notes.strip(),
            created_by=by,
        )


def contract_end_early(
    *,
    by: User,
    contract: Contract,
    ends_on: dt.date,
    reason: str,
    version: int,
    today: dt.date | None = None,
) -> list[str]:
    """End a contract before its date (the carer stops, or the centre ends it): a new last
    day and why. Respite after the new end goes, a respite over it is shortened; returns
    what was changed so, for the message."""
    if not permissions.manages(by, contract.centre_id):
        raise PermissionDenied
    today = today or clock.today()
    errors: dict[str, str] = {}
    if ends_on >= contract.ends_on:
        errors["ends_on"] = _("Choose a day before the contract's end (%(end)s).") % {
            "end": contract.ends_on.isoformat()
        }
    elif ends_on < contract.starts_on:
        errors["ends_on"] = _("The contract starts on %(start)s; it cannot end before.") % {
            "start": contract.starts_on.isoformat()
        }
    elif (today - ends_on).days > 366:
        errors["ends_on"] = _("The date is more than a year ago. Please check the year.")
    if not reason.strip():
        errors["reason"] = _("Say why the contract ends early.")
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    with _constraint_errors():
        update_versioned(
            Contract,
            contract,
            version,
            {"ends_on": ends_on, "ended_early_because": reason.strip()},
        )
        for respite in contract.respites.filter(ends_on__gt=ends_on).order_by("starts_on"):
            period = f"{respite.starts_on.isoformat()} - {respite.ends_on.isoformat()}"
            if respite.starts_on > ends_on:
                respite.delete()
                changed.append(_("respite %(period)s removed") % {"period": period})
            else:
                respite.ends_on = ends_on
                respite.save(update_fields=["ends_on"])
                changed.append(_("respite %(period)s shortened") % {"period": period})
    return changed


def respite_add(
    *, by: User, contract: Contract, starts_on: dt.date, ends_on: dt.date, reason: str
) -> Respite:
    """A period in which the carer takes no child."""
    if not permissions.can_change_pipeline(by, contract.centre_id):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The respite ends before it starts.")
    elif starts_on < contract.starts_on or ends_on > contract.ends_on:
        errors["starts_on"] = _("A respite falls within the contract (%(start)s to %(end)s).") % {
            "start": contract.starts_on.isoformat(),
            "end": contract.ends_on.isoformat(),
        }
    elif contract.respites.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        errors["starts_on"] = _("Another respite covers some of these days.")
    if errors:
        raise ValidationError(errors)
    with _constraint_errors():
        return Respite.objects.create(
            contract=contract,
            centre_id=contract.centre_id,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            created_by=by,
        )


@contextmanager
def _constraint_errors() -> Iterator[None]:
    """A database rule broken by a concurrent write becomes the same clear message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        text = str(error)
        if "respite" in text:
            raise ValidationError(
                {"starts_on": _("Another respite covers some of these days.")}
            ) from None
        raise ValidationError(
            {"starts_on": _("The carer already has a contract for some of these dates.")}
        ) from None


# Emergency placement -------------------------------------------------------------------------


def _snapshot(ranking: matching.Ranking, chosen: matching.Ranked) -> list[dict[str, object]]:
    """What the coordinator chose from: the first ten and the chosen one."""
    shown = [r for r in ranking.ranked if r.rank <= 10 or r is chosen]
    return [
        {
            "rank": r.rank,
            "household": str(r.carer.household_id),
            "name": r.carer.name,
            "score": round(r.score, 1),
            "parts": [[p.criterion, round(p.value, 3), p.weight, p.note] for p in r.parts],
        }
        for r in shown
    ]


def match_place(
    *,
    by: User,
    children: Sequence[Child],
    household: CarerHousehold,
    placed_on: dt.date,
    reasons: str = "",
    today: dt.date | None = None,
) -> Match:
    """Place the child or sibling group with the chosen on-call carer, recording the ranking
    it was chosen from and, when a higher-ranked carer was passed over, why."""
    if not children:
        raise ValidationError(_("Choose at least one child."))
    centres = {child.centre_id for child in children}
    if len(centres) != 1 or not all(
        registry_permissions.can_edit_child(by, child) for child in children
    ):
        raise PermissionDenied
    ranking = selectors.ranking_for(children, placed_on)
    chosen = next((r for r in ranking.ranked if r.carer.household_id == household.pk), None)
    if chosen is None:
        why = next((e.reason for e in ranking.excluded if e.carer.household_id == household.pk), "")
        raise ValidationError(
            {"household": _("This carer cannot take the children now. %(why)s") % {"why": why}}
        )
    if chosen.rank > 1 and not reasons.strip():
        raise ValidationError({"reasons": _("Say why a higher-ranked carer was passed over.")})
    with transaction.atomic():
        placements = [
            registry_services.placement_start(
                by=by,
                child=child,
                kind=Placement.Kind.TEMPORARY,
                started_on=placed_on,
                household=household,
                is_emergency=True,
                notes=_("Emergency placement with an on-call carer (rank %(rank)d).")
                % {"rank": chosen.rank},
                today=today,
            )
            for child in children
        ]
        return Match.objects.create(
            centre_id=children[0].centre_id,
            children=[child.pk for child in children],
            household=household,
            placed_on=placed_on,
            rank=chosen.rank,
            score=round(chosen.score, 1),
            ranking=_snapshot(ranking, chosen),
            reasons=reasons.strip(),
            placements=[p.pk for p in placements],
            by=by,
        )


def weights_set(*, by: User, centre: Organisation, weights: dict[str, int | None]) -> None:
    """The centre's own weights; a criterion without one returns to the default."""
    if centre not in permissions.managed_centres(by):
        raise PermissionDenied
    for criterion, weight in weights.items():
        if criterion not in Criterion.values:
            raise ValidationError(_("Unknown criterion."))
        if weight is None:
            MatchWeight.objects.filter(centre=centre, criterion=criterion).delete()
        elif not 0 <= weight <= 10:
            raise ValidationError({criterion: _("Give a weight from 0 to 10.")})
        else:
            MatchWeight.objects.update_or_create(
                centre=centre, criterion=criterion, defaults={"weight": weight}
            )


PUBLIC_DETAILS = ("address", "phone", "email", "website", "working_hours")


def public_details_set(*, by: User, centre: Organisation, details: dict[str, str]) -> None:
    """The contacts and working hours the public pages show; the change is recorded in the
    audit trail by the database, like a change of any record."""
    if centre not in permissions.managed_centres(by):
        raise PermissionDenied
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


# GIMK training --------------------------------------------------------------------------------


def _may_train(by: User, centre_id: int) -> None:
    if not permissions.can_change_pipeline(by, centre_id):
        raise PermissionDenied


def group_create(
    *, by: User, centre: Organisation, programme: Programme, name: str, starts_on: dt.date
) -> TrainingGroup:
    """Start a training group of a programme at the centre."""
    _may_train(by, centre.pk)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the group, e.g. “GIMK ruduo 2026”.")
    if not programme.is_active:
        errors["programme"] = _("This programme is no longer in use.")
    if abs((starts_on - clock.today()).days) > 366:
        errors["starts_on"] = _("The date is more than a year away. Please check the year.")
    if errors:
        raise ValidationError(errors)
    return TrainingGroup.objects.create(
        centre=centre, programme=programme, name=name.strip(), starts_on=starts_on, created_by=by
    )


def trainer_add(*, by: User, group: TrainingGroup, name: str, certified: bool) -> Trainer:
    _may_train(by, group.centre_id)
    if not name.strip():
        raise ValidationError({"name": _("Give the trainer's name.")})
    return Trainer.objects.create(
        group=group, centre_id=group.centre_id, name=name.strip(), certified=certified
    )


def participant_add(
    *, by: User, group: TrainingGroup, candidate: Candidate | None = None, person_name: str = ""
) -> Participant:
    """Add someone from the centre's pipeline, or another person by name."""
    _may_train(by, group.centre_id)
    if (candidate is None) == (not person_name.strip()):
        raise ValidationError(
            {"candidate": _("Choose a person from the pipeline or write a name, not both.")}
        )
    if candidate is not None:
        if candidate.centre_id != group.centre_id:
            raise ValidationError({"candidate": _("Choose a person of this centre.")})
        if group.participants.filter(candidate=candidate).exists():
            raise ValidationError(
                {"candidate": _("%(name)s is already in the group.") % {"name": candidate}}
            )
    return Participant.objects.create(
        group=group,
        centre_id=group.centre_id,
        candidate=candidate,
        person_name="" if candidate else person_name.strip(),
    )


def session_record(
    *,
    by: User,
    group: TrainingGroup,
    held_on: dt.date,
    topics: Sequence[Topic],
    attended: Sequence[Participant],
    today: dt.date | None = None,
) -> TrainingSession:
    """A session with the topics it covered and who came, all or nothing."""
    _may_train(by, group.centre_id)
    today = today or clock.today()
    errors: dict[str, str] = {}
    _check_day(held_on, today, "held_on", errors)
    if "held_on" not in errors and held_on < group.starts_on:
        errors["held_on"] = _("The group starts on %(day)s.") % {"day": group.starts_on.isoformat()}
    if not topics:
        errors["topics"] = _("Tick the topics the session covered.")
    elif any(t.programme_id != group.programme_id for t in topics):
        errors["topics"] = _("Choose topics of the group's programme.")
    if not attended:
        errors["attended"] = _("Tick who came.")
    elif any(p.group_id != group.pk for p in attended):
        errors["attended"] = _("Only the group's participants attend its sessions.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = TrainingSession.objects.create(
            group=group, centre_id=group.centre_id, held_on=held_on, recorded_by=by
        )
        session.topics.set(topics)
        Attendance.objects.bulk_create(
            Attendance(session=session, participant=p, centre_id=group.centre_id)
            for p in {p.pk: p for p in attended}.values()
        )
    return session


def certificate_record(
    *, by: User, participant: Participant, on: dt.date, number: str, today: dt.date | None = None
) -> Participant:
    """Record the certificate of a participant who attended every topic."""
    _may_train(by, participant.centre_id)
    today = today or clock.today()
    errors: dict[str, str] = {}
    done = next(
        p for p in selectors.progress(participant.group) if p.participant.pk == participant.pk
    )
    if not done.complete:
        errors["on"] = _("Not every topic is attended yet; missing: %(topics)s.") % {
            "topics": "; ".join(str(t) for t in done.missing)
        }
    _check_day(on, today, "on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(
            certificate_on=on, certificate_number=number.strip()
        )
        participant.refresh_from_db()
        candidate = participant.candidate
        # Training done: a person in the training stage goes on to the assessment.
        if (
            candidate is not None
            and candidate.stage == Stage.TRAINING
            and permissions.can_change_pipeline(by, candidate.centre_id)
        ):
            note = _("Training completed, certificate %(number)s.") % {
                "number": number.strip() or "-"
            }
            candidate_move(
                by=by,
                candidate=candidate,
                move=Move(to=Stage.ASSESSMENT, on=max(on, candidate.stage_since), note=note),
                version=candidate.version,
                today=today,
            )
    return participant

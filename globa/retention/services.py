"""Retention: the daily list of what reached its end, legal holds, four-eyes confirmation and
the anonymisation itself, with its entry in the destruction register."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.assessments.models import Assessment, SubjectKind
from globa.cases.models import FamilyCase
from globa.core import tasks
from globa.core.saving import saving
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.plans.models import Plan
from globa.registry.models import CarerHousehold, Child
from globa.retention import anonymise, selectors
from globa.retention.models import Destruction, LegalHold, RecordKind, Review
from globa.retention.permissions import looks_after


def find_ended(today: dt.date | None = None) -> int:
    """The daily job: put every record whose retention ended on the list (kept, not touched,
    while a legal hold is on it). Returns how many were added. Runs in a system scope."""
    day = today or clock.today()
    added = 0
    with transaction.atomic(), system_scope():
        listed = {
            (kind, record_id)
            for kind, record_id in Review.objects.exclude(
                status__in=[Review.Status.DONE, Review.Status.KEPT]
            ).values_list("record_kind", "record_id")
        }
        for ended in selectors.at_their_end(day):
            if (ended.kind, ended.record_id) in listed:
                continue
            rule = selectors.rule_for(ended.kind, day)
            assert rule is not None
            Review.objects.create(
                organisation_id=ended.organisation_id,
                record_kind=ended.kind,
                record_id=ended.record_id,
                rule=rule,
                due_on=ended.due_on,
                found_on=day,
                status=Review.Status.HELD
                if selectors.held(ended.kind, ended.record_id)
                else Review.Status.DUE,
            )
            added += 1
    return added


def find_ended_nightly(timestamp: int) -> None:
    """The worker's nightly run of the daily job."""
    find_ended()


daily_task = tasks.daily("retention.find_ended", "15 3 * * *")(find_ended_nightly)


HOLD_FIELDS: dict[str, type[Model]] = {
    "child": Child,
    "household": CarerHousehold,
    "family_case": FamilyCase,
    "assessment": Assessment,
    "plan": Plan,
}


def hold_place(*, by: User, kind: str, record_id: str, reason: str) -> LegalHold:
    """Keep a child's, household's or case's record, or a staff member's assessment or
    development plan, whatever its retention says."""
    model = HOLD_FIELDS.get(kind)
    errors: dict[str, str] = {}
    if model is None:
        errors["kind"] = _(
            "Choose a child, a household, a case, or a staff member's assessment or "
            "development plan."
        )
    if not reason.strip():
        errors["reason"] = _("Say why the record must be kept (the court case, the complaint).")
    try:
        pk = uuid.UUID(record_id.strip())
    except ValueError:
        errors["record_id"] = _("Enter the record's id (as in its page's address).")
        pk = None
    if errors:
        raise ValidationError(errors)
    assert model is not None
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise ValidationError({"record_id": _("No such record of your organisations.")})
    if (isinstance(record, Assessment) and record.subject_kind != SubjectKind.STAFF) or (
        isinstance(record, Plan) and record.staff_id is None
    ):
        raise ValidationError(
            {
                "record_id": _(
                    "This assessment or plan is kept with the record of whom it is: place the "
                    "hold on the child, the household or the case."
                )
            }
        )
    found = getattr(record, "centre_id", None) or getattr(record, "organisation_id", None)
    organisation_id = int(found or 0)
    require_change(looks_after(by, organisation_id))
    with saving():
        hold = LegalHold.objects.create(
            organisation_id=organisation_id,
            reason=reason.strip(),
            placed_by=by,
            placed_at=clock.now(),
            **{kind: record},
        )
        Review.objects.filter(
            record_kind=kind,
            record_id=str(pk),
            status__in=[Review.Status.DUE, Review.Status.CONFIRMED],
        ).update(status=Review.Status.HELD, confirmed_by=None, confirmed_at=None)
    return hold


def hold_lift(*, by: User, hold: LegalHold, reason: str) -> LegalHold:
    require_change(looks_after(by, hold.organisation_id))
    if hold.lifted_at is not None:
        raise ValidationError(_("The hold has already been lifted."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hold is lifted.")})
    with saving():
        hold.lifted_by, hold.lifted_at, hold.lift_reason = by, clock.now(), reason.strip()
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        if not selectors.held(hold.record_kind, hold.record_id):
            Review.objects.filter(
                record_kind=hold.record_kind, record_id=hold.record_id, status=Review.Status.HELD
            ).update(status=Review.Status.DUE)
    return hold


def review_confirm(*, by: User, review: Review) -> Review:
    """The first person confirms the record is to be anonymised."""
    require_change(looks_after(by, review.organisation_id))
    if review.status != Review.Status.DUE:
        raise ValidationError(_("Only a record at its end, not yet confirmed, can be confirmed."))
    if selectors.held(review.record_kind, review.record_id):
        raise ValidationError(_("A legal hold keeps this record."))
    with saving():
        updated = Review.objects.filter(pk=review.pk, status=Review.Status.DUE).update(
            status=Review.Status.CONFIRMED, confirmed_by=by, confirmed_at=clock.now()
        )
        if not updated:
            raise ValidationError(_("Someone else decided on this record meanwhile."))
    review.refresh_from_db()
    return review


def review_approve(*, by: User, review: Review) -> Review:
    """A second person approves; the record is anonymised in the background."""
    require_change(looks_after(by, review.organisation_id))
    if review.status != Review.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed record can be approved."))
    if review.confirmed_by_id == by.pk:
        raise ValidationError(
            _("A second person approves what the first confirmed, never the same one.")
        )
    if selectors.held(review.record_kind, review.record_id):
        raise ValidationError(_("A legal hold keeps this record."))
    with saving():
        updated = Review.objects.filter(pk=review.pk, status=Review.Status.CONFIRMED).update(
            status=Review.Status.APPROVED, approved_by=by, approved_at=clock.now()
        )
        if not updated:
            raise ValidationError(_("Someone else decided on this record meanwhile."))
        tasks.defer(execute_task, review_id=str(review.pk))
    review.refresh_from_db()
    return review


def review_keep(*, by: User, review: Review, note: str) -> Review:
    """Decide to keep a record on the list (with the reason), e.g. while it is still needed."""
    require_change(looks_after(by, review.organisation_id))
    if review.status not in (Review.Status.DUE, Review.Status.CONFIRMED):
        raise ValidationError(_("This record is no longer waiting for a decision."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the record is kept.")})
    Review.objects.filter(pk=review.pk).update(status=Review.Status.KEPT, note=note.strip())
    review.refresh_from_db()
    return review


def execute(review_id: str) -> Destruction | None:
    """Anonymise an approved record and enter it in the destruction register, in a system
    scope (the worker); a hold placed since stops it."""
    with transaction.atomic(), system_scope():
        review = Review.objects.select_for_update().select_related("rule").get(pk=review_id)
        # The changes are audited as the person who approved them.
        with system_scope(user_id=review.approved_by_id):
            if review.status != Review.Status.APPROVED:
                return None
            if selectors.held(review.record_kind, review.record_id):
                Review.objects.filter(pk=review.pk).update(status=Review.Status.HELD)
                return None
            model, run = anonymise.KINDS[review.record_kind]
            record = model._default_manager.get(pk=review.record_id)
            removed: dict[str, int] = run(record)  # type: ignore[operator]
            rule = review.rule
            entry = Destruction.objects.create(
                organisation_id=review.organisation_id,
                record_kind=review.record_kind,
                record_id=review.record_id,
                rule=rule,
                rule_text=f"{RecordKind(rule.record_kind).label}: {rule.years} "
                f"({rule.valid_from:%Y-%m-%d}) {rule.legal_basis}"[:300],
                due_on=review.due_on,
                removed=removed,
                confirmed_by_id=review.confirmed_by_id or 0,
                approved_by_id=review.approved_by_id or 0,
                done_at=clock.now(),
            )
            Review.objects.filter(pk=review.pk).update(status=Review.Status.DONE)
    return entry


execute_task = tasks.task("retention.execute")(execute)

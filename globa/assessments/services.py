"""Every change to an assessment, each in one transaction, each asking the same predicate as
the page that calls it (``permissions``). The audit trigger records every row written.

The life of an assessment: a draft is started, saved one domain at a time (the form saves
as one goes), completed by the assessor (every required item answered; the scores computed
and kept), then approved by a manager or returned with a comment for correction. Once
completed it is locked in the database; a correction is an amendment, a new draft that
starts from the original and keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.assessments import definitions as defs
from globa.assessments import permissions, selectors
from globa.assessments.models import (
    SUBJECT_FIELDS,
    Answer,
    Assessment,
    DomainRating,
    Informant,
    InstrumentVersion,
    Status,
)
from globa.assessments.permissions import Subject
from globa.assessments.registry import definition_of, domain_ids, item_ids
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.lib.dates import check_done_day
from globa.registry.models import Child

LOCKED = gettext_lazy("This assessment is completed and locked; correct it by an amendment.")


def _birth_date(subject: Subject) -> dt.date | None:
    return subject.birth_date if isinstance(subject, Child) else None


def assessment_start(
    *,
    by: User,
    subject: Subject,
    version: InstrumentVersion,
    timepoint: str,
    assessed_on: dt.date,
    staff_org: int | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Start a draft assessment of the subject with a version of an instrument."""
    kind = permissions.kind_of(subject)
    organisation_id = permissions.organisation_of(subject, staff_org)
    require_change(permissions.can_assess(by, subject, staff_org))
    definition = definition_of(version)
    errors: dict[str, str] = {}
    if version.instrument.subject_kind != kind:
        errors["instrument"] = _("This instrument is not for this kind of assessment.")
    if timepoint not in definition.timepoints:
        errors["timepoint"] = _("This instrument is not used at this timepoint.")
    check_done_day(assessed_on, today or clock.today(), "assessed_on", errors)
    if "assessed_on" not in errors and assessed_on < version.effective_from:
        errors["assessed_on"] = _("This version of the instrument was not yet in use on that day.")
    band = ""
    birth = _birth_date(subject)
    if definition.age_bands and birth is not None:
        age = (
            assessed_on.year
            - birth.year
            - ((assessed_on.month, assessed_on.day) < (birth.month, birth.day))
        )
        band = definition.age_band(age)
        if not band:
            errors["assessed_on"] = _("The instrument has no age band for a person of this age.")
    draft = selectors.open_draft(kind, subject, version)
    if draft is not None:
        errors["instrument"] = _(
            "A draft of this assessment is already open (started %(day)s): continue it."
        ) % {"day": draft.assessed_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    with saving():
        return Assessment.objects.create(
            organisation_id=organisation_id,
            subject_kind=kind,
            instrument_version=version,
            timepoint=timepoint,
            assessed_on=assessed_on,
            age_band=band,
            assessor=by,
            **{SUBJECT_FIELDS[kind]: subject},
        )


def _editable(by: User, assessment: Assessment) -> None:
    if not assessment.is_open:
        raise ValidationError(LOCKED)
    require_change(permissions.can_edit(by, assessment))


@dataclass(frozen=True)
class Rating:
    """What the form sends for one item: a level, "not applicable", or nothing yet."""

    value: int | None = None
    not_applicable: bool = False
    evidence: str = ""


def domain_save(
    *,
    by: User,
    assessment: Assessment,
    domain: str,
    ratings: Mapping[str, Rating],
    informant_ratings: Mapping[tuple[int, str], int | None] | None = None,
    overall: int | None = None,
    strengths: str = "",
) -> Saved:
    """Save what is given for one domain (the form saves this way as one goes). Every item
    must be of this domain of the assessment's version and every rating a level of its
    scale; otherwise nothing is saved. Returns what the assessment now holds."""
    _editable(by, assessment)
    definition = definition_of(assessment.instrument_version)
    if domain not in definition.domain_of:
        raise ValidationError(_("This domain is not part of the instrument."))
    section = definition.domain(domain)
    own = {item.code for item in section.items}
    errors: dict[str, str] = {}
    for code, rating in ratings.items():
        if code not in own:
            errors[code] = _("“%(item)s” is not an item of this domain of the version used.") % {
                "item": code
            }
            continue
        item = definition.items[code]
        if rating.value is not None and rating.value not in item.scale.values:
            errors[code] = _("%(value)s is not a level of this item's scale.") % {
                "value": rating.value
            }
        if rating.not_applicable and not item.not_applicable:
            errors[code] = _("This item cannot be marked not applicable.")
        if rating.not_applicable and rating.value is not None:
            errors[code] = _("Choose a level or “not applicable”, not both.")
        if len(rating.evidence) > 4000:
            errors[code] = _("Please keep the evidence under 4,000 characters.")
    informants = (
        {informant.pk for informant in assessment.informants.all()}
        if any(value is not None for value in (informant_ratings or {}).values())
        else set()
    )
    for (informant_id, code), given in (informant_ratings or {}).items():
        asked = definition.items.get(code)
        if code not in own or asked is None or not asked.informants:
            errors[code] = _("This item does not take informants' ratings.")
        elif informant_id not in informants:
            errors[code] = _("Choose a person who takes part in this assessment.")
        elif given is not None and given not in asked.scale.values:
            errors[code] = _("%(value)s is not a level of this item's scale.") % {"value": given}
    if overall is not None and (section.overall is None or overall not in section.overall.values):
        errors["overall"] = _("%(value)s is not a level of the domain's overall rating.") % {
            "value": overall
        }
    if errors:
        raise ValidationError(errors)
    ids = item_ids(assessment.instrument_version)
    common = {
        "organisation_id": assessment.organisation_id,
        "subject_kind": assessment.subject_kind,
    }
    with saving():
        # Two saves of one assessment (a change sent as one goes while the page's button
        # sends the same domain) follow each other: the second reads what the first wrote.
        # The database refuses answers to an assessment completed meanwhile (its lock).
        Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").first()
        # Everything the assessor has given, read at once; only what changed is written
        # (saving as one goes sends the whole domain at every change).
        own_ids = {ids[code] for code in own}
        rows = list(Answer.objects.filter(assessment=assessment))
        existing = {
            (answer.item_id, answer.informant_id): answer
            for answer in rows
            if answer.item_id in own_ids
        }
        created: list[Answer] = []
        gone: list[int] = []
        for code, rating in ratings.items():
            found = existing.get((ids[code], None))
            if rating.value is None and not rating.not_applicable and not rating.evidence.strip():
                if found is not None:
                    gone.append(found.pk)
                continue
            values = {
                "value": rating.value,
                "not_applicable": rating.not_applicable,
                "evidence": rating.evidence.strip(),
            }
            if found is None:
                created.append(
                    Answer(
                        assessment=assessment,
                        item_id=ids[code],
                        written_by=by,
                        restricted=section.restricted,
                        **values,
                        **common,
                    )
                )
            elif any(getattr(found, k) != v for k, v in values.items()):
                if found.evidence != values["evidence"]:
                    found.written_by = by
                for key, new in values.items():
                    setattr(found, key, new)
                found.save()
        for (informant_id, code), value in (informant_ratings or {}).items():
            found = existing.get((ids[code], informant_id))
            if value is None:
                if found is not None:
                    gone.append(found.pk)
            elif found is None:
                created.append(
                    Answer(
                        assessment=assessment,
                        item_id=ids[code],
                        informant_id=informant_id,
                        value=value,
                        written_by=by,
                        **common,
                    )
                )
            elif found.value != value:
                found.value = value
                found.save()
        if gone:
            Answer.objects.filter(pk__in=gone).delete()
        if created:
            Answer.objects.bulk_create(created)
        if section.overall is not None or strengths.strip():
            # One statement, written or not: an unchanged rating leaves no audit row.
            DomainRating.objects.bulk_create(
                [
                    DomainRating(
                        assessment=assessment,
                        domain_id=domain_ids(assessment.instrument_version)[domain],
                        value=overall,
                        strengths=strengths.strip(),
                        **common,
                    )
                ],
                update_conflicts=True,
                unique_fields=["assessment", "domain"],
                update_fields=["value", "strengths", "updated_at"],
            )
    selectors.forget_sheet(assessment)
    by_id = {item_id: code for code, item_id in ids.items()}
    held: dict[str, int | None] = {
        by_id[answer.item_id]: answer.value
        for answer in rows
        if answer.informant_id is None and answer.item_id not in own_ids
    }
    answered = {
        by_id[answer.item_id]
        for answer in rows
        if answer.informant_id is None
        and answer.item_id not in own_ids
        and (answer.value is not None or answer.not_applicable)
    }
    for code in own:
        previous = existing.get((ids[code], None))
        sent = ratings.get(code)
        now: tuple[int | None, bool] = (
            (sent.value, sent.not_applicable)
            if sent is not None
            else (previous.value, previous.not_applicable)
            if previous is not None
            else (None, False)
        )
        if now[0] is not None or now[1]:
            held[code] = now[0]
            answered.add(code)
    return Saved(count=sum(1 for code in own if code in answered), values=held, answered=answered)


@dataclass(frozen=True)
class Saved:
    """What an assessment holds after a domain was saved: how many of the domain's items are
    answered, and every item's value and whether it is answered, for the form's progress."""

    count: int
    values: dict[str, int | None]
    answered: set[str]


def informant_add(*, by: User, assessment: Assessment, name: str, role: str) -> Informant:
    """Someone who gives their own ratings (a parent, the child)."""
    _editable(by, assessment)
    definition = definition_of(assessment.instrument_version)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the person's name.")
    if role not in {r.code for r in definition.informant_roles}:
        errors["role"] = _("Choose the person's role.")
    if errors:
        raise ValidationError(errors)
    selectors.forget_sheet(assessment)
    with saving():
        return Informant.objects.create(
            assessment=assessment,
            organisation_id=assessment.organisation_id,
            subject_kind=assessment.subject_kind,
            name=name.strip(),
            role=role,
            position=assessment.informants.count(),
        )


def assessment_complete(
    *, by: User, assessment: Assessment, summary: str, version: int
) -> Assessment:
    """The assessor completes the assessment: every required item asked is answered; the
    scores are computed by the version's rules and kept; from now on it is locked."""
    _editable(by, assessment)
    definition = definition_of(assessment.instrument_version)
    selectors.forget_sheet(assessment)
    recorded = selectors.sheet(assessment)
    missing = definition.missing(assessment.age_band, recorded.values(), recorded.answered())
    if missing:
        named = ", ".join(
            f"{item.text} ({definition.domain(item.domain).name})" for item in missing[:8]
        )
        more = len(missing) - 8
        raise ValidationError(
            {
                "summary": _("Answer the required items first: %(items)s%(more)s.")
                % {"items": named, "more": _(" and %(n)s more") % {"n": more} if more > 0 else ""}
            }
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Write the assessor's summary.")})
    scores = defs.score(definition, recorded.values(), assessment.age_band)
    with saving():
        update_versioned(
            assessment,
            version,
            status=Status.COMPLETED,
            summary=summary.strip(),
            scores=scores.as_json(),
            completed_at=clock.now(),
            decided_by=None,
            decided_at=None,
        )
        keep_improvements(assessment)
    return assessment


CENTS = Decimal("0.01")


def in_cents(improvement: Decimal | None) -> Decimal | None:
    """An improvement as it is kept: in hundredths, halves away from zero."""
    return None if improvement is None else improvement.quantize(CENTS, rounding=ROUND_HALF_UP)


def keep_improvements(assessment: Assessment) -> None:
    """Write again the improvement since the first assessment (``selectors.improvements``)
    of the subject's done assessments with the instrument, where it changed: one done, or
    returned, moves the first or the points between."""
    found = {pk: in_cents(value) for pk, value in selectors.improvements(assessment).items()}
    if assessment.pk not in found:
        found[assessment.pk] = None
    kept = dict(Assessment.objects.filter(pk__in=found).values_list("pk", "improvement"))
    for pk, value in found.items():
        if kept.get(pk) != value:
            Assessment.objects.filter(pk=pk).update(improvement=value)


def assessment_approve(
    *, by: User, assessment: Assessment, version: int, note: str = ""
) -> Assessment:
    """A manager who did not make it approves a completed assessment."""
    require_change(permissions.can_decide(by, assessment))
    with saving():
        update_versioned(
            assessment,
            version,
            status=Status.APPROVED,
            decided_by=by,
            decided_at=clock.now(),
            decision_note=note.strip(),
        )
    return assessment


def assessment_return(*, by: User, assessment: Assessment, version: int, note: str) -> Assessment:
    """A manager returns a completed assessment to its assessor, saying what to correct; it
    opens again for them."""
    require_change(permissions.can_decide(by, assessment))
    if not note.strip():
        raise ValidationError({"note": _("Say what is to be corrected.")})
    with saving():
        update_versioned(
            assessment,
            version,
            status=Status.RETURNED,
            decided_by=by,
            decided_at=clock.now(),
            decision_note=note.strip(),
            completed_at=None,
            scores=None,
        )
        keep_improvements(assessment)
    return assessment


def assessment_amend(*, by: User, assessment: Assessment, reason: str) -> Assessment:
    """Correct a completed or approved assessment: a new draft with the original's answers,
    which stays as it was. Once the amendment is completed, it counts in its place."""
    require_change(permissions.can_amend(by, assessment))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is amended.")})
    if Assessment.objects.filter(
        amends=assessment, status__in=[Status.DRAFT, Status.RETURNED]
    ).exists():
        raise ValidationError({"reason": _("An amendment of this assessment is already open.")})
    with saving():
        amendment = Assessment.objects.create(
            organisation_id=assessment.organisation_id,
            subject_kind=assessment.subject_kind,
            instrument_version=assessment.instrument_version,
            timepoint=assessment.timepoint,
            assessed_on=assessment.assessed_on,
            age_band=assessment.age_band,
            assessor=by,
            summary=assessment.summary,
            amends=assessment,
            amendment_reason=reason.strip(),
            **{SUBJECT_FIELDS[assessment.subject_kind]: assessment.subject},
        )
        moved = {}
        for informant in Informant.objects.filter(assessment=assessment):
            old = informant.pk
            informant.pk = None
            informant.assessment = amendment
            informant.save()
            moved[old] = informant.pk
        Answer.objects.bulk_create(
            Answer(
                assessment=amendment,
                organisation_id=answer.organisation_id,
                subject_kind=answer.subject_kind,
                item_id=answer.item_id,
                informant_id=moved.get(answer.informant_id) if answer.informant_id else None,
                value=answer.value,
                not_applicable=answer.not_applicable,
                evidence=answer.evidence,
                written_by_id=answer.written_by_id,
                restricted=answer.restricted,
            )
            for answer in Answer.objects.filter(assessment=assessment)
        )
        DomainRating.objects.bulk_create(
            DomainRating(
                assessment=amendment,
                organisation_id=rating.organisation_id,
                subject_kind=rating.subject_kind,
                domain_id=rating.domain_id,
                value=rating.value,
                strengths=rating.strengths,
            )
            for rating in DomainRating.objects.filter(assessment=assessment)
        )
    return amendment


def draft_discard(*, by: User, assessment: Assessment, version: int) -> None:
    """Throw away a draft never completed (an amendment's original stays)."""
    _editable(by, assessment)
    if assessment.status != Status.DRAFT:
        raise ValidationError(_("Only a draft never completed can be thrown away."))
    with saving():
        deleted, _rows = Assessment.objects.filter(pk=assessment.pk, version=version).delete()
        if not deleted:
            raise ValidationError(_("The draft changed meanwhile; reload the page."))

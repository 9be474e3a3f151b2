"""Writes for training (GIMK, and the training of staff run the same way): training groups
with their trainers and participants, the sessions held and who came, and the certificate of a participant who completed the
programme (which moves a person in the training stage of the pipeline on)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.carers import permissions as carer_permissions
from globa.carers import services as carer_services
from globa.carers.models import Candidate, Stage
from globa.core.saving import update_versioned
from globa.lib import clock
from globa.lib.dates import check_done_day
from globa.organisations.models import Organisation
from globa.support.models import Delivery, DeliveryForm
from globa.support.services import (
    Attendee,
    Contact,
    attendance_deliveries,
    follow_session,
    validate_contact,
)
from globa.training import permissions, selectors
from globa.training.models import (
    Attendance,
    Participant,
    Programme,
    Topic,
    Trainer,
    TrainingGroup,
    TrainingSession,
)


def _may_train(by: User, centre_id: int) -> None:
    require_change(permissions.runs_training(by, centre_id))


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


# A training session is given in a room (the service record's form of delivery).
SESSION_FORM = DeliveryForm.OFFICE


def session_minutes(topics: Sequence[Topic]) -> int:
    """A session lasts the hours of the topics it covered."""
    return int((sum((t.hours for t in topics), Decimal(0)) * 60).to_integral_value())


def _service_contact(group: TrainingGroup, held_on: dt.date, topics: Sequence[Topic]) -> Contact:
    """The service each participant present received: the centre's GIMK training."""
    titles = ", ".join(t.title_lt for t in sorted(topics, key=lambda t: t.position))
    return Contact(
        service=selectors.training_service(),
        delivered_on=held_on,
        minutes=session_minutes(topics),
        form=SESSION_FORM,
        notes=f"{group.name}: {titles}",
    )


def _session_errors(
    group: TrainingGroup,
    held_on: dt.date,
    topics: Sequence[Topic],
    attended: Sequence[Participant],
    today: dt.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_done_day(held_on, today, "held_on", errors)
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
    if "held_on" in errors or "topics" in errors or not group.programme.gives_service:
        return errors
    # Attending is receiving a service: checked as every service delivery is.
    contact = _service_contact(group, held_on, topics)
    for key, message in validate_contact(contact, provider_id=group.centre_id, today=today).items():
        if key == "minutes":
            errors["topics"] = _(
                "These topics take %(hours)s hours; a session lasts 12 hours at most. "
                "Record a longer training as several sessions."
            ) % {"hours": f"{contact.minutes / 60:g}"}
        elif key == "delivered_on":
            errors.setdefault("held_on", message)
        else:
            errors.setdefault(NON_FIELD_ERRORS, message)
    return errors


def _name_of(participant: Participant) -> str:
    return str(participant)[:200]


def _attend(
    session: TrainingSession,
    participants: Sequence[Participant],
    contact: Contact,
    contact_id: uuid.UUID,
    by: User,
) -> None:
    """Save the participants' attendance and the delivery of the service to each (none for
    the training of staff)."""
    if not session.group.programme.gives_service:
        Attendance.objects.bulk_create(
            Attendance(session=session, participant=p, centre_id=session.centre_id)
            for p in participants
        )
        return
    deliveries = Delivery.objects.bulk_create(
        attendance_deliveries(
            by=by,
            provider_id=session.centre_id,
            contact=contact,
            contact_id=contact_id,
            given_by_id=session.recorded_by_id,
            attendees=[Attendee(person_name=_name_of(p)) for p in participants],
        )
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, participant=p, centre_id=session.centre_id, delivery=d)
        for p, d in zip(participants, deliveries, strict=True)
    )


def _unique(participants: Sequence[Participant]) -> list[Participant]:
    return list({p.pk: p for p in participants}.values())


def session_record(
    *,
    by: User,
    group: TrainingGroup,
    held_on: dt.date,
    topics: Sequence[Topic],
    attended: Sequence[Participant],
    today: dt.date | None = None,
) -> TrainingSession:
    """A session with the topics it covered and who came, and for each participant present
    one delivery of the centre's GIMK training service (given by the person who records it,
    for the hours of the topics): all or nothing."""
    _may_train(by, group.centre_id)
    today = today or clock.today()
    attended = _unique(attended)
    errors = _session_errors(group, held_on, topics, attended, today)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = TrainingSession.objects.create(
            group=group, centre_id=group.centre_id, held_on=held_on, recorded_by=by
        )
        session.topics.set(topics)
        _attend(session, attended, _service_contact(group, held_on, topics), uuid.uuid4(), by)
    return session


def session_change(
    *,
    by: User,
    session: TrainingSession,
    held_on: dt.date,
    topics: Sequence[Topic],
    attended: Sequence[Participant],
    version: int,
    today: dt.date | None = None,
) -> TrainingSession:
    """Correct a session: its date, topics and who came. The deliveries follow: those of
    participants no longer present are removed, new ones added, the others take the new
    date and length; all or nothing."""
    group = session.group
    _may_train(by, group.centre_id)
    today = today or clock.today()
    attended = _unique(attended)
    errors = _session_errors(group, held_on, topics, attended, today)
    if errors:
        raise ValidationError(errors)
    wanted = {p.pk for p in attended}
    contact = _service_contact(group, held_on, topics)
    with transaction.atomic():
        update_versioned(session, version, held_on=held_on)
        session.topics.set(topics)
        present = list(session.attendance.select_related("delivery"))
        contact_id = next(
            (a.delivery.contact for a in present if a.delivery is not None), uuid.uuid4()
        )
        gone = [a for a in present if a.participant_id not in wanted]
        _remove(gone)
        staying = [a.delivery_id for a in present if a.participant_id in wanted and a.delivery_id]
        follow_session(
            Delivery.objects.filter(pk__in=staying), contact, given_by_id=session.recorded_by_id
        )
        known = {a.participant_id for a in present}
        _attend(session, [p for p in attended if p.pk not in known], contact, contact_id, by)
        _check_certificates(group)
    return session


def session_delete(*, by: User, session: TrainingSession, version: int) -> None:
    """Remove a session recorded by mistake, with its attendance and their deliveries."""
    _may_train(by, session.centre_id)
    with transaction.atomic():
        # Taking the version first refuses a removal over someone else's fresh correction.
        update_versioned(session, version)
        _remove(list(session.attendance.all()))
        TrainingSession.objects.filter(pk=session.pk).delete()
        _check_certificates(session.group)


def _check_certificates(group: TrainingGroup) -> None:
    """Read back within the transaction of a correction: whoever has a certificate still
    attended every topic; otherwise the correction is refused and nothing changes."""
    lost = [
        p.participant
        for p in selectors.progress(group)
        if p.participant.certificate_on is not None and not p.complete
    ]
    if lost:
        raise ValidationError(
            {
                "attended": _(
                    "%(names)s already has a certificate, which needs every topic attended; "
                    "this change would take one away."
                )
                % {"names": ", ".join(str(p) for p in lost)}
            }
        )


def _remove(attendance: Sequence[Attendance]) -> None:
    """Attendance and the deliveries it made go together (the delivery is protected while
    its attendance exists)."""
    deliveries = [a.delivery_id for a in attendance if a.delivery_id]
    Attendance.objects.filter(pk__in=[a.pk for a in attendance]).delete()
    Delivery.objects.filter(pk__in=deliveries).delete()


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
    check_done_day(on, today, "on", errors)
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
            and carer_permissions.can_change_pipeline(by, candidate.centre_id)
        ):
            note = _("Training completed, certificate %(number)s.") % {
                "number": number.strip() or "-"
            }
            carer_services.candidate_move(
                by=by,
                candidate=candidate,
                move=carer_services.Move(
                    to=Stage.ASSESSMENT, on=max(on, candidate.stage_since), note=note
                ),
                version=candidate.version,
                today=today,
            )
    return participant

"""Writes for GIMK training: training groups with their trainers and participants, the
sessions held and who came, and the certificate of a participant who completed the
programme (which moves a person in the training stage of the pipeline on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.carers import permissions as carer_permissions
from globa.carers import services as carer_services
from globa.carers.models import Candidate, Stage
from globa.carers.services import check_day
from globa.lib import clock
from globa.organisations.models import Organisation
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
    if not permissions.runs_training(by, centre_id):
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
    check_day(held_on, today, "held_on", errors)
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
    check_day(on, today, "on", errors)
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

"""Reads for GIMK training: the programmes, a centre's training groups, each participant's
progress through the programme's topics, and who of the pipeline may join a group."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Model, QuerySet

from globa.accounts.models import User
from globa.carers.models import Candidate, Stage
from globa.core.parts import Part
from globa.lib.collation import lt
from globa.support.models import Service
from globa.training.models import Attendance, Participant, Programme, Topic, TrainingGroup

# The service of the catalogue a GIMK training session gives each participant present.
TRAINING_SERVICE = "carer_training"


def training_service() -> Service:
    return Service.objects.get(code=TRAINING_SERVICE)


def programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).order_by("position", "code")


def training_groups(centre_id: int) -> QuerySet[TrainingGroup]:
    return (
        TrainingGroup.objects.filter(centre_id=centre_id)
        .select_related("programme")
        .annotate(
            people=Count("participants", distinct=True), held=Count("sessions", distinct=True)
        )
        .order_by("-starts_on", *lt("name"))
    )


@dataclass(frozen=True)
class Progress:
    """A participant's way through the programme: completion is computed, never ticked."""

    participant: Participant
    attended: int
    covered: list[Topic]
    missing: list[Topic]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)


def progress(group: TrainingGroup) -> list[Progress]:
    """Every participant with the programme's topics they attended and those they missed."""
    topics = list(group.programme.topics.order_by("position"))
    sessions = list(group.sessions.prefetch_related("topics"))
    topics_of = {s.pk: {t.pk for t in s.topics.all()} for s in sessions}
    seen: dict[UUID, set[int]] = {}
    count: dict[UUID, int] = {}
    for participant_id, session_id in Attendance.objects.filter(session__group=group).values_list(
        "participant_id", "session_id"
    ):
        seen.setdefault(participant_id, set()).update(topics_of.get(session_id, set()))
        count[participant_id] = count.get(participant_id, 0) + 1
    people = group.participants.select_related("candidate").order_by(
        *lt("candidate__last_name"), "person_name"
    )
    return [
        Progress(
            person,
            count.get(person.pk, 0),
            [t for t in topics if t.pk in seen.get(person.pk, set())],
            [t for t in topics if t.pk not in seen.get(person.pk, set())],
        )
        for person in people
    ]


def trainings_of(candidate: Candidate) -> list[Progress]:
    """The person's training groups with their progress (for the person's page)."""
    found: list[Progress] = []
    for participant in candidate.trainings.select_related("group__programme"):
        found.extend(p for p in progress(participant.group) if p.participant.pk == participant.pk)
    return found


def candidates_for_training(group: TrainingGroup) -> QuerySet[Candidate]:
    """The centre's people in the pipeline who may join the group (not yet in it)."""
    return (
        Candidate.objects.filter(centre_id=group.centre_id)
        .exclude(stage=Stage.EXITED)
        .exclude(trainings__group=group)
        .order_by(*lt("last_name", "first_name"))
    )


def person_part(user: User, candidate: Model) -> Part | None:
    """The person's training groups and progress, for their page in the pipeline."""
    assert isinstance(candidate, Candidate)
    trainings = trainings_of(candidate)
    if not trainings:
        return None
    return Part("training/_person_trainings.html", {"trainings": trainings})

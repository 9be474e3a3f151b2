"""GIMK training (globėjų ir įtėvių mokymai): the programmes and their topics, and each
centre's training groups with their trainers, participants, sessions and who attended.

The tables keep the names they had in the carer journey app (``carers_traininggroup`` and
so on): row-level security policies and audit triggers are attached to them by name and
are being consolidated elsewhere at the same time, so a rename is a later, separate step.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.carers.models import Candidate
from globa.lib.collation import lt
from globa.organisations.models import Organisation


class Programme(models.Model):
    """A training programme and its topics: reference data the administrator keeps. Its kind
    is its target group: GIMK training of (prospective) carers, or training of staff, which a
    centre runs the same way (a staff member's development plan enrols them in a group)."""

    class Kind(models.TextChoices):
        CORE = "core", _("core course")
        ON_CALL = "on_call", _("specialised course for on-call carers and community-home staff")
        RELATIVES = "relatives", _("course for relatives")
        CONTINUING = "continuing", _("continuing training")
        DISABILITY = "disability", _("module on children with disability")
        INSTITUTION_STAFF = (
            "institution_staff",
            _("training for staff of institutions and community children's homes"),
        )
        SPECIALISTS = (
            "specialists",
            _("training for specialists working with children and families"),
        )

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_lt = models.CharField(_("name in Lithuanian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        db_table = "carers_programme"  # kept from the carers app: see the module docstring
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt

    @property
    def gives_service(self) -> bool:
        """GIMK training is a service of the centre to (future) carers, recorded as one for
        each participant present; the training of staff is not a service to a client."""
        return self.kind not in STAFF_KINDS


STAFF_KINDS = frozenset({Programme.Kind.INSTITUTION_STAFF, Programme.Kind.SPECIALISTS})


class Topic(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(_("position"))
    title_lt = models.CharField(_("title in Lithuanian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=3)

    class Meta:
        db_table = "carers_topic"  # kept from the carers app: see the module docstring
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="topic_position"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" else self.title_lt


class TrainingGroup(models.Model):
    """One run of a programme at a centre, with its trainers, participants and sessions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "carers_traininggroup"  # kept from the carers app: see the module docstring
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        ordering = ["-starts_on", *lt("name")]

    def __str__(self) -> str:
        return self.name


class Trainer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(TrainingGroup, on_delete=models.CASCADE, related_name="trainers")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("trainer"), max_length=200)
    certified = models.BooleanField(_("certified GIMK trainer"), default=False)

    class Meta:
        db_table = "carers_trainer"  # kept from the carers app: see the module docstring
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = [*lt("name")]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A person in a training group: someone from the pipeline, or another person (a carer
    in continuing training, a community-home worker)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(TrainingGroup, on_delete=models.CASCADE, related_name="participants")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("prospective carer"),
    )
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    certificate_on = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta:
        db_table = "carers_participant"  # kept from the carers app: see the module docstring
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, person_name="")
                | Q(candidate__isnull=True) & ~Q(person_name=""),
                name="participant_is_someone",
            ),
            models.UniqueConstraint(
                fields=["group", "candidate"], name="participant_once_per_group"
            ),
        ]

    def __str__(self) -> str:
        return str(self.candidate) if self.candidate_id else self.person_name


class TrainingSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(TrainingGroup, on_delete=models.CASCADE, related_name="sessions")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    topics = models.ManyToManyField(Topic, related_name="+", verbose_name=_("topics covered"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "carers_trainingsession"  # kept from the carers app: see the module docstring
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%Y-%m-%d}"


class Attendance(models.Model):
    """A participant present at a session, and the service they received there: the centre's
    GIMK training (``carer_training``) to them, one delivery of the service record, made and
    removed with the attendance, so that the session is recorded once and counted wherever
    services are counted. The training of staff gives none (``Programme.gives_service``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    delivery = models.OneToOneField(
        "support.Delivery",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_attendance",
        verbose_name=_("service delivery"),
    )

    class Meta:
        db_table = "carers_attendance"  # kept from the carers app: see the module docstring
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.session_id}"

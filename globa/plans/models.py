"""Plans that assessments lead to.

An individual service plan (individualus paslaugų planas) is made for a child from their
needs assessment; a development plan (individualus tobulinimosi planas) for a staff member
from their competence assessment. A plan has goals, each linked to the item of the
assessment that raised it; actions towards them (a service of the catalogue or a training,
who is responsible and for which organisation, by when); and reviews that record the
progress of every goal and may call for a reassessment. Services delivered name the action
they serve, so the plan shows what was actually given.

A family's help plan in an early-intervention case is the case's own (``globa.cases``: goals
and actions with their relay log); it takes its goals from the family assessment the same way.

Every table carries ``organisation`` and ``subject_kind``; row-level security reads them as
for assessments (``globa_in_assessment_scope``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation


class Kind(models.TextChoices):
    SERVICE_PLAN = "service_plan", _("individual service plan")
    DEVELOPMENT_PLAN = "development_plan", _("development plan")


class Status(models.TextChoices):
    ACTIVE = "active", _("in force")
    CLOSED = "closed", _("closed")


class Progress(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    DROPPED = "dropped", _("dropped")


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("plan"), max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("organisation")
    )
    subject_kind = models.CharField(_("for"), max_length=20)
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("child"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development_plans",
        verbose_name=_("staff member"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("from the assessment"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plans_responsible",
        verbose_name=_("responsible for the plan"),
    )
    starts_on = models.DateField(_("from"))
    review_on = models.DateField(_("next review"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["child", "status"], name="plan_child"),
            models.Index(fields=["staff", "status"], name="plan_staff"),
            models.Index(fields=["organisation", "status", "review_on"], name="plan_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind=Kind.SERVICE_PLAN,
                    subject_kind="child",
                    child__isnull=False,
                    staff__isnull=True,
                )
                | Q(
                    kind=Kind.DEVELOPMENT_PLAN,
                    subject_kind="staff",
                    staff__isnull=False,
                    child__isnull=True,
                ),
                name="plan_one_subject",
                violation_error_message=_(
                    "A service plan is a child's, a development plan a staff member's."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "child"],
                condition=Q(status="active", child__isnull=False),
                name="plan_one_active_per_child",
                violation_error_message=_("The child already has a service plan in force."),
            ),
            models.UniqueConstraint(
                fields=["kind", "staff", "organisation"],
                condition=Q(status="active", staff__isnull=False),
                name="plan_one_active_per_staff",
                violation_error_message=_(
                    "The staff member already has a development plan in force."
                ),
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("starts_on")),
                name="plan_review_after_start",
                violation_error_message=_("The review comes after the plan starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | Q(status="active", closed_on__isnull=True),
                name="plan_closed_on",
                violation_error_message=_("A closed plan has the day it was closed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> models.Model:
        subject: models.Model = self.child if self.child_id else self.staff  # type: ignore[assignment]
        return subject


class _Part(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(max_length=20)

    class Meta:
        abstract = True


class Goal(_Part):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=500)
    # The assessment item that raised the goal (none for a goal written freely).
    item = models.ForeignKey(
        "assessments.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "item"],
                condition=Q(item__isnull=False),
                name="plan_goal_item_once",
                violation_error_message=_("The plan already has a goal for this item."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.progress not in (Progress.ACHIEVED, Progress.DROPPED)


class Action(_Part):
    """Who does what by when, towards a goal: a service of the catalogue or a training."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what"), max_length=500)
    service = models.ForeignKey(
        "support.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    programme = models.ForeignKey(
        "training.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training programme"),
    )
    # A development plan's training, taken in one of the centre's training groups: its
    # completion is the certificate the training records give.
    participant = models.ForeignKey(
        "training.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the training group"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who (staff)"),
    )
    responsible_name = models.CharField(_("who (another person)"), max_length=200, blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("for which organisation"),
    )
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it went"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False) | ~Q(responsible_name=""),
                name="plan_action_has_someone_responsible",
                violation_error_message=_("Say who is responsible."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Review(_Part):
    """A review of the plan: the progress of each goal, and whether to reassess."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"))
    note = models.TextField(_("what was agreed"), blank=True)
    reassess = models.BooleanField(_("reassess the needs"), default=False)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.held_on:%Y-%m-%d}"


class GoalProgress(_Part):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "goal"],
                name="goal_progress_once",
                violation_error_message=_("A goal's progress is recorded once per review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress}"

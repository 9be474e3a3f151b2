"""Early-intervention cases: a family whose children still live at home, its case manager,
the stages of the work, the team of other agencies, case conferences, the help plan and
the actions of everyone involved.

Every table carries ``organisation`` (the organisation that runs the case); row-level
security (``globa_in_case_scope``) and the audit trigger are keyed by it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from globa.core.search import Fold
from globa.lib.collation import lt
from globa.organisations.models import Organisation


class Stage(models.TextChoices):
    """The stages in their order; ``NEXT`` says where a case may go from each."""

    INITIATION = "initiation", _("initiation")
    ANALYSIS = "analysis", _("case analysis")
    NEEDS_ASSESSMENT = "needs_assessment", _("needs assessment")
    HELP_PLAN = "help_plan", _("help plan")
    MONITORING = "monitoring", _("monitoring")
    REVIEW = "review", _("plan review")
    CLOSURE = "closure", _("closure")


# From each stage: the next one; a review leads back to monitoring (another round of the
# plan) or to closure. Closure is possible from every stage (the family moved, the children
# were placed in care), and is recorded with its outcome.
NEXT: dict[str, tuple[str, ...]] = {
    Stage.INITIATION: (Stage.ANALYSIS,),
    Stage.ANALYSIS: (Stage.NEEDS_ASSESSMENT,),
    Stage.NEEDS_ASSESSMENT: (Stage.HELP_PLAN,),
    Stage.HELP_PLAN: (Stage.MONITORING,),
    Stage.MONITORING: (Stage.REVIEW,),
    Stage.REVIEW: (Stage.MONITORING,),
    Stage.CLOSURE: (),
}


class StageDeadline(models.Model):
    """How many days a case may stay in a stage before the next is due (reference data)."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage deadline")
        verbose_name_plural = _("stage deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=366),
                name="stage_deadline_days",
                violation_error_message=_("A stage's deadline is from 1 to 366 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.days}"


class ReferralSource(models.TextChoices):
    CHILD_RIGHTS = "child_rights", _("child rights protection service")
    SCHOOL = "school", _("school or kindergarten")
    HEALTH = "health", _("health care")
    POLICE = "police", _("police")
    SOCIAL_SERVICES = "social_services", _("municipal social services")
    NGO = "ngo", _("NGO")
    FAMILY = "family", _("the family itself")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    STAYED = "stayed", _("the children stayed with the family")
    PLACED = "placed", _("placed in care")
    MOVED = "moved", _("the family moved")
    OTHER = "other", _("other")


class FamilyCase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="family_cases",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    family_name = models.CharField(_("family"), max_length=200)
    search_name = models.GeneratedField(
        expression=Fold("family_name"), output_field=models.TextField(), db_persist=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    referral_source = models.CharField(
        _("referred by"), max_length=20, choices=ReferralSource.choices
    )
    referred_on = models.DateField(_("referral date"))
    referral_reason = models.TextField(_("reason for referral"))
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="family_cases",
        verbose_name=_("case manager"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INITIATION
    )
    stage_since = models.DateField(_("in this stage since"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("about the outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family case")
        verbose_name_plural = _("family cases")
        indexes = [
            models.Index(fields=["organisation", "stage"], name="case_org_stage"),
            models.Index(fields=["case_manager", "stage"], name="case_manager_stage"),
            GinIndex(OpClass("search_name", name="gin_trgm_ops"), name="case_search_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(stage=Stage.CLOSURE, closed_on__isnull=False) & ~Q(outcome="")
                    | (~Q(stage=Stage.CLOSURE) & Q(closed_on__isnull=True, outcome=""))
                ),
                name="case_closure_has_outcome",
                violation_error_message=_("A closed case has a closing date and an outcome."),
            ),
        ]

    def __str__(self) -> str:
        return self.family_name

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSURE


class StageEntry(models.Model):
    """The case entered a stage on a day, by someone's decision: the case's history."""

    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="stages")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    started_on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.started_on}"


class CaseChild(models.Model):
    """A child of the family (still living at home), linked to the child's record in the
    registry of the organisation that runs the case when the child is in it (found by the
    personal code through ``globa_case_child_in_registry``: case managers do not read the
    registry)."""

    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="children")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    registry_child = models.ForeignKey(
        "registry.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_cases",
        verbose_name=_("child in the registry"),
    )

    class Meta:
        ordering = ["birth_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "registry_child"],
                name="case_child_once_per_case",
                violation_error_message=_("This child is already in the case."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AgencyKind(models.TextChoices):
    SCHOOL = "school", _("school or kindergarten")
    HEALTH = "health", _("health care")
    POLICE = "police", _("police")
    CHILD_RIGHTS = "child_rights", _("child rights protection service")
    SOCIAL_SERVICES = "social_services", _("social services")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("other")


class TeamMember(models.Model):
    """Someone of another organisation who works on the case."""

    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="team")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    agency_kind = models.CharField(_("agency"), max_length=20, choices=AgencyKind.choices)
    agency_name = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role in the case"), max_length=200, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)

    class Meta:
        ordering = ["agency_kind", *lt("name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency_name})"


class Conference(models.Model):
    """A case conference: who took part, what was decided."""

    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="conferences")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(
        TeamMember,
        through="ConferenceParticipant",
        blank=True,
        related_name="conferences",
        verbose_name=_("participants"),
    )
    family_took_part = models.BooleanField(_("the family took part"), default=True)
    decisions = models.TextField(_("decisions"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class ConferenceParticipant(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE)
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "member"],
                name="conference_member_once",
                violation_error_message=_("This team member is already among the participants."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference}: {self.member}"


class Goal(models.Model):
    """A goal of the family's help plan."""

    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="goals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("goal"), max_length=500)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    # The item of the family's assessment that raised the goal (none for a goal written
    # freely): the plan follows from the needs.
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessment_item = models.ForeignKey(
        "assessments.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class Action(models.Model):
    """Who does what by when: an action of the help plan (towards a goal, often a service
    from the catalogue) or one decided at a conference. Together they are the case's relay
    log: what is open, what is overdue, what was done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(FamilyCase, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    conference = models.ForeignKey(
        Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    service = models.ForeignKey(
        "support.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    description = models.CharField(_("what"), max_length=500)
    responsible_member = models.ForeignKey(
        TeamMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("who (team)"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who (staff)"),
    )
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it went"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_member__isnull=False) | Q(responsible_user__isnull=False),
                name="action_has_someone_responsible",
                violation_error_message=_("Say who is responsible."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def responsible(self) -> object:
        return self.responsible_member or self.responsible_user

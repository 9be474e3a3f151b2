"""The carer journey: people who asked about becoming carers, the stages they pass, and the
rules a centre keeps for it (where inquiries go, how long a stage normally takes)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from globa.core.search import Fold
from globa.organisations.models import Organisation


class Interest(models.TextChoices):
    """What a person considers becoming."""

    GUARDIAN = "guardian", _("guardian (foster parent)")
    ON_CALL = "on_call", _("on-call carer")
    PERMANENT = "permanent", _("permanent carer")
    ADOPTION = "adoption", _("adoptive parent")


# Interests that lead to a contract with the centre.
CONTRACT_INTERESTS = frozenset({Interest.ON_CALL, Interest.PERMANENT})


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("inquiry")
    INFO_MEETING = "info_meeting", _("information meeting")
    TRAINING = "training", _("GIMK training")
    ASSESSMENT = "assessment", _("suitability assessment")
    APPROVAL = "approval", _("approved")
    CONTRACT = "contract", _("contract")
    ACTIVE = "active", _("active carer")
    PAUSED = "paused", _("paused")
    EXITED = "exited", _("exited")


# The way forward, in order; paused and exited are reached from any of these.
ORDER: tuple[str, ...] = (
    Stage.INQUIRY,
    Stage.INFO_MEETING,
    Stage.TRAINING,
    Stage.ASSESSMENT,
    Stage.APPROVAL,
    Stage.CONTRACT,
    Stage.ACTIVE,
)
# Stages in which a decision of the child-rights service has been recorded.
APPROVED: tuple[str, ...] = (Stage.APPROVAL, Stage.CONTRACT, Stage.ACTIVE)


class ExitReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("changed their mind")
    NO_CONTACT = "no_contact", _("could not be reached")
    NOT_SUITABLE = "not_suitable", _("assessed as not suitable")
    NOT_APPROVED = "not_approved", _("not approved by the child-rights service")
    FAMILY_CIRCUMSTANCES = "family", _("family circumstances or health")
    MOVED = "moved", _("moved to another municipality")
    ENDED = "ended", _("stopped being a carer")
    OTHER = "other", _("other")


class Source(models.TextChoices):
    PUBLIC_FORM = "public_form", _("the public inquiry form")
    STAFF = "staff", _("recorded by the centre")


class Candidate(models.Model):
    """A person (or couple) on the way to becoming a carer: būsimas globėjas."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("care centre"),
    )
    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    search_name = models.GeneratedField(
        expression=Fold(Concat("first_name", models.Value(" "), "last_name")),
        output_field=models.TextField(),
        db_persist=True,
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    interests = ArrayField(
        models.CharField(max_length=20, choices=Interest.choices),
        verbose_name=_("considers becoming"),
    )
    question = models.TextField(_("question or message"), blank=True)
    source = models.CharField(_("came through"), max_length=20, choices=Source.choices)
    consent_text = models.TextField(_("consent given"))
    consent_at = models.DateTimeField(_("consent given at"))
    # The public form's one-time token: sending the same form again finds this inquiry.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INQUIRY
    )
    stage_since = models.DateField(_("in this stage since"))
    # Where a paused or exited person stood, to resume or reopen from there.
    resume_stage = models.CharField(
        _("stage before the pause or exit"), max_length=20, choices=Stage.choices, blank=True
    )
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=ExitReason.choices, blank=True
    )
    approval_number = models.CharField(_("decision number"), max_length=50, blank=True)
    approval_date = models.DateField(_("decision date"), null=True, blank=True)
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("household in the registry"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prospective carer")
        verbose_name_plural = _("prospective carers")
        indexes = [
            models.Index(fields=["centre", "stage"], name="candidate_centre_stage"),
            GinIndex(
                OpClass("search_name", name="gin_trgm_ops"), name="candidate_search_name_trgm"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=[Stage.PAUSED, Stage.EXITED]) & ~Q(resume_stage="")
                | ~Q(stage__in=[Stage.PAUSED, Stage.EXITED]) & Q(resume_stage=""),
                name="candidate_resume_stage",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.EXITED) & ~Q(exit_reason="")
                | ~Q(stage=Stage.EXITED) & Q(exit_reason=""),
                name="candidate_exit_reason",
                violation_error_message=_("Say why the person left."),
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=APPROVED)
                | Q(approval_date__isnull=False) & ~Q(approval_number=""),
                name="candidate_approval_decision",
                violation_error_message=_(
                    "An approved carer has the decision's number and date recorded."
                ),
            ),
            models.CheckConstraint(condition=~Q(interests=[]), name="candidate_has_interest"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def needs_contract(self) -> bool:
        return bool(CONTRACT_INTERESTS & set(self.interests))

    def get_interests_display(self) -> str:
        labels = dict(Interest.choices)
        return ", ".join(str(labels.get(i, i)) for i in self.interests)


class StageChange(models.Model):
    """One move of a person through the journey: never changed, undone only by a new move."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="changes")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=ExitReason.choices, blank=True
    )
    # The suitability assessment the decision rests on (approval, or leaving as not suitable).
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suitability assessment"),
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["on", "at"]
        indexes = [models.Index(fields=["candidate", "on", "at"], name="stagechange_candidate")]

    def __str__(self) -> str:
        return f"{self.from_stage or '·'} → {self.to_stage} ({self.on:%Y-%m-%d})"


class InquiryRoute(models.Model):
    """Where the public form sends inquiries of a municipality with several care centres:
    by what the person considers, or for everything else (interest left empty)."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    interest = models.CharField(
        _("considers becoming"), max_length=20, choices=Interest.choices, blank=True
    )
    centre = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("care centre")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inquiry route")
        verbose_name_plural = _("inquiry routes")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "interest"], name="inquiry_route_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} / {self.interest or '*'} → {self.centre}"


class StageNorm(models.Model):
    """How many days a person normally stays in a stage; longer is shown as stuck. A row
    without a centre is the default; a centre's own row overrides it."""

    centre = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care centre"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("stage norm")
        verbose_name_plural = _("stage norms")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "stage"], name="stage_norm_unique", nulls_distinct=False
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="stage_norm_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.days}"


class PublicSubmission(models.Model):
    """One sending of a public form, by a keyed hash of the sender's address: the rate limit
    counts these. Kept a day; holds nothing that names a person."""

    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "at"], name="public_submission_rate")]

    def __str__(self) -> str:
        return f"{self.address_hash[:8]} {self.at:%Y-%m-%d %H:%M}"

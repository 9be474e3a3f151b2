"""The carer journey: people who asked about becoming carers, the stages they pass, and the
rules a centre keeps for it (where inquiries go, how long a stage normally takes)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation
from globa.registry.models import DateRange


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
        indexes = [models.Index(fields=["centre", "stage"], name="candidate_centre_stage")]
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


class Contract(models.Model):
    """A centre's contract with an on-call carer (budinčio globotojo sutartis): for how long,
    how many children and which, and when the carer rests."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("on-call carer"),
    )
    centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("care centre")
    )
    number = models.CharField(_("contract number"), max_length=50)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    places = models.PositiveSmallIntegerField(
        _("places"), help_text=_("How many children the carer takes at once.")
    )
    age_min = models.PositiveSmallIntegerField(_("accepts children from age"), default=0)
    age_max = models.PositiveSmallIntegerField(_("accepts children up to age"), default=17)
    accepts_disability = models.BooleanField(_("accepts children with disability"), default=False)
    accepts_siblings = models.BooleanField(_("accepts sibling groups"), default=True)
    around_the_clock = models.BooleanField(
        _("takes a child at any hour"),
        default=True,
        help_text=_("Accepts a child within the hour, day and night (24-hour acceptance)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    ended_early_because = models.CharField(
        _("why it ended early"),
        max_length=300,
        blank=True,
        db_default="",
        help_text=_(
            "Given when the contract is ended before its date; the date it had is "
            "kept in the history."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("on-call contract")
        verbose_name_plural = _("on-call contracts")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["centre", "ends_on"], name="contract_centre_end")]
        constraints = [
            ExclusionConstraint(
                name="contract_no_overlap_per_household",
                expressions=[
                    ("household", RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("The carer already has a contract for these dates."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contract_period",
                violation_error_message=_("The contract ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1, places__lte=6), name="contract_places"
            ),
            models.CheckConstraint(
                condition=Q(age_min__lte=models.F("age_max"), age_max__lte=17),
                name="contract_ages",
                violation_error_message=_("The upper age must not be below the lower age."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.starts_on:%Y-%m-%d} - {self.ends_on:%Y-%m-%d})"


class Respite(models.Model):
    """A period in which the on-call carer takes no child (rest, illness, holiday)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="respites")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("respite")
        verbose_name_plural = _("respite periods")
        ordering = ["starts_on"]
        constraints = [
            ExclusionConstraint(
                name="respite_no_overlap",
                expressions=[
                    ("contract", RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("Another respite covers some of these days."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="respite_period",
                violation_error_message=_("The respite ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} - {self.ends_on:%Y-%m-%d}"


class Criterion(models.TextChoices):
    """What the matching score weighs (the hard rules come first and are not weighed)."""

    NEAR = "near", _("close to home (same municipality, else same county)")
    SIBLINGS = "siblings", _("a brother or sister already with the carer")
    LANGUAGE = "language", _("speaks the child's language")
    LOAD = "load", _("fewer children in care now")
    EXPERIENCE = "experience", _("experience with the child's needs")


class MatchWeight(models.Model):
    """How much one criterion counts in the score; a row without a centre is the default."""

    centre = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        verbose_name = _("matching weight")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "criterion"], name="match_weight_unique", nulls_distinct=False
            ),
            models.CheckConstraint(condition=Q(weight__lte=10), name="match_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.weight}"


class Match(models.Model):
    """A coordinator's choice of an on-call carer for a child or a sibling group, with the
    ranking they chose from and why; the placements were made from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    children = ArrayField(models.UUIDField(), verbose_name=_("children"))
    household = models.ForeignKey(
        "registry.CarerHousehold", on_delete=models.PROTECT, related_name="matches"
    )
    placed_on = models.DateField(_("placed on"))
    rank = models.PositiveSmallIntegerField(_("rank of the chosen carer"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    ranking = models.JSONField(_("the ranking chosen from"))
    reasons = models.TextField(_("reasons for the choice"), blank=True)
    placements = ArrayField(models.UUIDField(), verbose_name=_("placements"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("emergency match")
        verbose_name_plural = _("emergency matches")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank=1) | ~Q(reasons=""),
                name="match_passed_over_has_reasons",
                violation_error_message=_("Say why a higher-ranked carer was passed over."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.placed_on:%Y-%m-%d}"


class Programme(models.Model):
    """A GIMK training programme and its topics: reference data the administrator keeps."""

    class Kind(models.TextChoices):
        CORE = "core", _("core course")
        ON_CALL = "on_call", _("specialised course for on-call carers and community-home staff")
        RELATIVES = "relatives", _("course for relatives")
        CONTINUING = "continuing", _("continuing training")
        DISABILITY = "disability", _("module on children with disability")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_lt = models.CharField(_("name in Lithuanian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt


class Topic(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(_("position"))
    title_lt = models.CharField(_("title in Lithuanian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=3)

    class Meta:
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
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Trainer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(TrainingGroup, on_delete=models.CASCADE, related_name="trainers")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("trainer"), max_length=200)
    certified = models.BooleanField(_("certified GIMK trainer"), default=False)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name"]

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

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%Y-%m-%d}"


class Attendance(models.Model):
    """A participant present at a session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.session_id}"

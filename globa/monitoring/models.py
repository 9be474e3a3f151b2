"""Exports of the monitoring figures made in the background: what was asked, how far it got,
and the file when it is ready. An export holds figures only (after disclosure control where
the person asking needs it), never a record of a person; it is the asker's alone."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class Export(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("spreadsheet (XLSX)")
        CSV = "csv", _("CSV")
        PDF = "pdf", _("PDF")

    class Report(models.TextChoices):
        DASHBOARD = "dashboard", _("dashboard")
        ANNUAL = "annual", _("annual report")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    report = models.CharField(_("report"), max_length=20, choices=Report.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The area, period and language asked for, as the dashboard's query parameters.
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=1)
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring export")
        verbose_name_plural = _("monitoring exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_user")]

    def __str__(self) -> str:
        return self.title or str(self.pk)


class ChildPopulation(models.Model):
    """How many children (under 18) lived in a municipality at the start of a year, for the
    rates per 100,000 children: loaded by an administrator from the statistics office's
    figures (``globa population``); the demo's are synthetic and say so in ``source``."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    children = models.PositiveIntegerField(_("children under 18"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("child population")
        verbose_name_plural = _("child population")
        ordering = ["year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="child_population_once_a_year",
                violation_error_message=_("This municipality already has a figure for the year."),
            ),
            models.CheckConstraint(
                condition=models.Q(children__gt=0),
                name="child_population_positive",
                violation_error_message=_("The number of children must be above 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.children}"


class TransformationPlan(models.Model):
    """An institution's individual transformation plan: where it stands (its status, each
    change dated in ``TransformationStatusChange``), the places it is to close, its
    milestones and the counts of its residents assessed, with plans and moved on. Counts
    only, never a record of a resident. Recorded by the national monitor and by the
    municipality officer of the institution's municipality."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("in preparation")
        PREPARED = "prepared", _("prepared")
        APPROVED = "approved", _("approved")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", pgettext_lazy("transformation plan", "done")

    institution = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="transformation_plan",
        limit_choices_to={"kind": "institution"},
        verbose_name=_("institution"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    status_since = models.DateField(_("status since"))
    places_to_close = models.PositiveIntegerField(_("places to close"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("transformation plan")
        verbose_name_plural = _("transformation plans")
        ordering = ["institution__name"]

    def __str__(self) -> str:
        return str(self.institution)


class TransformationStatusChange(models.Model):
    """A plan reaching a status on a day: the history the indicators count from."""

    plan = models.ForeignKey(
        TransformationPlan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    status = models.CharField(_("status"), max_length=20, choices=TransformationPlan.Status.choices)
    changed_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("transformation plan status change")
        verbose_name_plural = _("transformation plan status changes")
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["plan", "changed_on"], name="transformation_change_day")]

    def __str__(self) -> str:
        return f"{self.changed_on}: {self.get_status_display()}"


class TransformationMilestone(models.Model):
    plan = models.ForeignKey(
        TransformationPlan,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("plan"),
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("transformation milestone")
        verbose_name_plural = _("transformation milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class TransformationResidents(models.Model):
    """How many residents of the institution were assessed, got an individual plan or moved
    to a family or to community services on a day (a dated count, so that the flow of any
    period can be added up)."""

    class Kind(models.TextChoices):
        ASSESSED = "assessed", _("residents assessed")
        WITH_PLAN = "with_plan", _("residents with individual plans")
        TO_FAMILY = "to_family", _("moved to a family")
        TO_COMMUNITY = "to_community", _("moved to community services")

    plan = models.ForeignKey(
        TransformationPlan,
        on_delete=models.CASCADE,
        related_name="residents",
        verbose_name=_("plan"),
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    counted_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("number of residents"))

    class Meta:
        verbose_name = _("transformation resident count")
        verbose_name_plural = _("transformation resident counts")
        ordering = ["counted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gt=0),
                name="transformation_residents_positive",
                violation_error_message=_("The number of residents must be above 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counted_on}: {self.get_kind_display()} {self.count}"


class SurveyRound(models.Model):
    """A round of the carer satisfaction survey: a centre's carer households rate the help
    they get from the centre over a period, each through an anonymous link of its own."""

    centre = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    closes_on = models.DateField(_("answers accepted until"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("satisfaction survey round")
        verbose_name_plural = _("satisfaction survey rounds")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "starts_on", "ends_on"],
                name="survey_round_once_a_period",
                violation_error_message=_("This centre already has a survey for the period."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="survey_round_period_order",
                violation_error_message=_("The period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("starts_on")),
                name="survey_round_closes_after_start",
                violation_error_message=_(
                    "Answers must be accepted until a day in or after the period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.starts_on} to {self.ends_on}"


class SurveyLink(models.Model):
    """One anonymous link of a round: a random token that opens the survey once. It records
    only whether it was used, never by whom, and no answer names it."""

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="links", verbose_name=_("survey")
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="survey_link_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.number}"


SURVEY_QUESTIONS = (
    ("reachable", _("I can reach my coordinator when I need to.")),
    ("support", _("The centre's help meets my household's needs.")),
    ("training", _("The training and advice I get are useful.")),
    ("respite", _("I get a break (respite) when I need one.")),
    ("respect", _("The centre's staff treat me with respect.")),
)


def _rating(label: _StrPromise) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class SurveyRatings(models.Model):
    """A household's ratings 1 to 5 (a question may be left unanswered) and an optional
    comment, with no link to the household or to its link."""

    reachable = _rating(_("coordinator reachable"))
    support = _rating(_("help meets needs"))
    training = _rating(_("training useful"))
    respite = _rating(_("respite when needed"))
    respect = _rating(_("treated with respect"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        abstract = True

    def ratings(self) -> list[int]:
        return [
            value
            for value in (getattr(self, name) for name, _label in SURVEY_QUESTIONS)
            if value is not None
        ]


def _ratings_1_to_5(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__isnull": True})
            | models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
            name=f"{prefix}_{name}_1_to_5",
            violation_error_message=_("A rating is from 1 to 5."),
        )
        for name, _label in SURVEY_QUESTIONS
    ]


class SurveyAnswer(SurveyRatings):
    """One household's answers, as the round's figures and its centre read them. They come
    from the inbox (``SurveyInbox``) in shuffled batches, never one by one, so that neither
    their order nor the transaction that wrote them tells which link they came with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey")
    )
    # The round's centre, kept for the row-level security of the comments.
    centre = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = _ratings_1_to_5("survey_answer")

    def __str__(self) -> str:
        return str(self.round)


class SurveyInbox(SurveyRatings):
    """An answer just received, written in the same transaction that spends its link (both
    or neither). Nobody reads it: the application may only add rows, and the database moves
    them into the answers in a shuffled batch once enough have come in, or when the round
    closes (``globa_survey_release``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )

    class Meta:
        verbose_name = _("survey answer received")
        verbose_name_plural = _("survey answers received")
        constraints = _ratings_1_to_5("survey_inbox")

    def __str__(self) -> str:
        return str(self.round)


class ServiceContract(models.Model):
    """A municipality's contract with a provider for service types of the catalogue, for a
    period and an amount of money: what the NGO share *by funding* is counted from.

    The amount is the funding for the whole agreed period (``starts_on`` to ``ends_on``);
    a contract ended early (``ended_on``) counts only its days until then
    (docs/monitoring.md, "Funding by service contracts")."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="service_contracts",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts_as_provider",
        verbose_name=_("provider"),
    )
    services = models.ManyToManyField(
        "support.Service", related_name="contracts", verbose_name=_("service types")
    )
    number = models.CharField(_("contract number"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    amount = models.DecimalField(_("funding (EUR)"), max_digits=14, decimal_places=2)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-starts_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                name="service_contract_number_once",
                violation_error_message=_(
                    "The municipality already has a contract with this number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="service_contract_amount_not_negative",
                violation_error_message=_("The funding cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="service_contract_ends_after_start",
                violation_error_message=_("The contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("starts_on"), ended_on__lte=models.F("ends_on")),
                name="service_contract_ended_within",
                violation_error_message=_("A contract can be ended only on a day of its period."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_on"], name="contract_period")]

    def __str__(self) -> str:
        return f"{self.number} — {self.provider}"

    @property
    def last_day(self) -> dt.date:
        return self.ended_on or self.ends_on


class ReviewVisit(models.Model):
    """A quality review visit of the national child-rights service to a care centre: when,
    who visited, what was reviewed, and what was found and must be done (its findings and
    actions). About the centre's work, never a record of a child or a household."""

    centre = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="review_visits",
        limit_choices_to={"kind": "care_centre"},
        verbose_name=_("centre"),
    )
    visited_on = models.DateField(_("visit date"))
    visitors = models.CharField(_("who visited"), max_length=300)
    scope = models.TextField(_("what was reviewed"), blank=True, max_length=4000)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("quality review visit")
        verbose_name_plural = _("quality review visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["centre", "-visited_on"], name="review_visit_centre")]

    def __str__(self) -> str:
        return f"{self.centre} {self.visited_on.isoformat()}"


class ReviewFinding(models.Model):
    """What a visit found in one area of the centre's work, and how serious it is."""

    class Area(models.TextChoices):
        STAFFING = "staffing", _("staffing")
        CARER_SUPPORT = "carer_support", _("support to carers")
        TRAINING = "training", _("training")
        RECORDS = "records", _("records and planning")
        SAFEGUARDING = "safeguarding", _("safeguarding")
        OTHER = "other", _("other")

    class Severity(models.TextChoices):
        GOOD = "good", _("good practice")
        OBSERVATION = "observation", _("observation")
        MINOR = "minor", _("minor shortcoming")
        MAJOR = "major", _("major shortcoming")

    visit = models.ForeignKey(
        ReviewVisit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("visit")
    )
    # The visit's centre, kept for the audit trail.
    centre = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )
    area = models.CharField(_("area of work"), max_length=20, choices=Area.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    text = models.TextField(_("finding"), max_length=4000)

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_severity_display()}"


def overdue_on(day: dt.date, prefix: str = "") -> models.Q:
    """The one rule of an overdue follow-up action: still open after its due date (``day``:
    the application clock's today). ``prefix``: the path to the action (``actions__``)."""
    return models.Q(**{f"{prefix}status": "open", f"{prefix}due_on__lt": day})


class ReviewAction(models.Model):
    """A follow-up action a visit set for the centre: what, by when, and whether (when, by
    whom and how) it was done. Overdue: ``overdue_on``."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", pgettext_lazy("action", "done")

    visit = models.ForeignKey(
        ReviewVisit, on_delete=models.CASCADE, related_name="actions", verbose_name=_("visit")
    )
    # The centre responsible for the action: the visit's.
    centre = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible centre"),
    )
    description = models.TextField(_("action"), max_length=2000)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_note = models.TextField(_("what was done"), blank=True, max_length=2000)
    # The day the centre's managers were told it is overdue (once per due date).
    overdue_told_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("review follow-up action")
        verbose_name_plural = _("review follow-up actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="open"),
                name="review_action_open_due",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True, done_by__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="review_action_done_dated",
                violation_error_message=_("A done action has the day it was done; an open none."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, day: dt.date) -> bool:
        """``overdue_on`` for one action in hand (a test keeps the two alike)."""
        return self.status == self.Status.OPEN and self.due_on < day

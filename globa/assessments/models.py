"""Structured assessments: the instruments (published versions, loaded from the files under
``instruments/``) and the assessments made with them, with every answer.

Instruments are reference data: a version never changes once loaded (the database refuses
it), so an assessment is shown, for as long as it is kept, with the version it was made with.

Assessments are personal data. Every table of them carries ``organisation`` (the
organisation responsible for the person assessed) and ``subject_kind``: row-level security
reads a family's in the case scope, a staff member's in either scope, every other in the
registry scope (``globa_in_assessment_scope``). A completed or approved assessment is locked
in the database; a correction is an amendment, a new assessment that keeps the original.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation

if TYPE_CHECKING:
    from globa.assessments.definitions import Definition


class SubjectKind(models.TextChoices):
    FAMILY = "family", _("family")
    CHILD = "child", _("child")
    CARER = "carer", _("prospective carer")
    HOUSEHOLD = "household", _("carer household")
    STAFF = "staff", _("staff member")


# The subject's foreign key of each kind.
SUBJECT_FIELDS: dict[str, str] = {
    SubjectKind.FAMILY: "family_case",
    SubjectKind.CHILD: "child",
    SubjectKind.CARER: "candidate",
    SubjectKind.HOUSEHOLD: "household",
    SubjectKind.STAFF: "staff",
}


class Timepoint(models.TextChoices):
    INTAKE = "intake", _("intake")
    REVIEW = "review", _("review")
    CLOSURE = "closure", _("closure")
    AD_HOC = "ad_hoc", _("ad hoc")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")


# Statuses in which the answers may change; in the others the assessment is locked.
OPEN = (Status.DRAFT, Status.RETURNED)
DONE = (Status.COMPLETED, Status.APPROVED)


class Instrument(models.Model):
    """An assessment instrument, by its code; its content is in its versions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    subject_kind = models.CharField(
        _("who is assessed"), max_length=20, choices=SubjectKind.choices
    )
    name_lt = models.CharField(_("name in Lithuanian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt


class InstrumentVersion(models.Model):
    """One published version: the file's content as loaded, its hash, who wrote it, under
    which licence, from when it applies. Never changed once loaded (a trigger refuses it)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in use from"))
    author = models.CharField(_("author"), max_length=300)
    licence = models.TextField(_("licence"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"],
                name="instrument_version_once",
                violation_error_message=_("This version of the instrument is already loaded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"

    @property
    def definition(self) -> Definition:
        from globa.assessments.registry import definition_of

        return definition_of(self)


class Domain(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="domains")
    code = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="domain_code_once",
                violation_error_message=_("A domain's code is used once in a version."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Item(models.Model):
    """An item of a version, kept as a row so that answers name it and reports count it."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="items")
    code = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    # The earlier version's item this one continues (the version's mapping), for change over
    # time across versions.
    continues = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="continued_by"
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="item_code_once",
                violation_error_message=_("An item's code is used once in a version."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Assessment(models.Model):
    """One assessment of a person, a family or a household with one version of an
    instrument, at one timepoint: draft → completed → approved, or returned for correction."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    subject_kind = models.CharField(
        _("who is assessed"), max_length=20, choices=SubjectKind.choices
    )
    family_case = models.ForeignKey(
        "cases.FamilyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("family"),
    )
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("child"),
    )
    candidate = models.ForeignKey(
        "carers.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("prospective carer"),
    )
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("carer household"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_assessments",
        verbose_name=_("staff member"),
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("instrument"),
    )
    timepoint = models.CharField(_("timepoint"), max_length=20, choices=Timepoint.choices)
    assessed_on = models.DateField(_("date of the assessment"))
    age_band = models.CharField(_("age band"), max_length=60, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments_made",
        verbose_name=_("assessor"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("assessor's summary"), blank=True)
    # The scores by the version's rules, computed when the assessment is completed.
    scores = models.JSONField(_("scores"), null=True, blank=True)
    # The change of the instrument's first overall score since the subject's first done
    # assessment with it, above 0 for the better (``selectors.Change.improvement``): kept for
    # the monitoring's mean change, which the database counts for readers who may see no
    # assessment; written again for the subject's later assessments when one is done or
    # returned (``services.keep_improvements``).
    improvement = models.DecimalField(
        _("change since the first assessment"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("comment"), blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [
            models.Index(fields=["family_case", "assessed_on"], name="assessment_case"),
            models.Index(fields=["child", "assessed_on"], name="assessment_child"),
            models.Index(fields=["candidate", "assessed_on"], name="assessment_candidate"),
            models.Index(fields=["household", "assessed_on"], name="assessment_household"),
            models.Index(fields=["staff", "assessed_on"], name="assessment_staff"),
            models.Index(fields=["organisation", "status"], name="assessment_org_status"),
            models.Index(fields=["assessor", "status"], name="assessment_assessor_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind=SubjectKind.FAMILY, family_case__isnull=False)
                    & Q(child__isnull=True, candidate__isnull=True)
                    & Q(household__isnull=True, staff__isnull=True)
                )
                | (
                    Q(subject_kind=SubjectKind.CHILD, child__isnull=False)
                    & Q(family_case__isnull=True, candidate__isnull=True)
                    & Q(household__isnull=True, staff__isnull=True)
                )
                | (
                    Q(subject_kind=SubjectKind.CARER, candidate__isnull=False)
                    & Q(family_case__isnull=True, child__isnull=True)
                    & Q(household__isnull=True, staff__isnull=True)
                )
                | (
                    Q(subject_kind=SubjectKind.HOUSEHOLD, household__isnull=False)
                    & Q(family_case__isnull=True, child__isnull=True)
                    & Q(candidate__isnull=True, staff__isnull=True)
                )
                | (
                    Q(subject_kind=SubjectKind.STAFF, staff__isnull=False)
                    & Q(family_case__isnull=True, child__isnull=True)
                    & Q(candidate__isnull=True, household__isnull=True)
                ),
                name="assessment_one_subject",
                violation_error_message=_("An assessment is of exactly one person or family."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.RETURNED], completed_at__isnull=True)
                | Q(status__in=[Status.COMPLETED, Status.APPROVED], completed_at__isnull=False)
                & Q(scores__isnull=False),
                name="assessment_completed_has_scores",
                violation_error_message=_("A completed assessment has its time and its scores."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.APPROVED) | Q(decided_by__isnull=False),
                name="assessment_approved_by_someone",
                violation_error_message=_("An approved assessment names who approved it."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.APPROVED) | ~Q(decided_by=models.F("assessor")),
                name="assessment_four_eyes",
                violation_error_message=_(
                    "An assessment is approved by someone other than its assessor."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETURNED) | ~Q(decision_note=""),
                name="assessment_returned_with_comment",
                violation_error_message=_("Say what is to be corrected."),
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
                name="assessment_amendment_reason",
                violation_error_message=_("Say why the assessment is amended."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_version.instrument} {self.assessed_on:%Y-%m-%d}"

    @property
    def subject(self) -> models.Model:
        subject: models.Model = getattr(self, SUBJECT_FIELDS[self.subject_kind])
        return subject

    @property
    def subject_id(self) -> object:
        return getattr(self, f"{SUBJECT_FIELDS[self.subject_kind]}_id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_done(self) -> bool:
        return self.status in DONE

    @property
    def definition(self) -> Definition:
        return self.instrument_version.definition

    def age_on(self, birth_date: dt.date) -> int:
        """Whole years of someone born on ``birth_date`` on the day of the assessment."""
        day = self.assessed_on
        return (
            day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        )


class _Part(models.Model):
    """What every table of an assessment's parts carries for row-level security."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)

    class Meta:
        abstract = True


class Informant(_Part):
    """Someone who gives their own ratings of the items that take them (a parent, the
    child), kept beside the assessor's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="informants")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "name"],
                name="informant_once",
                violation_error_message=_("This person already gives their ratings here."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Answer(_Part):
    """A rating of one item: the assessor's (no informant), or an informant's own."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    informant = models.ForeignKey(
        Informant, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    # Who wrote the evidence: evidence in a restricted domain is read only by them and the
    # organisation's specialists.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item", "informant"],
                nulls_distinct=False,
                name="answer_once",
                violation_error_message=_("This item is already answered."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(not_applicable=False),
                name="answer_value_or_not_applicable",
                violation_error_message=_("An item is rated or not applicable, not both."),
            ),
        ]
        indexes = [models.Index(fields=["item", "value"], name="answer_item_value")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class DomainRating(_Part):
    """The assessor's overall rating of a domain, and the strengths they name in it."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="domain_ratings"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("overall rating"), null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"],
                name="domain_rating_once",
                violation_error_message=_("This domain is already rated."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.value}"

"""How long records are kept, and what happens when their time is up.

- ``RetentionRule``: for each kind of record, how many years it is kept after the event that
  starts the count (a child's birth, a household's last placement or closure, an inquiry's
  exit, a case's closure, a staff member's assessment's completion or development plan's
  closure), as versioned data an administrator sets. The assessments and plans of a child, a
  household, a prospective carer or a family are part of that record: kept, held and
  anonymised with it;
- ``LegalHold``: a child, household, case, or a staff member's assessment or development
  plan that must be kept whatever the rule says (a court case, a complaint), until the hold
  is lifted;
- ``Review``: a record the daily job found at its end, confirmed by one person and approved
  by a second before it is anonymised;
- ``Destruction``: the register of what was anonymised, when, under which rule, and by whom.
  It names the record only by its kind and id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation


class RecordKind(models.TextChoices):
    CHILD = "child", _("child's record")
    HOUSEHOLD = "household", _("carer household's record")
    CANDIDATE = "candidate", _("inquiry that led nowhere")
    FAMILY_CASE = "family_case", _("early-intervention case")
    ASSESSMENT = "assessment", _("staff member's assessment")
    PLAN = "plan", _("staff member's development plan")


# What starts the count of each kind's years.
COUNTED_FROM = {
    RecordKind.CHILD: _("the child's birth"),
    RecordKind.HOUSEHOLD: _("the household's last placement or closure"),
    RecordKind.CANDIDATE: _("the person leaving the carer pipeline before approval"),
    RecordKind.FAMILY_CASE: _("the case's closure"),
    RecordKind.ASSESSMENT: _("the assessment's completion (its last change if never completed)"),
    RecordKind.PLAN: _("the plan's closure"),
}

# The kinds of record a legal hold may be placed on, by the hold's field.
HOLD_KINDS = ("child", "household", "family_case", "assessment", "plan")


class RetentionRule(models.Model):
    record_kind = models.CharField(_("kind of record"), max_length=20, choices=RecordKind.choices)
    years = models.PositiveSmallIntegerField(_("kept for (years)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["record_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_kind", "valid_from"],
                name="retention_rule_version",
                violation_error_message=_("A version of this rule already starts on this date."),
            ),
            models.CheckConstraint(
                condition=Q(years__gte=1, years__lte=150),
                name="retention_rule_years",
                violation_error_message=_("A record is kept from 1 to 150 years."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_kind_display()}: {self.years} ({self.valid_from:%Y-%m-%d})"


def _exactly_one(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        one = Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                one &= Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


class LegalHold(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    family_case = models.ForeignKey(
        "cases.FamilyCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_reason = models.CharField(_("why it was lifted"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(HOLD_KINDS),
                name="legal_hold_one_record",
                violation_error_message=_("A hold is on exactly one record."),
            ),
        ]

    def __str__(self) -> str:
        return self.reason

    @property
    def record_kind(self) -> str:
        return next(kind for kind in HOLD_KINDS if getattr(self, f"{kind}_id") is not None)

    @property
    def record_id(self) -> str:
        return str(getattr(self, f"{self.record_kind}_id"))


class Review(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("reached its end")
        CONFIRMED = "confirmed", _("confirmed, waiting for a second person")
        APPROVED = "approved", _("approved, being anonymised")
        DONE = "done", _("anonymised")
        HELD = "held", _("kept: legal hold")
        KEPT = "kept", _("kept: decided to keep")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_kind = models.CharField(_("kind of record"), max_length=20, choices=RecordKind.choices)
    record_id = models.CharField(_("record"), max_length=64)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("end of retention"))
    found_on = models.DateField(_("found on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DUE
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_kind", "record_id"],
                condition=Q(status__in=["due", "confirmed", "approved", "held"]),
                name="review_one_open_per_record",
                violation_error_message=_("This record is already on the list."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("confirmed_by")),
                name="review_four_eyes",
                violation_error_message=_(
                    "A second person approves what the first confirmed, never the same one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_kind} {self.record_id}"


class Destruction(models.Model):
    """The destruction register: one row per record anonymised. It keeps no identifying
    value of the record, only what it was, under which rule, when and by whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_kind = models.CharField(_("kind of record"), max_length=20, choices=RecordKind.choices)
    record_id = models.CharField(_("record"), max_length=64)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    rule_text = models.CharField(_("rule"), max_length=300)
    due_on = models.DateField(_("end of retention"))
    removed = models.JSONField(_("what was removed"), default=dict)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"))

    class Meta:
        verbose_name = _("destruction register entry")
        verbose_name_plural = _("destruction register")
        ordering = ["-done_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_kind", "record_id"],
                name="destruction_once_per_record",
                violation_error_message=_("This record has already been anonymised."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_kind} {self.record_id} {self.done_at:%Y-%m-%d}"

"""On-call care (budinti globa): the centre's contracts with on-call carers, the days they
rest, how matching weighs its criteria, and the choices coordinators made from a ranking.

The tables keep the names they had in the carer journey app (``carers_contract`` and so
on): row-level security policies and audit triggers are attached to them by name and are
being consolidated elsewhere at the same time, so a rename is a later, separate step.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from globa.lib import clock
from globa.organisations.models import Organisation
from globa.registry.models import DateRange


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
        db_table = "carers_contract"  # kept from the carers app: see the module docstring
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
        db_table = "carers_respite"  # kept from the carers app: see the module docstring
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
        db_table = "carers_matchweight"  # kept from the carers app: see the module docstring
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
        db_table = "carers_match"  # kept from the carers app: see the module docstring
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


class PlacementRequest(models.Model):
    """A coordinator's request to another centre to place a child (or a sibling group) with
    one of its on-call carers, when their own centre has no suitable one; the other centre's
    manager accepts it (the child's record passes to that centre, which places the child
    with its carer) or declines it with a reason. The request names no child to the other
    centre until it is accepted: only ages, disability and the situation."""

    class Status(models.TextChoices):
        SENT = "sent", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    from_centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    children = ArrayField(models.UUIDField(), verbose_name=_("children"))
    # What the other centre sees before it accepts: per child, age and disability.
    needs = models.JSONField(_("who needs a place"))
    needed_on = models.DateField(_("needed from"))
    situation = models.TextField(_("situation"), blank=True)
    contact_phone = models.CharField(_("phone to call back"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carer"),
    )
    decline_reason = models.TextField(_("why declined"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("sent"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to_centre", "status"], name="placementrequest_to")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_centre=models.F("to_centre")),
                name="placementrequest_another_centre",
                violation_error_message=_("A request goes to another centre."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="placementrequest_declined_with_reason",
                violation_error_message=_("Say why the request is declined."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(household__isnull=False),
                name="placementrequest_accepted_with_carer",
                violation_error_message=_("Choose the carer who takes the child."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_centre_id} → {self.to_centre_id} {self.needed_on:%Y-%m-%d}"

"""The registry: children, their relatives, carer households, coordinators and placements.

Every table that holds personal data carries ``centre`` (the care centre whose record it
is); row-level security and the audit trigger are keyed by it (see the migrations).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.core.search import Fold
from globa.lib.collation import lt
from globa.lib.dates import add_years
from globa.organisations.models import Organisation


class DateRange(models.Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class HouseholdKind(models.TextChoices):
    GUARDIAN_RELATIVE = "guardian_relative", _("guardian (relative)")
    GUARDIAN_NON_RELATIVE = "guardian_non_relative", _("guardian (not related)")
    ON_CALL = "on_call", _("on-call carer")
    PERMANENT = "permanent", _("permanent carer")
    ADOPTIVE = "adoptive", _("adoptive parents")
    FAMILY_HOME = "family_home", _("family-type home")


class CapacityRule(models.Model):
    """How many children a kind of household may care for, from law and practice, by version."""

    household_kind = models.CharField(
        _("household type"), max_length=30, choices=HouseholdKind.choices
    )
    name = models.CharField(_("rule"), max_length=200)
    name_en = models.CharField(_("rule in English"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    max_placed = models.PositiveSmallIntegerField(_("most children placed"), null=True, blank=True)
    max_total = models.PositiveSmallIntegerField(
        _("most children including own"), null=True, blank=True
    )
    min_total = models.PositiveSmallIntegerField(_("fewest children"), null=True, blank=True)
    max_months_per_child = models.PositiveSmallIntegerField(
        _("longest placement of one child (months)"), null=True, blank=True
    )
    siblings_may_exceed = models.BooleanField(
        _("more allowed to keep siblings together"), default=False
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("capacity rule")
        verbose_name_plural = _("capacity rules")
        ordering = ["household_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["household_kind", "valid_from"],
                name="capacity_rule_version",
                violation_error_message=_("A version of this rule already starts on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.valid_from:%Y-%m-%d})"

    @property
    def display_name(self) -> str:
        """The rule's text in the reader's language (Lithuanian when no English is given)."""
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name


class Limit(models.TextChoices):
    """The numbers law and policy set, each one kept as versioned data (``LegalRule``)."""

    AGE_OF_MAJORITY = "age_of_majority", _("age at which support in care ends (years)")
    EXTENDED_SUPPORT_AGE = (
        "extended_support_age",
        _("age until which support may be extended by a decision (years)"),
    )
    GUARDIAN_MIN_AGE = "guardian_min_age", _("youngest age of a guardian (years)")
    GUARDIAN_MIN_AGE_RELATIVE = (
        "guardian_min_age_relative",
        _("youngest age of a guardian who is a close relative (years)"),
    )
    GUARDIAN_MAX_AGE = "guardian_max_age", _("oldest age of a guardian (years)")
    ON_CALL_CHILD_MAX_AGE = (
        "on_call_child_max_age",
        _("oldest child an on-call carer takes (years)"),
    )
    ON_CALL_CONTRACT_MAX_PLACES = (
        "on_call_contract_max_places",
        _("most places in an on-call contract"),
    )
    CONTRACT_NOTICE_DAYS = (
        "contract_notice_days",
        _("days before an on-call contract ends that the centre is reminded"),
    )
    ADULTHOOD_NOTICE_MONTHS = (
        "adulthood_notice_months",
        _("months before a child turns of age that the coordinator is reminded"),
    )
    ON_CALL_LIMIT_NOTICE_MONTHS = (
        "on_call_limit_notice_months",
        _("months before an on-call placement reaches its limit that the coordinator is reminded"),
    )


class LegalRule(models.Model):
    """One version of a number law or policy sets: in force from ``valid_from`` until the day
    before ``valid_to``. Read through ``globa.registry.rules.limit(Limit.X, day)``."""

    key = models.CharField(_("rule"), max_length=40, choices=Limit.choices)
    value = models.PositiveSmallIntegerField(_("value"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"],
                name="legal_rule_version",
                violation_error_message=_("A version of this rule already starts on this date."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="legal_rule_period",
                violation_error_message=_("A version ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value} ({self.valid_from:%Y-%m-%d})"


class SiblingGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("sibling group"), max_length=200)

    class Meta:
        verbose_name = _("sibling group")
        verbose_name_plural = _("sibling groups")

    def __str__(self) -> str:
        return self.label


class Child(models.Model):
    class LegalStatus(models.TextChoices):
        TEMPORARY_CARE = "temporary_care", _("temporary care")
        PERMANENT_CARE = "permanent_care", _("permanent care")
        ADOPTED = "adopted", _("adopted")

    class Status(models.TextChoices):
        IN_CARE = "in_care", _("in care")
        SUPPORTED_AFTER_18 = "after_18", _("supported after 18")
        LEFT_CARE = "left_care", _("left care")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("responsible centre"),
    )
    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    # NULL, not "", for children without a code: the unique constraint must ignore them.
    personal_code = models.CharField(_("personal code"), max_length=11, null=True, blank=True)  # noqa: DJ001
    other_identifier = models.CharField(
        _("other identifier"),
        max_length=60,
        blank=True,
        help_text=_(
            "For a child without a Lithuanian personal code: passport or foreign ID number."
        ),
    )
    other_identifier_country = models.CharField(
        _("country of the identifier"), max_length=60, blank=True
    )
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_CARE
    )
    has_disability = models.BooleanField(_("disability"), default=False)
    special_needs = models.TextField(_("special needs"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("languages")
    )
    sibling_group = models.ForeignKey(
        SiblingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("sibling group"),
    )
    support_extended_until = models.DateField(_("support extended until"), null=True, blank=True)
    support_extension_decision = models.CharField(
        _("decision on support after 18"), max_length=200, blank=True
    )
    search_name = models.GeneratedField(
        expression=Fold(Concat("first_name", models.Value(" "), "last_name")),
        output_field=models.TextField(),
        db_persist=True,
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = [*lt("last_name", "first_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_code"],
                name="child_personal_code_unique",
                violation_error_message=_("A child with this personal code is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(personal_code__isnull=True)
                | models.Q(personal_code__regex=r"^[1-6][0-9]{10}$"),
                name="child_personal_code_format",
                violation_error_message=_("A personal code has exactly 11 digits."),
            ),
            models.CheckConstraint(
                condition=models.Q(personal_code__isnull=False) | ~models.Q(other_identifier=""),
                name="child_has_identifier",
                violation_error_message=_(
                    "Enter the personal code or, for a child without one, another identifier."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(support_extended_until__isnull=True)
                | ~models.Q(support_extension_decision=""),
                name="child_support_extension_has_decision",
                violation_error_message=_(
                    "Record the decision (number and date) that extends support after 18."
                ),
            ),
        ]
        indexes = [
            GinIndex(OpClass("search_name", name="gin_trgm_ops"), name="child_search_name_trgm"),
            models.Index(fields=["centre", "status", "last_name"]),
            models.Index(fields=["last_name", "first_name", "birth_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def turns_18_on(self) -> dt.date:
        """The day the child comes of age (the age is the rule in force on that day)."""
        from globa.registry import rules  # the rules module reads this one's models

        coming = add_years(self.birth_date, 18)
        return add_years(self.birth_date, rules.limit(Limit.AGE_OF_MAJORITY, coming))

    @property
    def support_ends_on(self) -> dt.date:
        """Support lasts until the child comes of age, longer only by a recorded decision,
        and never past the extended-support age."""
        from globa.registry import rules

        if self.support_extended_until:
            last = rules.limit(Limit.EXTENDED_SUPPORT_AGE, self.support_extended_until)
            return min(self.support_extended_until, add_years(self.birth_date, last))
        return self.turns_18_on


class Relative(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("sibling")
        AUNT_UNCLE = "aunt_uncle", _("aunt or uncle")
        OTHER = "other", _("other relative")

    class Contact(models.TextChoices):
        REGULAR = "regular", _("regular meetings")
        SUPERVISED = "supervised", _("supervised meetings")
        REMOTE = "remote", _("phone or online")
        NONE_BY_DECISION = "restricted", _("no contact (by decision)")
        TO_BE_AGREED = "to_be_agreed", _("to be agreed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relatives")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    contact_arrangement = models.CharField(
        _("contact arrangement"),
        max_length=20,
        choices=Contact.choices,
        default=Contact.TO_BE_AGREED,
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["relation", *lt("last_name")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CarerHousehold(models.Model):
    """A family that cares for children. Its table also holds three counts the database
    keeps, which this model neither reads nor writes (migration ``0010_occupancy``):
    ``placed_open``, the placements with no end; ``placed_settled_from``, from which day
    those are who is placed; and ``own_living``, its own children at home. Matching reads
    them instead of counting."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("care centre"),
    )
    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("How the family is known, e.g. “Kazlauskų šeima”.")
    )
    kind = models.CharField(_("type"), max_length=30, choices=HouseholdKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    address = models.CharField(_("address"), max_length=300)
    languages = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("languages")
    )
    accepts_age_min = models.PositiveSmallIntegerField(_("accepts children from age"), default=0)
    accepts_age_max = models.PositiveSmallIntegerField(_("accepts children up to age"), default=17)
    accepts_siblings = models.BooleanField(_("accepts sibling groups"), default=True)
    accepts_disability = models.BooleanField(_("accepts children with disability"), default=False)
    search_name = models.GeneratedField(
        expression=Fold("name"), output_field=models.TextField(), db_persist=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("carer household")
        verbose_name_plural = _("carer households")
        ordering = [*lt("name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepts_age_min__lte=models.F("accepts_age_max")),
                name="household_age_range",
                violation_error_message=_("The upper age must not be below the lower age."),
            ),
        ]
        indexes = [
            GinIndex(
                OpClass("search_name", name="gin_trgm_ops"), name="household_search_name_trgm"
            ),
            models.Index(fields=["centre", "status", "name"]),
            # The on-call network: every active on-call carer, for availability and matching.
            models.Index(
                fields=["centre"],
                condition=models.Q(kind="on_call", status="active"),
                name="household_active_on_call",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HouseholdAdult(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(CarerHousehold, on_delete=models.CASCADE, related_name="adults")
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    personal_code = models.CharField(_("personal code"), max_length=11, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_related_to_child = models.BooleanField(_("close relative of the child"), default=False)

    class Meta:
        verbose_name = _("adult in the household")
        verbose_name_plural = _("adults in the household")
        ordering = [*lt("last_name", "first_name")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class HouseholdOwnChild(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(
        CarerHousehold, on_delete=models.CASCADE, related_name="own_children"
    )
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    lives_in_household = models.BooleanField(_("lives in the household"), default=True)

    class Meta:
        verbose_name = _("own child of the household")
        verbose_name_plural = _("own children of the household")
        ordering = ["birth_date"]
        # Counted for every on-call carer by matching, from the index alone.
        indexes = [
            models.Index(
                fields=["household"],
                include=["lives_in_household", "centre"],
                name="own_child_household",
            )
        ]

    def __str__(self) -> str:
        return self.first_name


class CoordinatorAssignment(models.Model):
    """Who coordinates a household, and since when; ended assignments are the history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(
        CarerHousehold, on_delete=models.CASCADE, related_name="assignments"
    )
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("coordinator"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("coordinator assignment")
        verbose_name_plural = _("coordinator assignments")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_one_active_per_household",
                violation_error_message=_("The household already has an active coordinator."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="assignment_dates_in_order",
                violation_error_message=_(
                    "A coordinator's assignment cannot end before it starts."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["coordinator"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_active_coord",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} → {self.household}"


class EndReason(models.TextChoices):
    # Permanency: the child leaves for a lasting family.
    REUNIFIED = "reunified", _("returned to birth family")
    ADOPTED = "adopted", _("adopted")
    PERMANENT_GUARDIANSHIP = "permanent_guardianship", _("permanent guardianship")
    LIVES_WITH_RELATIVES = "relatives", _("lives with relatives")
    # Non-permanency: the child moves on without a lasting family yet.
    MOVED_TO_OTHER_PLACEMENT = "moved", _("moved to another placement")
    PLACEMENT_BREAKDOWN = "breakdown", _("placement breakdown")
    TO_INSTITUTION = "institution", _("moved to an institution")
    REACHED_ADULTHOOD = "adulthood", _("reached adulthood")
    RAN_AWAY = "ran_away", _("ran away")
    OTHER = "other", _("other")


class EndReasonGroup(models.TextChoices):
    PERMANENCY = "permanency", _("permanency")
    NON_PERMANENCY = "non_permanency", _("non-permanency")


END_REASON_GROUP = {
    EndReason.REUNIFIED: EndReasonGroup.PERMANENCY,
    EndReason.ADOPTED: EndReasonGroup.PERMANENCY,
    EndReason.PERMANENT_GUARDIANSHIP: EndReasonGroup.PERMANENCY,
    EndReason.LIVES_WITH_RELATIVES: EndReasonGroup.PERMANENCY,
    EndReason.MOVED_TO_OTHER_PLACEMENT: EndReasonGroup.NON_PERMANENCY,
    EndReason.PLACEMENT_BREAKDOWN: EndReasonGroup.NON_PERMANENCY,
    EndReason.TO_INSTITUTION: EndReasonGroup.NON_PERMANENCY,
    EndReason.REACHED_ADULTHOOD: EndReasonGroup.NON_PERMANENCY,
    EndReason.RAN_AWAY: EndReasonGroup.NON_PERMANENCY,
    EndReason.OTHER: EndReasonGroup.NON_PERMANENCY,
}


class Placement(models.Model):
    class Kind(models.TextChoices):
        TEMPORARY = "temporary", _("temporary care")
        PERMANENT = "permanent", _("permanent care")
        PRE_ADOPTION = "pre_adoption", _("pre-adoption")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="placements", verbose_name=_("child")
    )
    centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        CarerHousehold,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("carer household"),
    )
    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("institution"),
    )
    kind = models.CharField(_("placement type"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=30, choices=EndReason.choices, blank=True
    )
    is_emergency = models.BooleanField(_("emergency placement"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-started_on"]
        constraints = [
            ExclusionConstraint(
                name="placement_no_overlap_per_child",
                violation_error_message=_("This child already has a placement in this period."),
                expressions=[
                    ("child", RangeOperators.EQUAL),
                    (
                        DateRange("started_on", "ended_on", models.Value("[)")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
            models.CheckConstraint(
                condition=models.Q(household__isnull=False, institution__isnull=True)
                | models.Q(household__isnull=True, institution__isnull=False),
                name="placement_household_or_institution",
                violation_error_message=_("Choose either a carer household or an institution."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gt=models.F("started_on")),
                name="placement_ends_after_start",
                violation_error_message=_("A placement ends after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="placement_end_has_reason",
                violation_error_message=_("Choose why the placement ended."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True),
                name="placement_current_household",
            ),
            # Who is placed with a household on a day, read from the index alone (matching
            # counts this for every on-call carer).
            models.Index(
                fields=["household", "ended_on"],
                include=["started_on", "centre"],
                name="placement_household_end",
            ),
            models.Index(fields=["child", "-started_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.started_on:%Y-%m-%d})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def end_reason_group(self) -> str:
        if not self.end_reason:
            return ""
        return str(END_REASON_GROUP[EndReason(self.end_reason)].label)

    def length_in_days(self, today: dt.date) -> int:
        return ((self.ended_on or today) - self.started_on).days

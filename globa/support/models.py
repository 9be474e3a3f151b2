"""The service catalogue, the record of every service delivered, and group sessions.

``Delivery`` holds personal data; it carries ``provider`` (the organisation that gave the
help, with its sector), and row-level security and the audit trigger are keyed by it. So do
the groups, their members and sessions: a group belongs to the organisation that runs it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from globa.lib import clock
from globa.lib.collation import lt
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, HouseholdKind

LONGEST_DELIVERY_MINUTES = 12 * 60


class ServiceGroup(models.TextChoices):
    CARE_CENTRE = "care_centre", _("care centre services")
    COMMUNITY = "community", _("community services")
    FAMILY = "family", _("services for families")


class Service(models.Model):
    """One service of the catalogue. Retired services keep their records (``valid_to``)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=ServiceGroup.choices)
    name_lt = models.CharField(_("name in Lithuanian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    legal_source = models.CharField(
        _("legal source"), max_length=60, blank=True, help_text=_("Where the service is defined.")
    )
    valid_from = models.DateField(_("valid from"), default=dt.date(2020, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    restricted_notes = models.BooleanField(
        _("notes visible only to the specialist team"),
        default=False,
        help_text=_("Notes of this service are shown only to their author and the specialists."),
    )
    in_groups = models.BooleanField(
        _("given in groups"),
        default=False,
        help_text=_(
            "A group (mutual-help group, training group) can be run as this service; "
            "attending one of its sessions counts as this service to each participant."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("service catalogue")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="service_validity",
                violation_error_message=_("A service cannot stop being provided before it starts."),
            ),
            # Group sessions share their notes with every participant's record: a service
            # whose notes only the specialists may read is never run as a group.
            models.CheckConstraint(
                condition=~Q(restricted_notes=True, in_groups=True),
                name="service_restricted_not_in_groups",
                violation_error_message=_(
                    "A service with notes only for the specialist team cannot be given in groups."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ServiceProvision(models.Model):
    """An organisation provides a service (from ``valid_from`` until ``valid_to``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provisions"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="provisions")
    valid_from = models.DateField(_("provided from"), default=dt.date(2020, 1, 1))
    valid_to = models.DateField(_("provided until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service provided")
        verbose_name_plural = _("services provided")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "valid_from"],
                name="service_provision_once",
                violation_error_message=_(
                    "The organisation already provides this service from this date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.service}"


class ContactRule(models.Model):
    """How often a coordinator must be in contact with a household of a kind, in days."""

    household_kind = models.CharField(
        _("household type"), max_length=30, choices=HouseholdKind.choices, unique=True
    )
    interval_days = models.PositiveSmallIntegerField(_("at least every (days)"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact rule")
        verbose_name_plural = _("contact rules")
        ordering = ["household_kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1, interval_days__lte=366),
                name="contact_rule_interval",
                violation_error_message=_("The interval between contacts is from 1 to 366 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_household_kind_display()}: {self.interval_days}"


class DeliveryForm(models.TextChoices):
    OFFICE = "office", _("at the office")
    HOME_VISIT = "home_visit", _("home visit")
    REMOTE = "remote", _("remote (video)")
    PHONE = "phone", _("by phone")


class Delivery(models.Model):
    """One service given to one recipient. A contact with several recipients (a visit to a
    household with three children) is several deliveries sharing ``contact``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.UUIDField(_("contact"), default=uuid.uuid4, db_index=True)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("provider"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("service")
    )
    delivered_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    form = models.CharField(_("form"), max_length=20, choices=DeliveryForm.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deliveries_given",
        verbose_name=_("given by"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    household = models.ForeignKey(
        CarerHousehold, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Attendance at a group session: the session and the member who attended. Indexed only
    # where set (see Meta), as nearly every delivery is not a group's.
    session = models.ForeignKey(
        "GroupSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="deliveries",
        verbose_name=_("group session"),
    )
    group_member = models.ForeignKey(
        "GroupMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="deliveries",
        verbose_name=_("group member"),
    )
    # A service to a family in an early-intervention case, and the plan action it serves.
    # Such deliveries are seen with the case (row-level security by the case scope).
    family_case = models.ForeignKey(
        "cases.FamilyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("family case"),
    )
    case_action = models.ForeignKey(
        "cases.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("action of the help plan"),
    )
    # The action of a child's individual service plan the service was given for.
    plan_action = models.ForeignKey(
        "plans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="deliveries",
        verbose_name=_("action of the plan"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliveries_recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service delivery")
        verbose_name_plural = _("service deliveries")
        ordering = ["-delivered_on", "-recorded_at"]
        indexes = [
            models.Index(fields=["household", "-delivered_on"], name="delivery_household_day"),
            models.Index(fields=["child", "-delivered_on"], name="delivery_child_day"),
            models.Index(fields=["provider", "delivered_on"], name="delivery_provider_day"),
            models.Index(fields=["family_case", "-delivered_on"], name="delivery_case_day"),
            models.Index(
                fields=["group_member"],
                condition=Q(group_member__isnull=False),
                name="delivery_group_member",
            ),
            models.Index(
                fields=["plan_action"],
                condition=Q(plan_action__isnull=False),
                name="delivery_plan_action",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(child__isnull=False, household__isnull=True, person_name="")
                    & Q(family_case__isnull=True)
                    | Q(child__isnull=True, household__isnull=False, person_name="")
                    & Q(family_case__isnull=True)
                    | (Q(child__isnull=True, household__isnull=True) & ~Q(person_name=""))
                    & Q(family_case__isnull=True)
                    | Q(child__isnull=True, household__isnull=True, person_name="")
                    & Q(family_case__isnull=False)
                ),
                name="delivery_one_recipient",
                violation_error_message=_("A service is given to exactly one recipient."),
            ),
            models.CheckConstraint(
                condition=Q(case_action__isnull=True) | Q(family_case__isnull=False),
                name="delivery_action_of_its_case",
                violation_error_message=_("A plan action is served within its case."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=LONGEST_DELIVERY_MINUTES),
                name="delivery_minutes",
                violation_error_message=_("A duration is between 1 minute and 12 hours."),
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=True, group_member__isnull=True)
                | Q(session__isnull=False, group_member__isnull=False),
                name="delivery_session_member",
                violation_error_message=_(
                    "Attendance at a group session names the member who attended."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "group_member"],
                condition=Q(session__isnull=False),
                name="delivery_once_per_session_member",
                violation_error_message=_("A member's attendance is recorded once per session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.delivered_on}"

    @property
    def recipient(self) -> object:
        return self.child or self.household or self.person_name


# Group sessions -----------------------------------------------------------------------------

# A group meets in a room or on a video call; home visits and phone calls are one-to-one.
GROUP_FORMS = (DeliveryForm.OFFICE, DeliveryForm.REMOTE)


class Group(models.Model):
    """A standing group an organisation runs as a service of the catalogue (a mutual-help
    group, a training group for carers): its facilitator, members and sessions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="support_groups",
        verbose_name=_("provider"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="groups", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="groups_facilitated",
        verbose_name=_("facilitator"),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = [*lt("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"],
                name="group_name_per_provider",
                violation_error_message=_("Your organisation already has a group of this name."),
            ),
        ]
        indexes = [models.Index(fields=["provider", "is_active", "name"], name="group_provider")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A participant of a group: a carer household of the provider, or a named person who
    is not in the registry (a prospective carer, a relative). A member who leaves keeps
    their attendance; ``left_on`` says since when they are no longer in the group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        CarerHousehold,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("household"),
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False, person_name="")
                | (Q(household__isnull=True) & ~Q(person_name="")),
                name="group_member_one_participant",
                violation_error_message=_("A member is a household or a named person."),
            ),
            models.UniqueConstraint(
                fields=["group", "household"],
                condition=Q(household__isnull=False),
                name="group_member_household_once",
                violation_error_message=_("This household is already a member of the group."),
            ),
            models.UniqueConstraint(
                fields=["group", "person_name"],
                condition=~Q(person_name=""),
                name="group_member_person_once",
                violation_error_message=_("This person is already a member of the group."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="group_member_dates_in_order",
                violation_error_message=_("A member cannot leave the group before joining it."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.household) if self.household_id else self.person_name


class GroupSession(models.Model):
    """One meeting of a group. Each member who attended received the group's service: one
    ``Delivery`` per attendee links back here and shares the session's ``contact``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("group")
    )
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    form = models.CharField(
        _("form"),
        max_length=20,
        choices=[(form.value, form.label) for form in GROUP_FORMS],
        default=DeliveryForm.OFFICE,
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="group_sessions_facilitated",
        verbose_name=_("facilitator"),
    )
    contact = models.UUIDField(_("contact"), default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["-held_on", "-recorded_at"]
        indexes = [models.Index(fields=["group", "-held_on"], name="group_session_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=LONGEST_DELIVERY_MINUTES),
                name="group_session_minutes",
                violation_error_message=_("A duration is between 1 minute and 12 hours."),
            ),
            models.CheckConstraint(
                condition=Q(form__in=[form.value for form in GROUP_FORMS]),
                name="group_session_form",
                violation_error_message=_("A group meets at the office or remotely."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class PlannedVisit(models.Model):
    """A contact with a household booked ahead: the day (and time), how, and who goes. The
    contact recorded from it completes it (``contact``, the deliveries' shared id); the
    contact norm counts it (``selectors.working_day``)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    household = models.ForeignKey(
        CarerHousehold,
        on_delete=models.PROTECT,
        related_name="planned_visits",
        verbose_name=_("household"),
    )
    planned_on = models.DateField(_("date"))
    planned_at = models.TimeField(_("time"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DeliveryForm.choices, default=DeliveryForm.HOME_VISIT
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="planned_visits",
        verbose_name=_("who goes"),
    )
    note = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    contact = models.UUIDField(_("contact"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        indexes = [
            models.Index(
                fields=["household", "planned_on"],
                condition=Q(status="planned"),
                name="plannedvisit_open_household",
            ),
            models.Index(fields=["provider", "planned_on"], name="plannedvisit_provider_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "planned_on"],
                condition=Q(status="planned"),
                name="plannedvisit_once_a_day",
                violation_error_message=_("A visit to this household is already planned that day."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", contact__isnull=False, done_on__isnull=False)
                | (~Q(status="done") & Q(contact__isnull=True)),
                name="plannedvisit_done_by_contact",
                violation_error_message=_("A visit is done when its contact is recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="plannedvisit_cancel_reason",
                violation_error_message=_("Say why the visit is cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.planned_on}"


class Safety(models.TextChoices):
    NO_CONCERNS = "none", _("no concerns about safety")
    CONCERNS = "concerns", _("concerns about safety")


class HomeVisit(models.Model):
    """The structured record of a home visit, beside its deliveries (one per contact): which
    children placed there were seen, and seen alone, whether there are concerns about their
    safety, and what happens next."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.UUIDField(_("contact"), unique=True)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    household = models.ForeignKey(
        CarerHousehold, on_delete=models.PROTECT, related_name="home_visits"
    )
    visited_on = models.DateField(_("date"))
    # The children placed in the household that day: those seen, and those seen alone (a
    # subset of those seen). Ids, checked by the service against the placements.
    children_seen = ArrayField(models.UUIDField(), default=list, blank=True)
    children_seen_alone = ArrayField(models.UUIDField(), default=list, blank=True)
    safety = models.CharField(_("safety"), max_length=20, choices=Safety.choices)
    safety_notes = models.TextField(_("what the concerns are"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("home visit record")
        verbose_name_plural = _("home visit records")
        indexes = [models.Index(fields=["household", "-visited_on"], name="homevisit_household")]
        constraints = [
            models.CheckConstraint(
                condition=Q(safety="none") | ~Q(safety_notes=""),
                name="homevisit_concerns_described",
                violation_error_message=_("Describe the concerns about safety."),
            ),
            models.CheckConstraint(
                condition=Q(children_seen__contains=models.F("children_seen_alone")),
                name="homevisit_alone_were_seen",
                violation_error_message=_("A child seen alone was seen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.visited_on}"

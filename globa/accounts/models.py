import uuid
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from globa.lib import clock
from globa.lib.collation import lt
from globa.organisations.models import Organisation


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("foster care coordinator")
    SPECIALIST = "specialist", _("specialist")
    CASE_MANAGER = "case_manager", _("case manager")
    CENTRE_MANAGER = "centre_manager", _("centre manager")
    MUNICIPALITY_OFFICER = "municipality_officer", _("municipality officer")
    NATIONAL_MONITOR = "national_monitor", _("national monitor")
    ADMINISTRATOR = "administrator", _("system administrator")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("data protection officer")


class Position(models.TextChoices):
    """A staff member's profession in the organisation (an access role says what they may
    do, not what they are): the staffing figures of the centres count these."""

    COORDINATOR = "coordinator", _("foster care coordinator")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    CASE_MANAGER = "case_manager", _("case manager")
    MANAGER = "manager", _("manager")
    OTHER = "other", _("other position")


# The position a role's holder usually has; a specialist says which (psychologist or
# social worker), so none is assumed.
POSITION_OF_ROLE = {
    "coordinator": Position.COORDINATOR,
    "case_manager": Position.CASE_MANAGER,
    "centre_manager": Position.MANAGER,
}


def default_position(role: str) -> str:
    return POSITION_OF_ROLE.get(role, "")


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = [*lt("last_name", "first_name")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def end(self) -> int:
        """End these roles today (the day a role ends is recorded; never before the day it
        began)."""
        return self.filter(is_active=True).update(
            is_active=False, ended_on=Greatest(models.Value(clock.today()), F("started_on"))
        )


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # One span of the role: from the day it was given (or, for staff who worked there before
    # the system, the day they started) to the day it ended. A role given again after it
    # ended is a new span; the staffing figures count the spans of a period's last day.
    started_on = models.DateField(_("since"), default=clock.today)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    position = models.CharField(
        _("job position"), max_length=20, choices=Position.choices, blank=True
    )
    # Full-time equivalent of the position (1.00: full time).
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, default=Decimal("1.00"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(is_active=True),
                name="membership_unique_role",
                violation_error_message=_("The user already has this role in this organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_active=True, ended_on__isnull=True)
                | models.Q(is_active=False, ended_on__gte=models.F("started_on")),
                name="membership_span",
                violation_error_message=_(
                    "A role that has ended has the day it ended, not before the day it began."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gt=0, fte__lte=Decimal("1.50")),
                name="membership_fte_range",
                violation_error_message=_("The FTE is above 0 and at most 1.5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


class RoleGrant(models.Model):
    """A role given to a staff member in an organisation: proposed by one person and, for a
    role that opens personal records or the administration, approved by another before it
    takes effect (``globa.accounts.services``). Kept after the decision, as the record of
    who gave whom access."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("staff member")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    reason = models.TextField(_("why"), blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    requested_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="role_grant_not_to_oneself",
                violation_error_message=_("Nobody gives a role to themselves."),
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | (
                    ~models.Q(decided_by=models.F("user"))
                    & (
                        ~models.Q(decided_by=models.F("requested_by"))
                        | models.Q(status="approved", decided_at=models.F("requested_at"))
                    )
                ),
                name="role_grant_four_eyes",
                violation_error_message=_(
                    "A role is approved by someone other than the person who proposed it "
                    "and the person who receives it."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(status="pending"),
                name="role_grant_one_pending",
                violation_error_message=_("This role is already waiting for approval."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"

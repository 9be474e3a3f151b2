"""Giving and ending staff roles: acts recorded in Globa's own pages, never in the Django
administration, and never by anyone for themselves.

A role that opens personal records (a centre's registry or its cases) or the
administration takes effect only when a second person approves it: another administrator,
or a manager of the organisation. A role that shows aggregates only (municipality officer,
national monitor) takes effect when an administrator gives it. Every step is a row of
``RoleGrant`` and goes through the audit trail like any other change; superuser status is
given only from the command line (``globa createsuperuser``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import Membership, Role, RoleGrant, User, default_position
from globa.accounts.selectors import (
    CASE_ROLES,
    REGISTRY_ROLES,
    require_change,
    require_page,
    scope_for,
)
from globa.core.saving import saving
from globa.lib import clock
from globa.organisations.models import Organisation

Kind = Organisation.Kind

# Which roles an organisation of each kind has (a policy, kept in one place).
ROLE_KINDS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset({Kind.CARE_CENTRE}),
    Role.SPECIALIST: frozenset(
        {Kind.CARE_CENTRE, Kind.PROVIDER, Kind.COMMUNITY_HOME, Kind.FAMILY_HOME}
    ),
    Role.CASE_MANAGER: frozenset({Kind.CARE_CENTRE, Kind.PROVIDER}),
    Role.CENTRE_MANAGER: frozenset({Kind.CARE_CENTRE, Kind.PROVIDER}),
    Role.MUNICIPALITY_OFFICER: frozenset({Kind.MUNICIPALITY}),
    Role.NATIONAL_MONITOR: frozenset({Kind.NATIONAL_AUTHORITY}),
    Role.ADMINISTRATOR: frozenset({Kind.NATIONAL_AUTHORITY}),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {Kind.CARE_CENTRE, Kind.PROVIDER, Kind.MUNICIPALITY, Kind.NATIONAL_AUTHORITY}
    ),
}
# Roles that open personal records or the administration: a second person approves them.
APPROVED_ROLES = REGISTRY_ROLES | CASE_ROLES | {Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}

# What administrators may do in the Django administration: reference data and the
# organisations; accounts only as far as names, e-mail and the active flag (the roles are
# given in Globa's own pages).
ADMINISTRATION_GROUP = "Sistemos administratoriai"
ADMINISTRATION_PERMISSIONS = (
    ("organisations", ("organisation", "county")),
    ("accounts", ("user",)),
    ("registry", ("capacityrule", "legalrule")),
    ("support", ("service", "serviceprovision", "contactrule")),
    ("cases", ("stagedeadline",)),
    ("carers", ("stagenorm",)),
    ("oncall", ("matchweight",)),
    ("training", ("programme", "topic")),
    ("retention", ("retentionrule",)),
)

NOT_FOR_THIS_ORGANISATION = gettext_lazy("This role does not exist in this kind of organisation.")


def is_administrator(user: User) -> bool:
    return scope_for(user).has_role(Role.ADMINISTRATOR)


def may_propose(by: User, organisation: Organisation, role: str) -> bool:
    """Administrators propose any role; a centre manager the staff roles of their centre."""
    if is_administrator(by):
        return True
    return scope_for(by).manages(organisation.pk) and role in REGISTRY_ROLES | CASE_ROLES | {
        Role.DATA_PROTECTION_OFFICER
    }


def may_decide(by: User, grant: RoleGrant) -> bool:
    """Another administrator, or a manager of the organisation — never the person who
    proposed the role nor the one who would receive it."""
    if by.pk in (grant.requested_by_id, grant.user_id):
        return False
    return is_administrator(by) or scope_for(by).manages(grant.organisation_id)


def role_propose(
    *, by: User, user: User, organisation: Organisation, role: str, reason: str = ""
) -> RoleGrant:
    """Propose the role; it takes effect now if it opens no personal records, else when
    someone else approves it."""
    require_page(is_administrator(by) or bool(scope_for(by).managed_centre_ids))
    require_change(may_propose(by, organisation, role))
    errors: dict[str, str] = {}
    if user.pk == by.pk:
        errors["user"] = _("Nobody gives a role to themselves. Ask another administrator.")
    if organisation.kind not in ROLE_KINDS.get(role, frozenset()):
        errors["role"] = str(NOT_FOR_THIS_ORGANISATION)
    if Membership.objects.filter(
        user=user, organisation=organisation, role=role, is_active=True
    ).exists():
        errors["role"] = _("The person already has this role in this organisation.")
    if not user.is_active:
        errors["user"] = _("The account is closed; open it in the administration first.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with saving():
        grant = RoleGrant.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            reason=reason.strip(),
            requested_by=by,
            requested_at=now,
        )
        if role not in APPROVED_ROLES:
            grant.status, grant.decided_by, grant.decided_at = RoleGrant.Status.APPROVED, by, now
            grant.save(update_fields=["status", "decided_by", "decided_at"])
            _give(grant)
    return grant


def role_decide(*, by: User, grant: RoleGrant, approve: bool, note: str = "") -> RoleGrant:
    """Approve the proposed role (it takes effect now) or decline it."""
    require_change(may_decide(by, grant))
    if grant.status != RoleGrant.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    with saving():
        # Of two people deciding at once, the first wins.
        decided = RoleGrant.objects.filter(pk=grant.pk, status=RoleGrant.Status.PENDING).update(
            status=RoleGrant.Status.APPROVED if approve else RoleGrant.Status.DECLINED,
            decided_by=by,
            decided_at=clock.now(),
            decision_note=note.strip(),
        )
        if not decided:
            raise ValidationError(_("This proposal has already been decided."))
        grant.refresh_from_db()
        if approve:
            _give(grant)
    return grant


def role_end(*, by: User, membership: Membership) -> Membership:
    """End a role now: an administrator, or a manager of the organisation. Ending access
    needs no second person."""
    scope = scope_for(by)
    require_change(is_administrator(by) or scope.manages(membership.organisation_id))
    if not membership.is_active:
        raise ValidationError(_("This role has already ended."))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).end()
        membership.refresh_from_db()
        _sync_staff_flag(membership.user)
    return membership


def _give(grant: RoleGrant) -> None:
    """The role from today; given again after it ended, a new span with the position and FTE
    it had."""
    held = (
        Membership.objects.filter(user=grant.user, organisation=grant.organisation, role=grant.role)
        .order_by("-is_active", "-started_on", "-pk")
        .first()
    )
    if held is None or not held.is_active:
        Membership.objects.create(
            user=grant.user,
            organisation=grant.organisation,
            role=grant.role,
            started_on=clock.today(),
            position=held.position if held else default_position(grant.role),
            fte=held.fte if held else Decimal("1.00"),
        )
    _sync_staff_flag(grant.user)


def _sync_staff_flag(user: User) -> None:
    """The administration opens to active administrators only, with the administrators'
    permissions."""
    administrator = Membership.objects.filter(
        user=user, role=Role.ADMINISTRATOR, is_active=True
    ).exists()
    group = administration_group()
    if administrator:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_staff != administrator:
        user.is_staff = administrator
        user.save(update_fields=["is_staff"])


def administration_group() -> Group:
    """The administrators' group and its permissions (made or corrected on use)."""
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION_GROUP)
    wanted = Permission.objects.none()
    for app_label, models in ADMINISTRATION_PERMISSIONS:
        wanted = wanted | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    # Accounts are closed (not active), never deleted: the audit trail names them.
    wanted = wanted.exclude(codename="delete_user")
    group.permissions.set(wanted)
    return group


def membership_position_set(
    *,
    by: User,
    membership: Membership,
    position: str,
    fte: Decimal,
    started_on: dt.date | None = None,
) -> Membership:
    """Record a staff member's position, FTE and the day they began in the organisation (for
    staff who worked there before the system): an administrator, or a manager of the
    organisation."""
    require_change(is_administrator(by) or scope_for(by).manages(membership.organisation_id))
    if not Decimal(0) < fte <= Decimal("1.5"):
        raise ValidationError({"fte": _("The FTE is above 0 and at most 1.5.")})
    started_on = started_on or membership.started_on
    if started_on > clock.today():
        raise ValidationError({"started_on": _("The day the role began cannot be in the future.")})
    if membership.ended_on is not None and started_on > membership.ended_on:
        raise ValidationError(
            {"started_on": _("The day the role began cannot be after the day it ended.")}
        )
    with saving():
        membership.position = position
        membership.fte = fte
        membership.started_on = started_on
        membership.save(update_fields=["position", "fte", "started_on"])
    return membership

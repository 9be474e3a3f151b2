"""Who a user is in Globa: memberships, roles and what they may do in each organisation.

``Scope`` is the one vocabulary of permissions that depend on a role alone: every access
function, service, selector and view asks it (``scope.manages(centre)``,
``scope.writes_registry(centre)``…) instead of looking at roles itself. Permissions that
depend on a record as well (the household a coordinator coordinates, the case a case
manager runs) are the access functions of the app that owns the record, built on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Membership, Role, RoleGrant, User
from globa.lib.collation import lt
from globa.organisations.models import Organisation

# Roles that work with the personal records of their centre.
REGISTRY_ROLES = frozenset({Role.COORDINATOR, Role.SPECIALIST, Role.CENTRE_MANAGER})
# Roles that may change registry records (coordinators only within their caseload).
REGISTRY_WRITE_ROLES = frozenset({Role.COORDINATOR, Role.CENTRE_MANAGER})
# Roles that record services for every record of their centre and run all its groups.
RECORDING_ROLES = frozenset({Role.CENTRE_MANAGER, Role.SPECIALIST})
# Roles that work with the early-intervention cases of their organisation.
CASE_ROLES = frozenset({Role.CASE_MANAGER, Role.CENTRE_MANAGER})

# The two refusals a person can meet, said truthfully (shown by the 403 page).
PAGE_NOT_FOR_ROLE = _("Your role does not give access to this page.")
READ_ONLY = _("You can see this record, but your role does not allow this change.")


class NotForYourRole(PermissionDenied):
    """The page or action is not part of any of the user's roles."""

    def __init__(self) -> None:
        super().__init__(PAGE_NOT_FOR_ROLE)


class ReadOnly(PermissionDenied):
    """The user may see the record but not make this change."""

    def __init__(self) -> None:
        super().__init__(READ_ONLY)


def require_page(allowed: bool) -> None:
    """403 "not for your role" unless ``allowed``: for pages and actions as a whole."""
    if not allowed:
        raise NotForYourRole


def require_change(allowed: bool) -> None:
    """403 "read only" unless ``allowed``: for a change to a record the user can see."""
    if not allowed:
        raise ReadOnly


@dataclass(frozen=True)
class Scope:
    """What one user may do, computed once per request from their memberships."""

    user_id: int | None
    roles_by_org: dict[int, frozenset[str]] = field(default_factory=dict)
    primary_org_id: int | None = None

    # Organisations, by what the user does there -------------------------------------------

    @property
    def registry_org_ids(self) -> frozenset[int]:
        """Where the user works with the personal records (registry, services, groups)."""
        return self.org_ids_with(*REGISTRY_ROLES)

    @property
    def case_org_ids(self) -> frozenset[int]:
        """Where the user works with early-intervention cases."""
        return self.org_ids_with(*CASE_ROLES)

    @property
    def managed_centre_ids(self) -> frozenset[int]:
        """Where the user is a centre manager."""
        return self.org_ids_with(Role.CENTRE_MANAGER)

    @property
    def registry_writer_org_ids(self) -> frozenset[int]:
        """Where the user may change registry and pipeline records (some of them)."""
        return self.org_ids_with(*REGISTRY_WRITE_ROLES)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for roles in self.roles_by_org.values() for role in roles)

    def has_role(self, role: str, org_id: int | None = None) -> bool:
        if org_id is None:
            return role in self.roles
        return role in self.roles_by_org.get(org_id, frozenset())

    def org_ids_with(self, *roles: str) -> frozenset[int]:
        wanted = set(roles)
        return frozenset(org for org, have in self.roles_by_org.items() if have & wanted)

    # Predicates for one organisation ------------------------------------------------------

    def works_with_registry(self, org_id: int) -> bool:
        """Sees the organisation's personal records; records services for someone not in the
        registry and starts groups there."""
        return org_id in self.registry_org_ids

    def writes_registry(self, org_id: int) -> bool:
        """Changes registry and pipeline records there (a coordinator only their caseload's)."""
        return org_id in self.registry_writer_org_ids

    def manages(self, org_id: int) -> bool:
        """Is a centre manager there: everything of the centre."""
        return org_id in self.managed_centre_ids

    def coordinates_in(self, org_id: int) -> bool:
        """Is a coordinator there (which households, the household's own records say)."""
        return self.has_role(Role.COORDINATOR, org_id)

    def records_for_all(self, org_id: int) -> bool:
        """Records services for every record there and runs every group (managers and
        specialists)."""
        return bool(self.roles_by_org.get(org_id, frozenset()) & RECORDING_ROLES)

    def is_specialist(self, org_id: int) -> bool:
        return self.has_role(Role.SPECIALIST, org_id)

    def protects_data(self, org_id: int) -> bool:
        """Is the organisation's data protection officer: retention, legal holds, a person's
        data on request."""
        return self.has_role(Role.DATA_PROTECTION_OFFICER, org_id)

    @property
    def data_protection_org_ids(self) -> frozenset[int]:
        return self.org_ids_with(Role.DATA_PROTECTION_OFFICER)

    def works_with_cases(self, org_id: int) -> bool:
        """Sees the organisation's early-intervention cases and opens new ones."""
        return org_id in self.case_org_ids


NO_SCOPE = Scope(user_id=None)


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, read from active memberships once and kept on the user object."""
    if not user.is_authenticated:
        return NO_SCOPE
    cached: Scope | None = getattr(user, "_globa_scope", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    primary: int | None = None
    rows = Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
    for org_id, role in rows.order_by("id").values_list("organisation_id", "role"):
        roles.setdefault(org_id, set()).add(role)
        primary = primary or org_id
    scope = Scope(
        user_id=user.pk,
        roles_by_org={org: frozenset(r) for org, r in roles.items()},
        primary_org_id=primary,
    )
    user._globa_scope = scope  # type: ignore[attr-defined]
    return scope


def managed_centres(user: User) -> QuerySet[Organisation]:
    """The care centres the user manages, by name."""
    return Organisation.objects.filter(
        id__in=scope_for(user).managed_centre_ids, kind=Organisation.Kind.CARE_CENTRE
    ).order_by(*lt("name"))


def registry_writer_centres(user: User) -> QuerySet[Organisation]:
    """The organisations where the user may register children (coordinators and managers)."""
    return Organisation.objects.filter(id__in=scope_for(user).registry_writer_org_ids).order_by(
        *lt("name")
    )


def administered_organisation_ids(user: User) -> frozenset[int] | None:
    """Whose staff the user looks after: every organisation's for an administrator (None),
    their centres' for a centre manager."""
    scope = scope_for(user)
    if scope.has_role(Role.ADMINISTRATOR):
        return None
    return scope.managed_centre_ids


def staff_memberships(
    user: User, organisation_id: int | None = None, *, ended: bool = False
) -> QuerySet[Membership]:
    """The roles of the staff the user looks after (of one organisation when given): those
    held now, or those ended, the latest first."""
    rows = Membership.objects.select_related("user", "organisation").filter(is_active=not ended)
    if ended:
        rows = rows.order_by("-ended_on", "-pk")
    mine = administered_organisation_ids(user)
    if mine is not None:
        rows = rows.filter(organisation_id__in=mine)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    if ended:
        return rows
    return rows.order_by(*lt("organisation__name", "user__last_name", "user__first_name"), "role")


def role_grants(user: User, *, pending: bool) -> QuerySet[RoleGrant]:
    """Proposed roles the user looks after: those waiting, or the latest decided."""
    rows = RoleGrant.objects.select_related("user", "organisation", "requested_by", "decided_by")
    mine = administered_organisation_ids(user)
    if mine is not None:
        rows = rows.filter(organisation_id__in=mine)
    if pending:
        return rows.filter(status=RoleGrant.Status.PENDING).order_by("requested_at")
    return rows.exclude(status=RoleGrant.Status.PENDING).order_by("-decided_at")


def staff_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose staff the user looks after, by name."""
    mine = administered_organisation_ids(user)
    rows = Organisation.objects.filter(is_active=True)
    return (rows if mine is None else rows.filter(pk__in=mine)).order_by(*lt("name"))


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by(*lt("last_name", "first_name", "username"))

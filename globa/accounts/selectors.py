"""Who a user is in Globa: memberships, roles and the organisations whose records they see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from globa.accounts.models import Membership, Role, User

# Roles that work with the personal records of their centre.
REGISTRY_ROLES = frozenset({Role.COORDINATOR, Role.SPECIALIST, Role.CENTRE_MANAGER})
# Roles that may change registry records (coordinators only within their caseload).
REGISTRY_WRITE_ROLES = frozenset({Role.COORDINATOR, Role.CENTRE_MANAGER})
# Roles that work with the early-intervention cases of their organisation.
CASE_ROLES = frozenset({Role.CASE_MANAGER, Role.CENTRE_MANAGER})


@dataclass(frozen=True)
class Scope:
    """What one user may do, computed once per request from their memberships."""

    user_id: int | None
    roles_by_org: dict[int, frozenset[str]] = field(default_factory=dict)
    primary_org_id: int | None = None

    @property
    def registry_org_ids(self) -> frozenset[int]:
        return frozenset(org for org, roles in self.roles_by_org.items() if roles & REGISTRY_ROLES)

    @property
    def case_org_ids(self) -> frozenset[int]:
        return frozenset(org for org, roles in self.roles_by_org.items() if roles & CASE_ROLES)

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

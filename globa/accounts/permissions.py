"""Access to the staff pages: administrators look after every organisation's staff, centre
managers after their centre's; anyone else gets 403, and a role or proposal outside the
user's organisations does not exist for them (404)."""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts import services
from globa.accounts.models import Membership, RoleGrant, User
from globa.accounts.selectors import require_change, require_page, role_grants, scope_for
from globa.accounts.selectors import staff_memberships as _staff_memberships
from globa.core.views import uuid_or_404


def access_staff(user: User) -> None:
    """The staff pages: for administrators and centre managers."""
    require_page(services.is_administrator(user) or bool(scope_for(user).managed_centre_ids))


def access_grant(user: User, grant_id: str | uuid.UUID) -> RoleGrant:
    """A proposed role the user may decide (404 outside their organisations, 403 for the
    person who proposed it or would receive it)."""
    access_staff(user)
    grant = role_grants(user, pending=True).filter(pk=uuid_or_404(grant_id)).first()
    if grant is None:
        raise Http404
    require_change(services.may_decide(user, grant))
    return grant


def access_membership(user: User, membership_id: int | str) -> Membership:
    """A role, held now or ended, of someone the user looks after: to end it or to record
    its position and span."""
    access_staff(user)
    text = str(membership_id)
    if not (text.isascii() and text.isdigit()):
        raise Http404
    membership = (
        _staff_memberships(user).filter(pk=int(text)).first()
        or _staff_memberships(user, ended=True).filter(pk=int(text)).first()
    )
    if membership is None:
        raise Http404
    return membership

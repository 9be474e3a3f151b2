"""Registering API clients, issuing and revoking their tokens.

An administrator registers a client for an organisation with a role there; the role is
proposed through the staff pages (``accounts.services.role_propose``) and, like any role
that opens personal records, takes effect only when a second person approves it. Until
then the client's token works but sees nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import require_change, require_page
from globa.accounts.services import ROLE_KINDS, is_administrator, role_propose
from globa.api.models import ApiClient, ApiToken
from globa.api.selectors import TOKEN_START, key_hash
from globa.core.saving import saving
from globa.lib import clock
from globa.organisations.models import Organisation

# The roles a client may act with, and what each means for it.
CLIENT_ROLES = {
    Role.CENTRE_MANAGER: gettext_lazy("reads and changes every record of the centre"),
    Role.SPECIALIST: gettext_lazy("reads the centre's records and records services"),
    Role.CASE_MANAGER: gettext_lazy("works with the organisation's early-intervention cases"),
}
LONGEST_TOKEN_DAYS = 365
# How often, at most, a token's last use is written down.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _check_days(days: int, errors: dict[str, str]) -> None:
    if not 1 <= days <= LONGEST_TOKEN_DAYS:
        errors["expires_in_days"] = _("A token lasts from 1 to %(days)d days.") % {
            "days": LONGEST_TOKEN_DAYS
        }


def _issue(client: ApiClient, by: User, days: int) -> str:
    key = TOKEN_START + secrets.token_urlsafe(30)
    now = clock.now()
    ApiToken.objects.create(
        client=client,
        prefix=key[:12],
        key_hash=key_hash(key),
        created_by=by,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return key


def client_register(
    *,
    by: User,
    organisation: Organisation,
    name: str,
    role: str,
    scopes: Iterable[str],
    known_scopes: Iterable[str],
    rate_per_minute: int = 120,
    expires_in_days: int = 90,
) -> tuple[ApiClient, str]:
    """Register a client with its first token (returned once, never kept) and propose its
    role for a second person to approve."""
    require_page(is_administrator(by))
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Name the client (the system that will call).")
    if role not in CLIENT_ROLES:
        errors["role"] = _("Choose the role the client acts with.")
    elif organisation.kind not in ROLE_KINDS.get(role, frozenset()):
        errors["role"] = _("This role does not exist in this kind of organisation.")
    chosen = sorted(set(scopes))
    unknown = set(chosen) - set(known_scopes)
    if unknown or not chosen:
        errors["scopes"] = _("Choose what the client may read or change.")
    _check_days(expires_in_days, errors)
    if errors:
        raise ValidationError(errors)
    with saving():
        user = User(
            username=f"api-{uuid.uuid4().hex[:12]}",
            first_name="API",
            last_name=name[:150],
        )
        user.set_unusable_password()
        user.save()
        client = ApiClient.objects.create(
            organisation=organisation,
            name=name,
            user=user,
            role=role,
            scopes=chosen,
            rate_per_minute=rate_per_minute,
            created_by=by,
            created_at=clock.now(),
        )
        role_propose(
            by=by,
            user=user,
            organisation=organisation,
            role=role,
            reason=_("API client “%(name)s”") % {"name": name},
        )
        key = _issue(client, by, expires_in_days)
    return client, key


def token_issue(*, by: User, client: ApiClient, expires_in_days: int = 90) -> str:
    """A new token for the client (returned once); earlier ones keep working until they
    expire or are revoked, so a system can change its token without a pause."""
    require_change(is_administrator(by))
    errors: dict[str, str] = {}
    if client.revoked_at is not None:
        errors["client"] = _("The client is revoked.")
    _check_days(expires_in_days, errors)
    if errors:
        raise ValidationError(errors)
    with saving():
        return _issue(client, by, expires_in_days)


def token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    require_change(is_administrator(by))
    if token.revoked_at is not None:
        raise ValidationError(_("The token is already revoked."))
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    return token


def client_revoke(*, by: User, client: ApiClient) -> ApiClient:
    """Stop the client for good: its tokens are revoked, its role ends, its account closes."""
    require_change(is_administrator(by))
    if client.revoked_at is not None:
        raise ValidationError(_("The client is already revoked."))
    now = clock.now()
    with saving():
        client.revoked_at, client.revoked_by = now, by
        client.save(update_fields=["revoked_at", "revoked_by"])
        client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
        Membership.objects.filter(user=client.user).end()
        User.objects.filter(pk=client.user_id).update(is_active=False)
    return client


def token_used(token: ApiToken) -> None:
    """Note when the token was last used, at most once a minute."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

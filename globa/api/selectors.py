"""Reading API clients and their tokens."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from globa.accounts.models import User
from globa.accounts.services import is_administrator
from globa.api.models import ApiClient, ApiToken
from globa.lib import clock

TOKEN_START = "globa_"  # noqa: S105 (how every token begins, not a secret)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_for(key: str) -> ApiToken | None:
    """The token the key is, if it is current: not expired, not revoked, its client not
    revoked and its account active. Read before any row-level security scope exists."""
    if not key.startswith(TOKEN_START) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("client", "client__user")
        .filter(key_hash=key_hash(key))
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.revoked_at is not None or token.expires_at <= now:
        return None
    if token.client.revoked_at is not None or not token.client.user.is_active:
        return None
    return token


def clients_for(user: User) -> QuerySet[ApiClient]:
    """Every client, for an administrator; none for anyone else."""
    if not is_administrator(user):
        return ApiClient.objects.none()
    return ApiClient.objects.select_related("organisation", "created_by").order_by(
        "organisation__name", "name"
    )


def tokens_of(client: ApiClient) -> list[ApiToken]:
    return list(client.tokens.select_related("created_by").order_by("-created_at"))

"""Access to the API clients' pages: administrators only (403 for anyone else); a client or
token that does not exist is 404."""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_page
from globa.accounts.services import is_administrator
from globa.api.models import ApiClient, ApiToken
from globa.api.selectors import clients_for
from globa.core.views import uuid_or_404


def access_clients(user: User) -> None:
    """The API clients' pages: for administrators."""
    require_page(is_administrator(user))


def access_client(user: User, client_id: str | uuid.UUID) -> ApiClient:
    access_clients(user)
    client = clients_for(user).filter(pk=uuid_or_404(client_id)).first()
    if client is None:
        raise Http404
    return client


def access_token(user: User, client: ApiClient, token_id: str | uuid.UUID) -> ApiToken:
    token = client.tokens.filter(pk=uuid_or_404(token_id)).first()
    if token is None:
        raise Http404
    return token

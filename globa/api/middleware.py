"""An API client's token makes the request its account's, before the request's row-level
security context is set (``accounts.middleware.DatabaseScopeMiddleware`` comes after this):
a client's call runs in the one transaction, with the scope of the role it was given, like a
staff member's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from globa.api import selectors, services
from globa.core.middleware import API_PATH


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if request.path.startswith(API_PATH) and header[:7].lower() == "bearer ":
            token = selectors.token_for(header[7:].strip())
            if token is None:
                request.user = AnonymousUser()
                request.globa_api_refused = True  # type: ignore[attr-defined]
            else:
                request.user = token.client.user
                request.globa_api_client = token.client  # type: ignore[attr-defined]
                services.token_used(token)
        return self.get_response(request)

"""How the API knows who calls: an API client's token (read by ``ApiTokenMiddleware``), or
a staff member's own session (with Django's CSRF check, for the pages' scripts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request


class ClientTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        raw = request._request
        if getattr(raw, "globa_api_refused", False):
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it is unknown, expired or revoked.")
            )
        client = getattr(raw, "globa_api_client", None)
        if client is None:
            return None
        return (raw.user, client)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

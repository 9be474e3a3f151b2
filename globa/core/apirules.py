"""The JSON API's policies, named in the settings (``REST_FRAMEWORK``): one error format in
the caller's language, the scopes an API client must hold, paging.
Kept apart from ``globa.core.api`` (the views' base), which Django REST framework's settings
could not import while it loads its own views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, pagination, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response

from globa.core.saving import ConcurrentEditError

NON_FIELD = "non_field_errors"
MISSING_SCOPE = gettext_lazy("This API client may not %(action)s %(resource)s.")


# The error format -------------------------------------------------------------------------


def _field_errors(detail: Any) -> dict[str, list[str]]:
    """A serializer's or a service's errors as {field: [messages]}, nested fields joined by
    dots, errors of the whole record under ``non_field_errors``."""
    found: dict[str, list[str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                name = NON_FIELD if key in (NON_FIELD_ERRORS, NON_FIELD) else str(key)
                walk(inner, f"{path}.{name}" if path and name != NON_FIELD else name)
        elif isinstance(value, list | tuple):
            for index, inner in enumerate(value):
                if isinstance(inner, Mapping | list | tuple):
                    walk(inner, f"{path}.{index}")
                else:
                    walk(inner, path)
        else:
            found.setdefault(path or NON_FIELD, []).append(str(value))

    walk(detail, "")
    return found


def problem(
    status_code: int, detail: str, errors: dict[str, list[str]] | None = None, **extra: Any
) -> Response:
    """The one shape of every error the API answers."""
    body: dict[str, Any] = {"status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=extra.get("headers"))


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """Every refusal as ``{"status", "detail", "errors"}``, in the caller's language; the
    services' ``ValidationError`` on their fields, a stale version as 409."""
    if isinstance(exc, ConcurrentEditError):
        return problem(status.HTTP_409_CONFLICT, " ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        errors = _field_errors(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return problem(status.HTTP_400_BAD_REQUEST, _("The request was not valid."), errors)
    if isinstance(exc, Http404):
        return problem(status.HTTP_404_NOT_FOUND, _("Not found."))
    if isinstance(exc, PermissionDenied):
        return problem(status.HTTP_403_FORBIDDEN, str(exc) or _("Not allowed."))
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST, _("The request was not valid."), _field_errors(exc.detail)
        )
    if isinstance(exc, exceptions.APIException):
        headers = {}
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            headers["Retry-After"] = str(int(wait) + 1)
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
            exc.status_code = status.HTTP_401_UNAUTHORIZED
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(exc.status_code, str(detail), headers=headers)
    return None


# Who may call ----------------------------------------------------------------------------


def client_of(request: Request) -> Any:
    """The API client calling, or None for a staff member's own session."""
    return getattr(request._request, "globa_api_client", None)


class ClientScopes(permissions.BasePermission):
    """A signed-in staff member uses the API as their pages; an API client also needs the
    scope of the resource: ``<resource>:read`` to read it, ``<resource>:write`` to change it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated
        client = client_of(request)
        resource = getattr(view, "resource", "")
        if client is None or not resource:
            return True
        write = request.method not in permissions.SAFE_METHODS
        if f"{resource}:{'write' if write else 'read'}" not in client.scopes:
            action = _("change") if write else _("read")
            raise exceptions.PermissionDenied(
                str(MISSING_SCOPE)
                % {"action": action, "resource": getattr(view, "resource_label", "") or resource}
            )
        return True


# Paging ----------------------------------------------------------------------------------


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

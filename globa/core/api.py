"""What every app's JSON API (``globa/<app>/api.py``) is built on: the base of its views,
the language of its messages (Accept-Language), conditional requests (ETag) and optimistic
locking. The error format, the client's scopes and paging are in ``globa.core.apirules``,
the rate limit per client in ``globa.api.throttling``.

The API is a door like the pages: its views obtain records through the same access
functions, change them through the same services, and run in the request's one transaction
with the row-level security context of whoever calls (a staff member's session, or the
account an API client acts as, set by ``globa.api.middleware``). Nothing here touches a
model of its own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

STALE_VERSION = gettext_lazy(
    "Someone else saved this record since you read it (it is now at version %(version)s). "
    "Nothing was saved: read it again and send your change with the new version."
)
NEEDS_VERSION = gettext_lazy(
    "Say which version of the record you change: send If-Match with the ETag you read, or "
    "the field version."
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"


# Versions: conditional requests and optimistic locking ------------------------------------


def etag_of(obj: Model) -> str:
    """The record's entity tag: its version, which every change raises."""
    return f'"{obj.pk}-{getattr(obj, "version", 0)}"'


def _tags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def version_to_change(request: Request, obj: Model) -> int:
    """The version the caller read: from If-Match (412 when it is no longer current) or the
    body's ``version`` (a stale one is refused by the service, 409); 428 with neither."""
    current = int(getattr(obj, "version", 0))
    if_match = request.headers.get("If-Match", "")
    if if_match:
        if "*" not in _tags(if_match) and etag_of(obj) not in _tags(if_match):
            raise PreconditionFailed(str(STALE_VERSION) % {"version": current})
        return current
    value = request.data.get("version") if hasattr(request.data, "get") else None
    if value in (None, ""):
        raise PreconditionRequired(str(NEEDS_VERSION))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [_("Enter a whole number.")]}) from None


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version read; a stale one is refused with 412.",
)


# The base of every app's API views --------------------------------------------------------


def language_of(request: Request) -> str:
    """The caller's language from Accept-Language (a system has no language switch), else
    Lithuanian."""
    supported = {code for code, _name in settings.LANGUAGES}
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


class RecordViewSet(GenericViewSet):  # type: ignore[type-arg]
    """Base of the API's views. ``resource`` names the scope an API client needs;
    ``resource_label`` says it to the administrator who registers the client."""

    resource = ""
    resource_label: Any = ""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers.setdefault("Content-Language", translation.get_language())
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    @property
    def user(self) -> Any:
        return self.request.user

    def record_response(self, obj: Model, data: Any, status_code: int = 200) -> Response:
        """A record with its ETag; 304 when the caller already has this version."""
        tag = etag_of(obj)
        if status_code == 200 and tag in _tags(self.request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(data, status=status_code, headers={"ETag": tag})

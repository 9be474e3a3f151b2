"""Small pieces every app's views use."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest

from globa.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user (views are behind ``login_required``)."""
    user = request.user
    assert isinstance(user, User)
    return user


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants only a fragment."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted


def apply_errors(
    form: BaseForm, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """Show a service's errors next to their fields, or above the form. ``fields`` names the
    form field of a service's key where the two differ."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = (fields or {}).get(key, key)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def uuid_or_404(value: str | uuid.UUID) -> uuid.UUID:
    """The id from a URL, or 404 when it is not one (the record does not exist)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None

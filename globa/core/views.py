"""Small pieces every app's views use."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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


@dataclass(frozen=True)
class FormPage:
    """What a form on a page of its own says around the form."""

    title: str
    back_url: str
    back_label: str
    subtitle: str = ""
    done: str = ""  # the message once saved


def form_page(
    request: HttpRequest,
    form: BaseForm,
    page: FormPage,
    save: Callable[[dict[str, Any]], object],
    *,
    fields: dict[str, str] | None = None,
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """A form on a page of its own (``form_page.html``): a valid POST is saved by ``save``
    (a service); its refusals are shown next to their fields or above the form, nothing
    saved; once saved, the ``done`` message and back to the page the form came from, or to
    ``then(saved)``."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, fields)
        else:
            if page.done:
                messages.success(request, page.done)
            return redirect(then(saved) if then else page.back_url)
    return render(request, "form_page.html", {"form": form, "page": page})

"""Small pieces every app's views use."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from globa.core import submissions

if TYPE_CHECKING:  # the accounts app builds on core; core only names its user type
    from globa.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user (views are behind ``login_required``)."""
    user = request.user
    assert user.is_authenticated
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
    # A template shown above the form (a search that fills one of its fields), with ``extra``.
    above: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


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
    ``then(saved)``. A creating form (with a ``submission`` key) is saved once, however
    often it is sent (``globa.core.submissions``)."""
    if request.method == "POST" and form.is_valid():
        try:
            url, first = save_once(
                request, form, save, lambda saved: then(saved) if then else page.back_url
            )
        except ValidationError as error:
            apply_errors(form, error, fields)
        else:
            if first and page.done:
                messages.success(request, page.done)
            return redirect(url or page.back_url)
    return render(request, "form_page.html", {"form": form, "page": page})


def save_once(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    url_of: Callable[[Any], str],
) -> tuple[str, bool]:
    """Save a valid form through ``save`` once, however often it is sent: returns where to
    go next and whether this send saved (False: the form was saved by an earlier send, whose
    page it returns, "" when unknown). A refusal (``ValidationError``) saves nothing."""
    with transaction.atomic():
        earlier = submissions.claim(request, form)
        if earlier is None:
            url = url_of(save(submissions.data_of(form)))
            submissions.remember(request, form, url)
            return url, True
    messages.info(request, submissions.ALREADY_SAVED)
    return earlier, False

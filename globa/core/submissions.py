"""Creating forms are saved once, however often they are sent.

Each creating form carries a key made when the form is shown (``OnceField``). Saving
claims the key in the same transaction as the record it creates: a repeated send — a
double click, Back and send again, two tabs — finds the key claimed and goes where the
first send went. Two sends at the same moment are ordered by the key's unique index: the
second waits for the first to commit and then finds its result. A send refused with a
message claims nothing (the claim rolls back with the rest), so the corrected form saves.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db import connection
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from globa.core.models import Submission
from globa.lib import clock

FIELD = "submission"
ALREADY_SAVED = _("This form was already sent and saved; here is what it saved.")


class OnceField(forms.UUIDField):
    """The hidden key of a creating form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)


def _key(form: BaseForm) -> uuid.UUID | None:
    value = form.cleaned_data.get(FIELD) if hasattr(form, "cleaned_data") else None
    return value if isinstance(value, uuid.UUID) else None


def data_of(form: BaseForm) -> dict[str, Any]:
    """The form's cleaned data without its key: what the service is given."""
    return {name: value for name, value in form.cleaned_data.items() if name != FIELD}


def claim(request: HttpRequest, form: BaseForm) -> str | None:
    """Claim the form's key for this send; ``None`` when this is the first send (go on and
    save), else where the first send led ("" when it is not known). Call it inside the
    transaction that saves."""
    key = _key(form)
    if key is None or not request.user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_submission (key, user_id, created_at, result_url) "
            "VALUES (%s, %s, %s, '') ON CONFLICT (key) DO NOTHING RETURNING key",
            [key, request.user.pk, clock.now()],
        )
        if cursor.fetchone() is not None:
            return None
    earlier = Submission.objects.filter(key=key, user_id=request.user.pk).first()
    return earlier.result_url if earlier else ""


def remember(request: HttpRequest, form: BaseForm, url: str) -> None:
    """Where this send led, for a repeated one to follow."""
    key = _key(form)
    if key is not None:
        Submission.objects.filter(key=key).update(result_url=url[:500])

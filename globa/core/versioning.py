"""Optimistic locking: a record carries a ``version``; a save based on an old one is refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.utils.translation import gettext as _


class ConcurrentEditError(ValidationError):
    """Someone else saved the record since this user read it."""


def update_versioned(model: Any, obj: Any, version: int, fields: dict[str, Any]) -> None:
    """Save only if nobody else saved the record since it was read; else refuse clearly."""
    values = {
        (f"{k}_id" if isinstance(v, Model) else k): (v.pk if isinstance(v, Model) else v)
        for k, v in fields.items()
    }
    updated = model.objects.filter(pk=obj.pk, version=version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise ConcurrentEditError(
            _(
                "Someone else saved this record while you were editing it. "
                "Your changes were not saved: reload the page to see the current version."
            )
        )
    obj.refresh_from_db()

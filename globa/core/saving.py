"""One way to save: a transaction in which a broken database rule becomes the model's own
message, and optimistic locking.

The database has the last word on the rules that must always hold (a child is never in two
placements at once, one coordinator per household…); services check them first for a clear
message, and when two people race past the check together, the constraint stops the second
one. ``saving()`` turns that violation into the constraint's ``violation_error_message`` —
defined once, on the model, translated — so the person sees the same words either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Model, UniqueConstraint
from django.utils.translation import gettext_lazy as _

from globa.lib import clock

log = logging.getLogger(__name__)

STALE = _(
    "Someone else saved this record while you were editing it. "
    "Your changes were not saved: reload the page to see the current version."
)
UNKNOWN_RULE = _(
    "Nothing was saved: the change conflicts with a record saved at the same moment. "
    "Reload the page and try again."
)


class ConcurrentEditError(ValidationError):
    """Someone else saved the record since this user read it."""


# A race between two saves breaks one of these: a unique or exclusion constraint, or a
# reference to a row deleted meanwhile. Anything else is a mistake in the code, not the
# person's: it is raised as it is.
RACES = {"23505", "23P01", "23503"}


def constraint_error(error: IntegrityError) -> ValidationError | None:
    """The message of the model constraint the database reported, on its field when the
    constraint is about one field; a general message for a race no model names; ``None``
    when the violation is not one a person can cause."""
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name != name:
                continue
            message = constraint.get_violation_error_message()
            fields: tuple[str, ...] = (
                tuple(constraint.fields) if isinstance(constraint, UniqueConstraint) else ()
            )
            field = fields[0] if len(fields) == 1 else NON_FIELD_ERRORS
            return ValidationError({field: message})
    if (
        getattr(diag, "sqlstate", None) in RACES
        or getattr(error.__cause__, "sqlstate", None) in RACES
    ):
        log.warning("integrity error without a model constraint to name it: %s", name or error)
        return ValidationError(UNKNOWN_RULE)
    return None


@contextmanager
def saving() -> Iterator[None]:
    """One transaction, all or nothing; a database rule broken on the way is raised as a
    ``ValidationError`` with the rule's own message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        refused = constraint_error(error)
        if refused is None:
            raise
        raise refused from error


def update_versioned(obj: Model, version: int, **values: Any) -> None:
    """Save ``values`` on ``obj`` only if nobody saved it since it was read at ``version``
    (else ``ConcurrentEditError``, nothing written); the object is read back afterwards."""
    model = type(obj)
    changes = {
        (f"{key}_id" if isinstance(value, Model) else key): (
            value.pk if isinstance(value, Model) else value
        )
        for key, value in values.items()
    }
    # update() skips auto_now, so the time of the change is set here.
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) and field.auto_now:
            changes[field.attname] = clock.now()
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise ConcurrentEditError(STALE)
    obj.refresh_from_db()

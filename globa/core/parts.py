"""Parts that apps higher up add to the pages of apps below them.

A page of one app sometimes shows what another app, built on it, knows: a case's page
shows the family's assessments, a child's page their service plan. The lower app cannot
import the higher one; instead the higher app adds a part here when Django loads it (its
``AppConfig.ready``), and the page shows every part added for it, each a template with its
context. A part is made for the user who opens the page, and decides itself what they may
see (it gives None when there is nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:  # core only names the user type; accounts builds on core
    from globa.accounts.models import User


@dataclass(frozen=True)
class Part:
    template: str
    context: dict[str, Any]


PagePart = Callable[["User", models.Model], Part | None]

_parts: dict[str, list[PagePart]] = {}


def add_part(page: str, part: PagePart) -> None:
    """Show a part on every page of this name (called once, from an app's ``ready``)."""
    found = _parts.setdefault(page, [])
    if part not in found:
        found.append(part)


def parts_for(page: str, user: User, record: models.Model) -> list[Part]:
    """The parts added for the page, in the order they were added, for this user and record."""
    made = (make(user, record) for make in _parts.get(page, ()))
    return [part for part in made if part is not None]


# Checks that apps higher up add to a change made lower down -------------------------------

Check = Callable[..., Any]
_checks: dict[str, list[Check]] = {}


def add_check(change: str, check: Check) -> None:
    """Ask ``check`` before the change is made; it raises ``ValidationError`` to refuse it."""
    found = _checks.setdefault(change, [])
    if check not in found:
        found.append(check)


def run_checks(change: str, **facts: Any) -> list[Any]:
    """Ask every check added for the change; each may return something the change records
    (the assessment a decision rests on), which is returned in order."""
    return [check(**facts) for check in _checks.get(change, ())]

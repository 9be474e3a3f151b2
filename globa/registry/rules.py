"""The numbers law and policy set (ages, notice periods, places), read as data.

Each is a ``LegalRule`` row with a validity period, so a change in the law is a new version
from its date, and past records keep being judged by the rule of their day. The rows are
few and change rarely: they are read once and kept for a minute in each process, so a page
that asks for a limit per child costs no query (``forget()`` after a change takes effect at
once in the process that made it; others within the minute).
"""

from __future__ import annotations

import datetime as dt
import time

from globa.registry.models import LegalRule, Limit

KEEP_SECONDS = 60
_cache: tuple[float, list[LegalRule]] | None = None


class MissingRule(LookupError):
    """No version of a rule is in force on the day: the reference data is incomplete."""


def _rows() -> list[LegalRule]:
    global _cache
    # Elapsed time on the process's own clock, not the application's date: a cache's age.
    now = time.monotonic()
    if _cache is None or now - _cache[0] > KEEP_SECONDS:
        _cache = (now, list(LegalRule.objects.order_by("key", "-valid_from")))
    return _cache[1]


def forget() -> None:
    """Read the rules again on next use (after they were changed)."""
    global _cache
    _cache = None


def limit(key: Limit, on: dt.date) -> int:
    """The value of the rule in force on the day."""
    for rule in _rows():
        if (
            rule.key == key
            and rule.valid_from <= on
            and (rule.valid_to is None or on < rule.valid_to)
        ):
            return rule.value
    raise MissingRule(f"no version of {key} is in force on {on.isoformat()}")

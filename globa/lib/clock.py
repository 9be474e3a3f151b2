"""The application's clock: every rule that counts days asks it, never the wall clock.

Contact norms, 12-month limits, turning 18, due dates and deadlines are all relative to
"today". Reading the time in one place means the whole application can be run as of any
date: the tests move the process clock with time-machine, and a development or demo server
started with ``GLOBA_AS_OF=2028-02-29`` starts on that date and ticks on from there
(production settings refuse the variable).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware."""
    moment = timezone.now()
    as_of: dt.date | None = getattr(settings, "GLOBA_AS_OF", None)
    if as_of is None:
        return moment
    return moment + _offset(as_of, moment)


def today() -> dt.date:
    """The current date in the installation's time zone."""
    return timezone.localdate(now())


_offsets: dict[dt.date, dt.timedelta] = {}


def _offset(as_of: dt.date, moment: dt.datetime) -> dt.timedelta:
    """Whole days from the real date on which the process first asked to the date it runs
    as of; fixed from then on, so that the application's days pass as real ones do."""
    if as_of not in _offsets:
        _offsets[as_of] = dt.timedelta(days=(as_of - timezone.localdate(moment)).days)
    return _offsets[as_of]

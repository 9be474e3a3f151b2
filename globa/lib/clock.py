"""The application's clock: every rule that counts days asks it, never the wall clock.

Contact norms, 12-month limits, turning 18, due dates and deadlines are all relative to
"today". Reading the time in one place means the whole application can be run as of any
date: the tests move the process clock with time-machine, and a development or demo server
started with ``GLOBA_AS_OF=2028-02-29`` starts on that date at the real time of day and ticks
on from there. ``GLOBA_AS_OF=2028-02-29T10:00`` starts it at that moment instead (in the
installation's time zone unless an offset is given): the browser tests' server starts at the
test process's own moment, so the two never disagree about the date, even when the real day
ends during the run. Production settings refuse the variable.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware."""
    moment = timezone.now()
    as_of: dt.date | dt.datetime | None = getattr(settings, "GLOBA_AS_OF", None)
    if as_of is None:
        return moment
    return moment + _offset(as_of, moment)


def today() -> dt.date:
    """The current date in the installation's time zone."""
    return timezone.localdate(now())


_offsets: dict[dt.date | dt.datetime, dt.timedelta] = {}


def _offset(as_of: dt.date | dt.datetime, moment: dt.datetime) -> dt.timedelta:
    """From the real moment at which the process first asked to the one it runs as of: whole
    days to a date, exactly to a moment. Fixed from then on, so that the application's time
    passes as real time does."""
    if as_of not in _offsets:
        if isinstance(as_of, dt.datetime):
            start = as_of if timezone.is_aware(as_of) else timezone.make_aware(as_of)
            _offsets[as_of] = start - moment
        else:
            _offsets[as_of] = dt.timedelta(days=(as_of - timezone.localdate(moment)).days)
    return _offsets[as_of]

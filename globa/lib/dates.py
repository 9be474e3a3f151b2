"""Calendar arithmetic the rules need."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext_lazy as _


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), or the month's last day when it is shorter:
    31 January plus one month is 28 or 29 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in a
    common year (someone born on 29 February turns 18 on 28 February)."""
    return add_months(day, 12 * years)


# Plausible dates: a record of something done is of the last year (older needs a second
# look at the year), and something due is due within a few years. The messages are the
# ones every form shows.
RECENT_DAYS = 366
DUE_WITHIN_YEARS = 5
# A birth date further back than this is a typing slip (records are kept to the 75th birthday).
OLDEST_RECORD_YEARS = 100

FUTURE = _("The date is in the future.")
TOO_OLD = _("The date is more than a year ago. Please check the year.")
TOO_FAR = _("The date is more than five years ahead. Please check the year.")


def done_day_problem(day: dt.date, today: dt.date) -> str | None:
    """The problem with a day something was done, if any: not ahead, not over a year ago."""
    if day > today:
        return str(FUTURE)
    if (today - day).days > RECENT_DAYS:
        return str(TOO_OLD)
    return None


def due_day_problem(day: dt.date, today: dt.date) -> str | None:
    """The problem with a day something is due, if any: from a year back to five ahead."""
    if (today - day).days > RECENT_DAYS:
        return str(TOO_OLD)
    if day > add_years(today, DUE_WITHIN_YEARS):
        return str(TOO_FAR)
    return None


def check_done_day(day: dt.date, today: dt.date, field: str, errors: dict[str, str]) -> None:
    """``done_day_problem`` into a service's errors."""
    problem = done_day_problem(day, today)
    if problem:
        errors[field] = problem


def check_due_day(day: dt.date, today: dt.date, field: str, errors: dict[str, str]) -> None:
    """``due_day_problem`` into a service's errors."""
    problem = due_day_problem(day, today)
    if problem:
        errors[field] = problem

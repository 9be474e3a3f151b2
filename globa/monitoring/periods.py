"""Reporting periods: a month, a quarter, a year or any span of days, and the one before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KINDS = (MONTH, QUARTER, YEAR, CUSTOM)


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # the last day, included
    # A period still running is counted until today: ``end`` is today, ``cut`` says so.
    cut: bool = False

    def until(self, today: dt.date) -> Period:
        """The period as far as it has gone by today."""
        if self.end <= today or self.start > today:
            return self
        return Period(self.kind, self.start, today, cut=True)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(MONTH, dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(QUARTER, dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of the same kind (a span of days: as long); for a period
        still running, as far into the period before."""
        if self.cut:
            whole = Period(self.kind, self.start, self._full_end()).previous()
            return Period(
                whole.kind,
                whole.start,
                min(whole.end, whole.start + (self.end - self.start)),
                cut=True,
            )
        if self.kind == MONTH:
            before = self.start - dt.timedelta(days=1)
            return Period.month(before.year, before.month)
        if self.kind == QUARTER:
            before = self.start - dt.timedelta(days=1)
            return Period.quarter(before.year, (before.month - 1) // 3 + 1)
        if self.kind == YEAR:
            return Period.year(self.start.year - 1)
        end = self.start - dt.timedelta(days=1)
        return Period(CUSTOM, end - dt.timedelta(days=self.days - 1), end)

    def _full_end(self) -> dt.date:
        if self.kind == MONTH:
            return _month_end(self.start.year, self.start.month)
        if self.kind == QUARTER:
            return _month_end(self.start.year, self.start.month + 2)
        if self.kind == YEAR:
            return dt.date(self.start.year, 12, 31)
        return self.end

    @property
    def label(self) -> str:
        text = self._label()
        if self.cut:
            return _("%(period)s (until %(day)s)") % {"period": text, "day": f"{self.end:%m-%d}"}
        return text

    def _label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return _("%(year)s Q%(quarter)s") % {
                "year": self.start.year,
                "quarter": (self.start.month - 1) // 3 + 1,
            }
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d} \u2013 {self.end:%Y-%m-%d}"

    @property
    def slug(self) -> str:
        return self._label().replace(" ", "").replace("\u2013", "_")

    def as_query(self) -> dict[str, str]:
        query = {"period": self.kind}
        if self.kind == CUSTOM:
            query |= {"from": self.start.isoformat(), "to": self.end.isoformat()}
        else:
            query["year"] = str(self.start.year)
            if self.kind == MONTH:
                query["month"] = str(self.start.month)
            if self.kind == QUARTER:
                query["quarter"] = str((self.start.month - 1) // 3 + 1)
        return query


def last_complete(kind: str, today: dt.date) -> Period:
    """The latest whole period of the kind before today."""
    if kind == YEAR:
        return Period.year(today.year - 1)
    if kind == QUARTER:
        current = (today.month - 1) // 3 + 1
        return Period.quarter(today.year, current).previous()
    return Period.month(today.year, today.month).previous()

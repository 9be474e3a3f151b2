"""The one computation of the indicators: for a period and an area (a centre, a
municipality, a county or the country), optionally by place (rows per centre, municipality or
county) or by a breakdown, from the database's monitoring facts (``globa_monitoring_<source>``,
counts only) with one grouped query per source.

Who may see which area, and whether the figures pass disclosure control, is the caller's
(``globa.monitoring.selectors``); this module only counts.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import connection

from globa.monitoring.indicators import COUNT, INDICATORS, Indicator, Measure
from globa.monitoring.periods import Period

CENTRE, MUNICIPALITY, COUNTY, COUNTRY = "centre", "municipality", "county", "country"
LEVELS = (CENTRE, MUNICIPALITY, COUNTY, COUNTRY)


@dataclass(frozen=True)
class Area:
    """Where the figures are of: ``level`` and the organisation's (or county's) id."""

    level: str
    id: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        if self.level == CENTRE:
            return "f.org_id = %s", [self.id]
        if self.level == MUNICIPALITY:
            return "coalesce(f.municipality_id, o.municipality_id) = %s", [self.id]
        if self.level == COUNTY:
            return "m.county_id = %s", [self.id]
        return "TRUE", []


GEO = {
    None: "0",
    CENTRE: "f.org_id",
    MUNICIPALITY: "coalesce(f.municipality_id, o.municipality_id)",
    COUNTY: "coalesce(m.county_id, 0)",
}


# (measure, category, place) -> value
Facts = dict[tuple[str, str, int], int]


def facts(source: str, period: Period, area: Area, by: str | None = None) -> Facts:
    """The source's counts for the period in the area, added up by measure, category and
    place (``by``: centre, municipality or county; none: one place, 0)."""
    where, params = area.where()
    sql = f"""
        SELECT f.measure, f.category, {GEO[by]} AS place, sum(f.value)
          FROM globa_monitoring_{source}(%s, %s) f
          JOIN organisations_organisation o ON o.id = f.org_id
          LEFT JOIN organisations_organisation m
            ON m.id = coalesce(f.municipality_id, o.municipality_id)
         WHERE {where}
         GROUP BY 1, 2, 3
    """  # noqa: S608  (the names come from this module's constants, the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.start, period.end, *params])
        return {(m, c, int(p)): int(v) for m, c, p, v in cursor.fetchall()}


def all_facts(
    period: Period, area: Area, by: str | None = None, sources: tuple[str, ...] | None = None
) -> dict[str, Facts]:
    wanted = sources or tuple(sorted({i.source for i in INDICATORS}))
    return {source: facts(source, period, area, by) for source in wanted}


def _sum(found: Facts, measure: Measure, place: int | None = None) -> int:
    total = 0
    for (name, category, at), value in found.items():
        if name != measure.name or (place is not None and at != place):
            continue
        if measure.keep is None or measure.keep(tuple(category.split("|"))):
            total += value
    return total


@dataclass
class Value:
    """An indicator's figure: a count, or a share or mean with its numerator and denominator."""

    numerator: int
    denominator: int | None = None
    style: str = COUNT
    scale: Decimal | None = None  # a ratio times this; none: 100 for a percent, 1 for a mean
    # The numerator is counted in 1/per units (hundredths of a score: 100).
    per: int = 1

    @classmethod
    def of(cls, indicator: Indicator, numerator: int, denominator: int | None) -> Value:
        """The indicator's figure from its numerator and denominator."""
        return cls(
            numerator, denominator, indicator.style, indicator.scale, indicator.numerator_per
        )

    @property
    def value(self) -> Decimal | int | None:
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None
        scale = self.scale if self.scale is not None else (100 if self.style == "percent" else 1)
        raw = Decimal(self.numerator) * scale / Decimal(self.denominator * self.per)
        return raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def value(indicator: Indicator, found: Facts, place: int | None = None) -> Value:
    numerator = _sum(found, indicator.numerator, place)
    if indicator.denominator is None:
        return Value(numerator)
    return Value.of(indicator, numerator, _sum(found, indicator.denominator, place))


def values_by_place(indicator: Indicator, found: Facts) -> dict[int, Value]:
    """The indicator's figure at every place, in one pass over the facts."""
    numerators: dict[int, int] = defaultdict(int)
    denominators: dict[int, int] = defaultdict(int)
    wanted = [(indicator.numerator, numerators)]
    if indicator.denominator is not None:
        wanted.append((indicator.denominator, denominators))
    for (name, category, place), count in found.items():
        for measure, into in wanted:
            if name != measure.name:
                continue
            if measure.keep is None or measure.keep(tuple(category.split("|"))):
                into[place] += count
    places = set(numerators) | set(denominators)
    if indicator.denominator is None:
        return {p: Value(numerators[p]) for p in places}
    return {p: Value.of(indicator, numerators[p], denominators[p]) for p in places}


def ratio_breakdown(
    indicator: Indicator, found: Facts, part: int = 0
) -> dict[int, dict[str, Value]]:
    """{place: {category part: figure}} for a share or a mean broken down by a part of the
    category (the NGO share per service type): each part's numerator and denominator are
    those of the indicator, kept to the categories with that part."""
    assert indicator.denominator is not None
    numerators: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    denominators: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wanted = ((indicator.numerator, numerators), (indicator.denominator, denominators))
    for (name, category, place), count in found.items():
        parts = tuple(category.split("|"))
        key = parts[part] if part < len(parts) else ""
        for measure, into in wanted:
            if name != measure.name:
                continue
            if measure.keep is None or measure.keep(parts):
                into[place][key] += count
    table: dict[int, dict[str, Value]] = {}
    for place in set(numerators) | set(denominators):
        keys = set(numerators[place]) | set(denominators[place])
        table[place] = {
            key: Value.of(indicator, numerators[place][key], denominators[place][key])
            for key in keys
        }
    return table


def data_version() -> str:
    """How far the records have changed (``globa_data_version``): figures counted at one
    version stay exact while it is the same."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT globa_data_version()")
        return str(cursor.fetchone()[0])


@functools.cache
def code_version() -> str:
    """What the figures were counted and shaped with: this package's code, the database's
    functions (``core/sql``) and the translations of their labels. Part of the key of every
    figure kept ready, so that an installation upgraded while its records stayed the same
    counts its figures again instead of showing those of the code before."""
    package = Path(__file__).resolve().parent
    globa = package.parent
    files = sorted(
        [
            *package.glob("*.py"),
            *package.glob("templates/monitoring/*.html"),
            *(globa / "core" / "sql").glob("*.sql"),
            *(globa / "locale").glob("*/LC_MESSAGES/django.mo"),
        ]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(globa).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def breakdown(
    indicator: Indicator, found: Facts, part: int | None = 0, measure: str | None = None
) -> dict[int, dict[str, int]]:
    """{place: {category part: count}} for a count indicator (``part`` None: every category
    as one, "")."""
    name = measure or indicator.numerator.name
    keep = indicator.numerator.keep if measure is None else None
    table: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (m, category, place), count in found.items():
        if m != name:
            continue
        parts = tuple(category.split("|"))
        if keep is not None and not keep(parts):
            continue
        key = parts[part] if part is not None and part < len(parts) else ""
        table[place][key] += count
    return {place: dict(row) for place, row in table.items()}

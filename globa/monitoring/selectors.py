"""The figures a dashboard, an export or the annual report shows: every indicator for the
view's area and period, by category and by place, with the previous period and the trend,
exact or under disclosure control (``globa.monitoring.disclosure``).

Under disclosure control every count indicator is one table (places x categories, with
their totals) protected as a whole; what a page shows of it (the area's total, the figures by
category, the column by place, the tile of a municipality, a county's subtotal) is read from
that one protected table, so no two figures shown disagree about what is hidden. A county's
subtotal is shown only when none of the figures it adds up is hidden (it then tells nothing
new). A share or a mean is shown only when its numerator, its denominator and their
difference are each 0 or at least the threshold, and, if its counts are published in
another table, when that table's row is shown in full.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from globa.lib import clock
from globa.lib.collation import lt
from globa.monitoring import charts, compute, labels, sources
from globa.monitoring.compute import CENTRE, COUNTRY, MUNICIPALITY, Facts, Value
from globa.monitoring.disclosure import SUPPRESSED, protect, with_totals
from globa.monitoring.indicators import (
    COUNT,
    INDICATORS,
    PART_LABELS,
    PERCENT,
    SECTIONS,
    Indicator,
)
from globa.monitoring.models import (
    ReviewAction,
    ReviewVisit,
    TransformationPlan,
    TransformationResidents,
    overdue_on,
)
from globa.monitoring.periods import Period
from globa.monitoring.permissions import View
from globa.organisations.models import County, Organisation

# A share or mean whose counts are published in a count indicator's table.
LINKED = {
    "family_care_share": "children_in_care",
    "exits_permanency": "exits",
    "ngo_share": "services",
    "cases_stayed": "cases_closed",
    "kept_out_infants": "kept_out",
}
# A share broken down by service whose denominators are published in a count indicator's
# table by service (a hidden count there hides the share beside it); and the overall share
# each adds up to, whose figures it hides where they must be hidden to protect its own.
LINKED_PARTS = {
    "ngo_share_by_service": "services",
    "ngo_funding_share_by_service": "contract_funding",
}
SPLITS = {
    "ngo_share_by_service": "ngo_share",
    "ngo_funding_share_by_service": "ngo_funding_share",
}


def threshold() -> int:
    return int(settings.GLOBA_DISCLOSURE_THRESHOLD)


@dataclass(frozen=True)
class Cell:
    value: int | Decimal | None
    hidden: bool = False

    def __str__(self) -> str:
        if self.hidden:
            return SUPPRESSED
        if self.value is None:
            return "\u2013"
        if isinstance(self.value, Decimal):
            return formats.number_format(self.value, 1)
        return formats.number_format(self.value, 0, force_grouping=True)

    @property
    def shown(self) -> int | Decimal | None:
        return None if self.hidden else self.value

    @property
    def export(self) -> int | float | str | None:
        """The cell in a spreadsheet: the number, ``c`` when suppressed, empty for none."""
        if self.hidden:
            return SUPPRESSED
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    county_id: int | None = None


@dataclass
class Row:
    place: Place
    cells: list[Cell]
    total: Cell


@dataclass
class Figure:
    """One indicator in a view."""

    indicator: Indicator
    total: Cell
    previous: Cell
    part: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    by_category: list[Cell] = field(default_factory=list)
    previous_by_category: list[Cell] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    chart: SafeString | str = ""
    # Further breakdowns of the area's figure (children in care by sex, age band...): the
    # breakdown's name, its categories with their cells, and its total.
    # Other breakdowns: (name, [(label, cell)], total; None where the categories overlap).
    extra: list[tuple[str, list[tuple[str, Cell]], Cell | None]] = field(default_factory=list)
    # Per 100,000 children of the area (and of each municipality), where known.
    rate: Cell | None = None
    rates: dict[int, Cell] = field(default_factory=dict)

    @property
    def trend(self) -> str:
        now, before = self.total.shown, self.previous.shown
        if now is None or before is None:
            return ""
        return "up" if now > before else "down" if now < before else "same"

    @property
    def change(self) -> str:
        now, before = self.total.shown, self.previous.shown
        if now is None or before is None:
            return ""
        delta = now - before
        text = str(Cell(delta))
        return f"+{text}" if delta > 0 else text.replace("-", "\u2212")

    @property
    def is_count(self) -> bool:
        return self.indicator.style == COUNT

    @property
    def category_rows(self) -> list[tuple[str, Cell, Cell]]:
        return [
            (label, now, before)
            for (_key, label), now, before in zip(
                self.columns, self.by_category, self.previous_by_category, strict=True
            )
        ]

    @property
    def part_label(self) -> str:
        return str(PART_LABELS.get(self.part, ""))

    @property
    def by_place(self) -> dict[int, Cell]:
        return {row.place.id: row.total for row in self.rows}


@dataclass
class Dashboard:
    view: View
    period: Period
    previous: Period
    figures: list[Figure]
    places: list[Place]
    made_at: object
    threshold: int

    @property
    def sections(self) -> list[tuple[str, list[Figure]]]:
        grouped: dict[str, list[Figure]] = defaultdict(list)
        for figure in self.figures:
            grouped[figure.indicator.section].append(figure)
        return [(str(title), grouped[key]) for key, title in SECTIONS.items() if grouped[key]]

    @property
    def headline(self) -> list[Figure]:
        return [f for f in self.figures if f.indicator.headline]

    @property
    def any_hidden(self) -> bool:
        return any(
            cell.hidden
            for f in self.figures
            for cell in [f.total, f.previous, *f.by_category, *(r.total for r in f.rows)]
        ) or any(c.hidden for f in self.figures for r in f.rows for c in r.cells)

    def figure(self, code: str) -> Figure:
        return next(f for f in self.figures if f.indicator.code == code)

    @property
    def shown_places(self) -> list[Place]:
        county = self.view.county
        if county is None:
            return self.places
        return [p for p in self.places if p.county_id == county.pk]


def _places(view: View, found: dict[str, Facts]) -> list[Place]:
    """Every place of the view's rows: under disclosure control all of them, so that which
    rows a table has tells nothing."""
    if view.by == MUNICIPALITY:
        return [
            Place(o.pk, o.name, o.county_id)
            for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
                "name"
            )
        ]
    if view.by == CENTRE:
        seen = {place for facts in found.values() for (_m, _c, place) in facts}
        orgs = Organisation.objects.filter(
            kind__in=[Organisation.Kind.CARE_CENTRE, Organisation.Kind.PROVIDER],
            municipality_id=view.area.id,
            is_active=True,
        ) | Organisation.objects.filter(pk__in=seen)
        return [Place(o.pk, o.name) for o in orgs.distinct().order_by("name")]
    return [Place(0, view.name)]


def _small(value: int, k: int) -> bool:
    return 0 < value < k


def _ratio_cell(value: Value, k: int, exact: bool, linked_hidden: bool) -> Cell:
    if exact:
        return Cell(value.value)
    denominator = value.denominator or 0
    if (
        _small(value.numerator, k)
        or _small(denominator, k)
        or _small(denominator - value.numerator, k)
        or linked_hidden
    ):
        return Cell(None, hidden=True)
    return Cell(value.value)


def _count_figure(
    indicator: Indicator,
    found: Facts,
    before: Facts,
    places: list[Place],
    exact: bool,
    k: int,
    services: dict[str, str],
) -> Figure:
    part = indicator.parts[0] if indicator.parts else ""
    # An indicator without parts keeps some categories (infants, staff) as one column.
    index = 0 if part else None
    table = compute.breakdown(indicator, found, index)
    previous_table = compute.breakdown(indicator, before, index)
    keys: set[str] = {key for row in table.values() for key in row} | {
        key for row in previous_table.values() for key in row
    }
    columns = [(key, labels.label(part, key, services)) for key in labels.ordered(part, keys)]
    if not part or not columns:
        columns = [("", indicator.name)]
    inner = [[table.get(p.id, {}).get(key, 0) for key, _label in columns] for p in places]
    prev_inner = [[sum(row.get(key, 0) for row in previous_table.values()) for key, _ in columns]]
    protected = protect(inner, 1 if exact else k)
    prev_protected = protect(prev_inner, 1 if exact else k)
    cols = len(columns)
    has_total_col = protected.has_total_col
    rows: list[Row] = []
    for i, place in enumerate(places):
        cells = [Cell(protected.cells[i][j], protected.hidden[i][j]) for j in range(cols)]
        total = (
            Cell(protected.cells[i][cols], protected.hidden[i][cols]) if has_total_col else cells[0]
        )
        rows.append(Row(place, cells, total))
    if protected.has_total_row:
        last = len(protected.cells) - 1
        by_category = [
            Cell(protected.cells[last][j], protected.hidden[last][j]) for j in range(cols)
        ]
        total = (
            Cell(protected.cells[last][cols], protected.hidden[last][cols])
            if has_total_col
            else by_category[0]
        )
    else:
        by_category = rows[0].cells if rows else []
        total = rows[0].total if rows else Cell(0)
    previous_cells = [
        Cell(prev_protected.cells[0][j], prev_protected.hidden[0][j]) for j in range(cols)
    ]
    previous = (
        Cell(prev_protected.cells[0][cols], prev_protected.hidden[0][cols])
        if prev_protected.has_total_col
        else previous_cells[0]
    )
    figure = Figure(indicator, total, previous, part, columns, by_category, previous_cells, rows)
    for name, measure in indicator.extra_breakdowns.items():
        figure.extra.append(_extra(indicator, found, name, measure, total, exact, k))
    return figure


def _extra(
    indicator: Indicator, found: Facts, name: str, measure: str, total: Cell, exact: bool, k: int
) -> tuple[str, list[tuple[str, Cell]], Cell | None]:
    """The area's figure by another breakdown, protected as a table of one row; its total is
    the figure's own, hidden where that is (another split of the same total: no cell of one
    tells anything about a cell of the other). A breakdown whose categories overlap has no
    total: its cells do not add up to the figure."""
    shown_total = None if name in indicator.overlapping else total
    counts: dict[str, int] = defaultdict(int)
    for row in compute.breakdown(indicator, found, measure=measure).values():
        for key, value in row.items():
            counts[key] += value
    keys = labels.ordered(name, set(counts))
    if not keys:
        return str(PART_LABELS[name]), [], shown_total
    protected = protect([[counts[key] for key in keys]], 1 if exact else k)
    cells = [
        (labels.label(name, key), Cell(protected.cells[0][j], protected.hidden[0][j]))
        for j, key in enumerate(keys)
    ]
    return str(PART_LABELS[name]), cells, shown_total


def _ratio_figure(
    indicator: Indicator,
    found: Facts,
    before: Facts,
    places: list[Place],
    exact: bool,
    k: int,
    counts: dict[str, Figure],
) -> Figure:
    linked = counts.get(LINKED.get(indicator.code, ""))
    linked_rows = {row.place.id: row for row in linked.rows} if linked else {}

    def row_hidden(place_id: int | None) -> bool:
        if linked is None:
            return False
        if place_id is None:
            return any(c.hidden for c in linked.by_category) or linked.total.hidden
        row = linked_rows.get(place_id)
        return row is not None and (any(c.hidden for c in row.cells) or row.total.hidden)

    at = compute.values_by_place(indicator, found)
    none = Value.of(indicator, 0, 0)
    rows = [
        Row(place, [], _ratio_cell(at.get(place.id, none), k, exact, row_hidden(place.id)))
        for place in places
    ]
    total = _ratio_cell(compute.value(indicator, found), k, exact, row_hidden(None))
    previous = _ratio_cell(compute.value(indicator, before), k, exact, False)
    return Figure(indicator, total, previous, rows=rows)


def _protect_ratios(
    numerators: list[list[int]], denominators: list[list[int]], k: int, also: list[list[bool]]
) -> list[list[bool]]:
    """Which shares (or means) of a table, with its totals, are hidden: a share tells its
    numerator and, beside its published denominator, the difference; so both tables are
    protected, each with every cell hidden in the other, until neither hides more. A share
    is hidden first where its numerator or the difference is small (``also`` adds more)."""
    differences = [
        [d - n for n, d in zip(nrow, drow, strict=True)]
        for nrow, drow in zip(numerators, denominators, strict=True)
    ]
    n_cells = with_totals(numerators)[0]
    d_cells = with_totals(differences)[0]
    hidden = [
        [
            _small(n_cells[i][j], k) or _small(d_cells[i][j], k) or also[i][j]
            for j in range(len(n_cells[i]))
        ]
        for i in range(len(n_cells))
    ]
    while True:
        wider = protect(numerators, k, also=hidden).hidden
        wider = protect(differences, k, also=wider).hidden
        if wider == hidden:
            return hidden
        hidden = wider


def _part_figure(
    indicator: Indicator,
    found: Facts,
    before: Facts,
    places: list[Place],
    exact: bool,
    k: int,
    services: dict[str, str],
    counts: dict[str, Figure],
) -> Figure:
    """A share or a mean by a part of the category (the NGO share per service type), by
    place: shown exactly, or protected as one table of places x parts with their totals."""
    part = indicator.parts[0]
    table = compute.ratio_breakdown(indicator, found)
    previous_table = compute.ratio_breakdown(indicator, before)
    keys = {key for row in table.values() for key in row} | {
        key for row in previous_table.values() for key in row
    }
    columns = [(key, labels.label(part, key, services)) for key in labels.ordered(part, keys)]
    if not columns:
        nothing = Cell(None)
        return Figure(indicator, nothing, nothing, part, rows=[Row(p, [], nothing) for p in places])
    none = Value.of(indicator, 0, 0)
    linked = counts.get(LINKED_PARTS.get(indicator.code, ""))

    def grid(
        rows: list[dict[str, Value]], linked_rows: list[list[Cell]] | None
    ) -> tuple[list[list[Cell]], bool, bool]:
        """The table of rows x columns with its totals (as ``with_totals`` shapes it)."""
        nums = [[row.get(key, none).numerator for key, _l in columns] for row in rows]
        dens = [[row.get(key, none).denominator or 0 for key, _l in columns] for row in rows]
        n_cells, total_row, total_col = with_totals(nums)
        d_cells, _r, _c = with_totals(dens)
        if exact:
            hidden = [[False] * len(line) for line in n_cells]
        else:
            also = [[False] * len(line) for line in n_cells]
            if linked_rows is not None:
                also = [
                    [cell.hidden for cell in line[: len(also[i])]]
                    for i, line in enumerate(linked_rows)
                ]
            hidden = (
                _protect_ratios(nums, dens, k, also)
                if indicator.style == PERCENT
                # A mean (of signed changes): shown where it averages at least k, the
                # counts it averages protected as a table of counts.
                else protect(dens, k, also=also).hidden
            )
        cells = [
            [
                Cell(None, hidden=True)
                if hidden[i][j]
                else Cell(Value.of(indicator, n_cells[i][j], d_cells[i][j]).value)
                for j in range(len(n_cells[i]))
            ]
            for i in range(len(n_cells))
        ]
        return cells, total_row, total_col

    def linked_grid(rows: list[Row], by_category: list[Cell], total: Cell) -> list[list[Cell]]:
        """The linked count table's cells in this table's shape."""
        assert linked is not None
        keys_there = [key for key, _l in linked.columns]

        def line(cells: list[Cell], row_total: Cell) -> list[Cell]:
            at = dict(zip(keys_there, cells, strict=True))
            out = [at.get(key, Cell(0)) for key, _l in columns]
            return [*out, row_total] if len(columns) > 1 else out

        found_rows = [line(r.cells, r.total) for r in rows]
        if len(found_rows) > 1:
            found_rows.append(line(by_category, total))
        return found_rows

    linked_now = (
        linked_grid(linked.rows, linked.by_category, linked.total) if linked is not None else None
    )
    cells, _total_row, total_col = grid([table.get(p.id, {}) for p in places], linked_now)
    cols = len(columns)
    rows = [
        Row(place, cells[i][:cols], cells[i][cols] if total_col else cells[i][0])
        for i, place in enumerate(places)
    ]
    last = cells[-1]
    by_category = last[:cols]
    total = last[cols] if total_col else last[0]
    previous_values = {
        key: Value.of(
            indicator,
            sum(row.get(key, none).numerator for row in previous_table.values()),
            sum(row.get(key, none).denominator or 0 for row in previous_table.values()),
        )
        for key, _l in columns
    }
    previous_linked = None
    if linked is not None:
        previous_linked = linked_grid(
            [Row(Place(0, ""), linked.previous_by_category, linked.previous)],
            linked.previous_by_category,
            linked.previous,
        )
    previous_cells, _r, previous_total_col = grid([previous_values], previous_linked)
    previous_by_category = previous_cells[0][:cols]
    previous = previous_cells[0][cols] if previous_total_col else previous_cells[0][0]
    if not indicator.total_across_parts:
        for row in rows:
            row.total = Cell(None)
        total = previous = Cell(None)
    return Figure(
        indicator, total, previous, part, columns, by_category, previous_by_category, rows
    )


def _hide_as_split(figure: Figure, split: Figure) -> None:
    """The overall share hidden wherever the figure that splits it hides its total."""
    at = {row.place.id: row.total for row in split.rows}
    for row in figure.rows:
        if at.get(row.place.id, Cell(None)).hidden:
            row.total = Cell(None, hidden=True)
    if split.total.hidden:
        figure.total = Cell(None, hidden=True)
    if split.previous.hidden:
        figure.previous = Cell(None, hidden=True)


def count_dashboard(
    view: View,
    period: Period,
    *,
    indicators: tuple[Indicator, ...] = INDICATORS,
    with_charts: bool = True,
) -> Dashboard:
    """Every indicator of the view for the period, with the period before: each source's
    counts kept ready while the tables it reads are unchanged (``monitoring.sources``), the
    others counted now."""
    k = threshold()
    previous = period.previous()
    wanted = tuple(sorted({i.source for i in indicators}))
    at = sources.versions(wanted)
    found = sources.facts(period, view.area, view.by, wanted, at)
    before = sources.facts(previous, view.area, None, wanted, at)
    places = _places(view, found)
    services = labels.service_names()
    counts: dict[str, Figure] = {}
    for indicator in indicators:
        if indicator.style == COUNT:
            counts[indicator.code] = _count_figure(
                indicator,
                found[indicator.source],
                before[indicator.source],
                places,
                view.exact,
                k,
                services,
            )
    figures: list[Figure] = []
    for indicator in indicators:
        if indicator.by_part:
            counts[indicator.code] = _part_figure(
                indicator,
                found[indicator.source],
                before[indicator.source],
                places,
                view.exact,
                k,
                services,
                counts,
            )
    for indicator in indicators:
        figure = counts.get(indicator.code) or _ratio_figure(
            indicator,
            found[indicator.source],
            before[indicator.source],
            places,
            view.exact,
            k,
            counts,
        )
        if with_charts and figure.columns and len(figure.columns) > 1:
            figure.chart = charts.bars(
                figure, period_label=period.label, previous_label=previous.label
            )
        if indicator.per_population:
            _add_rates(figure, view, period)
        figures.append(figure)
    by_code = {f.indicator.code: f for f in figures}
    for split_code, whole_code in SPLITS.items():
        if split_code in by_code and whole_code in by_code:
            _hide_as_split(by_code[whole_code], by_code[split_code])
    return Dashboard(view, period, previous, figures, places, clock.now(), k)


PER = 100_000


def _rate(cell: Cell, population: int | None) -> Cell:
    """A count per 100,000 children: hidden where the count is (it would tell it)."""
    if cell.hidden:
        return Cell(None, hidden=True)
    if not population or cell.value is None:
        return Cell(None)
    value = Decimal(int(cell.value) * PER) / Decimal(population)
    return Cell(value.quantize(Decimal("0.1")))


def _add_rates(figure: Figure, view: View, period: Period) -> None:
    """Rates per 100,000 children from the child population of the period's last year."""
    from globa.monitoring.models import ChildPopulation

    population = dict(
        ChildPopulation.objects.filter(year=period.end.year).values_list(
            "municipality_id", "children"
        )
    )
    if not population:
        return
    if view.area.level == MUNICIPALITY:
        figure.rate = _rate(figure.total, population.get(view.area.id or 0))
        return
    if view.by != MUNICIPALITY:
        return
    figure.rates = {
        row.place.id: _rate(row.total, population.get(row.place.id)) for row in figure.rows
    }
    if all(row.place.id in population for row in figure.rows):
        figure.rate = _rate(figure.total, sum(population[row.place.id] for row in figure.rows))


def dashboard(
    view: View,
    period: Period,
    *,
    indicators: tuple[Indicator, ...] = INDICATORS,
    with_charts: bool = True,
) -> Dashboard:
    """Every indicator of the view for the period, with the period before: kept ready while
    the records stay as they were when it was counted (``compute.data_version``), so it is
    exact; the page says when it was counted. After a change, only the sources whose tables
    changed are counted again (``count_dashboard``)."""
    seconds = int(settings.GLOBA_MONITORING_CACHE_SECONDS)
    if seconds <= 0:
        return count_dashboard(view, period, indicators=indicators, with_charts=with_charts)
    key = ":".join(
        [
            "monitoring",
            compute.code_version(),
            compute.data_version(),
            view.key,
            str(view.county.pk if view.county else ""),
            "exact" if view.exact else "protected",
            period.kind,
            period.start.isoformat(),
            period.end.isoformat(),
            str(period.cut),
            translation.get_language() or "",
            str(threshold()),
            "charts" if with_charts else "",
            hashlib.sha256(",".join(i.code for i in indicators).encode()).hexdigest()[:16],
        ]
    )
    with _READY_LOCK:
        board = _READY.get(key)
    if board is None:
        board = cache.get(key)
    if board is None:
        board = count_dashboard(view, period, indicators=indicators, with_charts=with_charts)
        cache.set(key, board, seconds)
    with _READY_LOCK:
        _READY[key] = board
        _READY.move_to_end(key)
        while len(_READY) > READY_IN_PROCESS:
            _READY.popitem(last=False)
    return board


# The latest figures this process counted or fetched, by the same key (its data version
# included): the shared cache's copy need not be read and unpickled again.
READY_IN_PROCESS = 16
_READY: OrderedDict[str, Dashboard] = OrderedDict()
_READY_LOCK = threading.Lock()


@dataclass
class Tile:
    place: Place
    cell: Cell
    level: int  # 0 (none or hidden) to 5, for the shade


def tiles(board: Dashboard, code: str) -> list[tuple[str, list[Tile]]]:
    """The municipalities, grouped by county, with the indicator's figure and a shade by
    quintile of the figures shown."""
    figure = board.figure(code)
    by_place = figure.by_place
    values = sorted(
        float(c.value)
        for c in by_place.values()
        if not c.hidden and c.value is not None and c.value > 0
    )

    def level(cell: Cell) -> int:
        """0 for nothing, hidden or none; 1 to 5 by quintile of the figures above 0."""
        if cell.hidden or cell.value is None or not cell.value or not values:
            return 0
        v = float(cell.value)
        rank = sum(1 for x in values if x <= v) / len(values)
        return max(1, min(5, math.ceil(rank * 5)))

    counties = {c.pk: c for c in County.objects.all()}
    grouped: dict[int | None, list[Tile]] = defaultdict(list)
    for place in board.places:
        cell = by_place.get(place.id, Cell(None))
        grouped[place.county_id].append(Tile(place, cell, level(cell)))
    return [
        (counties[c].name_lt if c in counties else "—", grouped[c])
        for c in sorted(grouped, key=lambda c: counties[c].name_lt if c in counties else "")
    ]


def county_rows(board: Dashboard, codes: list[str]) -> list[tuple[str, list[Cell]]]:
    """Each county's subtotal of the figures by municipality: shown only when none of the
    municipalities' figures it adds up is hidden (a share: only exactly)."""
    counties = County.objects.order_by("name_lt")
    result = []
    for county in counties:
        cells = []
        for code in codes:
            figure = board.figure(code)
            members = [r.total for r in figure.rows if r.place.county_id == county.pk]
            if not figure.is_count or any(c.hidden for c in members):
                cells.append(Cell(None, hidden=True))
            else:
                cells.append(Cell(sum(int(c.value or 0) for c in members)))
        result.append((county.name_lt, cells))
    return result


def headline(view: View) -> Dashboard:
    """The headline figures of the view for this year so far."""
    today = clock.today()
    period = Period.year(today.year).until(today)
    chosen = tuple(i for i in INDICATORS if i.headline)
    return dashboard(view, period, indicators=chosen, with_charts=False)


def area_title(view: View) -> str:
    if view.area.level == COUNTRY:
        if view.county is not None:
            return _("%(country)s, %(county)s") % {
                "country": view.name,
                "county": view.county.name_lt,
            }
        return view.name
    return view.name


# Institution transformation ------------------------------------------------------------------


def transformation_plans(institutions: QuerySet[Organisation]) -> QuerySet[TransformationPlan]:
    """The plans of these institutions, with their milestones open and overdue counted."""
    today = clock.today()
    return (
        TransformationPlan.objects.filter(institution__in=institutions)
        .select_related("institution__municipality")
        .annotate(
            milestones_open=Count("milestones", filter=Q(milestones__done_on__isnull=True)),
            milestones_overdue=Count(
                "milestones",
                filter=Q(milestones__done_on__isnull=True, milestones__due_on__lt=today),
            ),
        )
        .order_by(*lt("institution__name"))
    )


def transformation_totals(plan: TransformationPlan) -> list[tuple[str, int]]:
    """The plan's residents so far: each kind of count added up, in the kinds' order."""
    found = dict(
        plan.residents.values_list("kind").annotate(total=Sum("count")).values_list("kind", "total")
    )
    return [
        (str(kind.label), int(found.get(kind.value) or 0)) for kind in TransformationResidents.Kind
    ]


# Quality review visits -------------------------------------------------------------------


def review_visits(centres: QuerySet[Organisation]) -> QuerySet[ReviewVisit]:
    """The visits to these centres, newest first, with their actions open and overdue
    counted."""
    today = clock.today()
    return (
        ReviewVisit.objects.filter(centre__in=centres)
        .select_related("centre__municipality")
        .annotate(
            actions_open=Count("actions", filter=Q(actions__status=ReviewAction.Status.OPEN)),
            actions_overdue=Count("actions", filter=overdue_on(today, "actions__")),
        )
        .order_by("-visited_on", "-id")
    )


def overdue_actions(
    centres: QuerySet[Organisation], newest_first: bool = False
) -> QuerySet[ReviewAction]:
    """The overdue actions of these centres by due date (the longest overdue first)."""
    order = ("-due_on", "-id") if newest_first else ("due_on", "id")
    return (
        ReviewAction.objects.filter(overdue_on(clock.today()), centre__in=centres)
        .select_related("visit__centre__municipality")
        .order_by(*order)
    )


def open_actions(centres: QuerySet[Organisation]) -> QuerySet[ReviewAction]:
    return (
        ReviewAction.objects.filter(status=ReviewAction.Status.OPEN, centre__in=centres)
        .select_related("visit__centre")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class ActionCounts:
    open: int
    overdue: int


def action_counts(centre_ids: list[int] | frozenset[int]) -> dict[int, ActionCounts]:
    """Per centre: its review actions open and overdue."""
    rows = (
        ReviewAction.objects.filter(centre_id__in=centre_ids, status=ReviewAction.Status.OPEN)
        .values("centre_id")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_on(clock.today())))
    )
    return {row["centre_id"]: ActionCounts(row["n"], row["late"]) for row in rows}

"""Disclosure control proved with linear programming: for generated tables, the bounds a
reader can derive for every suppressed cell from everything published (each line of the
table adds up, counts are not negative) are at least the threshold apart."""

from __future__ import annotations

import random

import pytest
from scipy.optimize import linprog

from globa.monitoring.disclosure import protect

THRESHOLD = 5


def attacker_bounds(cells, hidden, total_row, total_col):
    """[low, high] of each suppressed cell, by linear programming over the published table."""
    rows, cols = len(cells), len(cells[0])
    unknown = [(i, j) for i in range(rows) for j in range(cols) if hidden[i][j]]
    index = {cell: n for n, cell in enumerate(unknown)}
    inner_rows = rows - 1 if total_row else rows
    inner_cols = cols - 1 if total_col else cols
    lines = []
    if total_col:
        lines += [[(i, j, 1) for j in range(inner_cols)] + [(i, cols - 1, -1)] for i in range(rows)]
    if total_row:
        lines += [[(i, j, 1) for i in range(inner_rows)] + [(rows - 1, j, -1)] for j in range(cols)]
    a_eq, b_eq = [], []
    for line in lines:
        coefficients = [0.0] * len(unknown)
        rhs = 0.0
        for i, j, sign in line:
            if (i, j) in index:
                coefficients[index[(i, j)]] += sign
            else:
                rhs -= sign * cells[i][j]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(rhs)
    bounds = {}
    for cell, n in index.items():
        c = [0.0] * len(unknown)
        c[n] = 1.0
        kwargs = {"A_eq": a_eq, "b_eq": b_eq} if a_eq else {}
        low = linprog(c, bounds=[(0, None)] * len(unknown), method="highs", **kwargs)
        c[n] = -1.0
        high = linprog(c, bounds=[(0, None)] * len(unknown), method="highs", **kwargs)
        assert low.status == 0
        upper = float("inf") if high.status == 3 else -high.fun
        bounds[cell] = (low.fun, upper)
    return bounds


def _table(rng: random.Random, rows: int, cols: int) -> list[list[int]]:
    def value() -> int:
        kind = rng.random()
        if kind < 0.25:
            return 0
        if kind < 0.6:
            return rng.randint(1, 4)
        return rng.randint(5, 60)

    return [[value() for _ in range(cols)] for _ in range(rows)]


SHAPES = [(1, 1), (1, 2), (1, 6), (6, 1), (2, 2), (3, 4), (5, 3), (10, 6), (12, 2), (2, 9)]


@pytest.mark.parametrize("seed", range(80))
def test_no_suppressed_cell_is_narrower_than_the_threshold(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = SHAPES[seed % len(SHAPES)]
    table = protect(_table(rng, rows, cols), THRESHOLD)
    for (i, j), (low, high) in attacker_bounds(
        table.cells, table.hidden, table.has_total_row, table.has_total_col
    ).items():
        assert high - low >= THRESHOLD - 1e-6, (seed, i, j, low, high, table.cells, table.hidden)


def test_small_counts_are_suppressed_and_zeros_and_large_ones_shown() -> None:
    table = protect([[0, 7], [12, 30]], THRESHOLD)
    assert table.suppressed_count == 0
    table = protect([[3, 7, 9], [12, 30, 8]], THRESHOLD)
    assert table.hidden[0][0]
    assert table.shown(1, 1) is not None or table.hidden[1][1]
    assert table.suppressed_count >= 4  # a rectangle at least


def test_a_small_total_hides_its_parts() -> None:
    table = protect([[1, 2, 0]], THRESHOLD)
    assert table.hidden[0] == [True, True, False, True]


def test_the_threshold_is_configurable() -> None:
    assert protect([[7, 30]], 10).hidden[0][0]
    assert not protect([[7, 30]], 5).hidden[0][0]


def test_a_running_period_is_counted_until_today_and_compared_as_far() -> None:
    import datetime as dt

    from globa.monitoring.periods import Period

    today = dt.date(2026, 5, 10)
    year = Period.year(2026).until(today)
    assert (year.end, year.cut) == (today, True)
    assert year.previous() == Period("year", dt.date(2025, 1, 1), dt.date(2025, 5, 10), cut=True)
    month = Period.month(2026, 5).until(today).previous()
    assert (month.start, month.end) == (dt.date(2026, 4, 1), dt.date(2026, 4, 10))
    assert Period.month(2026, 3).until(today).cut is False
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    custom = Period("custom", dt.date(2026, 1, 1), dt.date(2026, 1, 10)).previous()
    assert (custom.start, custom.end) == (dt.date(2025, 12, 22), dt.date(2025, 12, 31))


def _sparse(rng: random.Random, rows: int, cols: int) -> list[list[int]]:
    """Most places have nothing, a few a little, one much: as a country's small categories."""
    table = [[0] * cols for _ in range(rows)]
    for i in rng.sample(range(rows), k=max(1, rows // 5)):
        for j in range(cols):
            if rng.random() < 0.5:
                table[i][j] = rng.randint(1, 4)
    big = rng.randrange(rows)
    table[big] = [rng.randint(0, 20) for _ in range(cols)]
    return table


@pytest.mark.parametrize("seed", range(40))
def test_sparse_tables_are_protected_too(seed: int) -> None:
    rng = random.Random(1000 + seed)
    table = protect(_sparse(rng, rng.choice([10, 20, 60]), rng.randint(2, 8)), THRESHOLD)
    for cell, (low, high) in attacker_bounds(
        table.cells, table.hidden, table.has_total_row, table.has_total_col
    ).items():
        assert high - low >= THRESHOLD - 1e-6, (seed, cell, low, high)


def test_the_grand_total_stays_shown_when_other_cells_can_protect() -> None:
    rows = [
        [0, 0, 1, 2, 0, 1, 2],
        [0, 0, 4, 2, 0, 0, 0],
        [0, 0, 1, 2, 0, 0, 3],
        [0, 0, 0, 0, 0, 1, 0],
        [12, 5, 13, 15, 0, 8, 10],
        [0, 0, 0, 1, 0, 0, 0],
        [1, 0, 0, 3, 1, 1, 0],
        [0, 0, 1, 0, 0, 0, 0],
    ] + [[0] * 7 for _ in range(52)]
    table = protect(rows, THRESHOLD)
    assert not table.hidden[-1][-1]
    assert table.cells[-1][-1] == 90
    for cell, (low, high) in attacker_bounds(table.cells, table.hidden, True, True).items():
        assert high - low >= THRESHOLD - 1e-6, cell


def test_the_rectangles_are_measured_alike_one_by_one_and_all_at_once() -> None:
    import numpy as np

    from globa.monitoring.disclosure import _widths, rectangle_width, with_totals

    rng = random.Random(7)
    cells, _r, _c = with_totals(_table(rng, 5, 4))
    x = np.array(cells, dtype=float)
    sigma = np.ones(x.shape)
    sigma[-1, :] *= -1
    sigma[:, -1] *= -1
    last_i, last_j = len(cells) - 1, len(cells[0]) - 1
    for i in range(len(cells)):
        for j in range(len(cells[0])):
            widths = _widths(x, sigma, i, j)
            for r2 in range(len(cells)):
                for c2 in range(len(cells[0])):
                    if r2 != i and c2 != j:
                        expected = rectangle_width(cells, (i, r2, j, c2), last_i, last_j)
                        assert widths[r2, c2] == expected


# Shares broken down by a part (the NGO share per service type) --------------------------------


def test_a_share_per_service_hides_a_small_numerator_and_one_more() -> None:
    from globa.monitoring.selectors import _protect_ratios

    # Services delivered by NGOs of three types, of all delivered: 2 of 12, 6 of 12, 10 of 10.
    also = [[False] * 4]
    hidden = _protect_ratios([[2, 6, 10]], [[12, 12, 10]], THRESHOLD, also)
    # The overall share (18 of 34) is shown: with it, the one small share would be known from
    # the others; a second is hidden beside it. 100 % of 10 tells nothing small.
    assert hidden == [[True, True, False, False]]


def test_a_share_is_hidden_where_the_rest_is_small_too() -> None:
    from globa.monitoring.selectors import _protect_ratios

    # 9 of 11: the public providers' 2 are as small as a small numerator.
    hidden = _protect_ratios([[9, 20]], [[11, 40]], THRESHOLD, [[False] * 3])
    assert hidden[0][0]
    assert sum(hidden[0][:2]) >= 2


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_share_per_service_can_be_narrowed_below_the_threshold(seed: int) -> None:
    from globa.monitoring.selectors import _protect_ratios

    rng = random.Random(seed)
    rows, cols = rng.choice([(1, 3), (1, 6), (3, 4), (5, 3), (2, 5)])
    numerators = _table(rng, rows, cols)
    differences = _table(rng, rows, cols)
    denominators = [
        [n + d for n, d in zip(nrow, drow, strict=True)]
        for nrow, drow in zip(numerators, differences, strict=True)
    ]
    shape = protect(numerators, THRESHOLD)
    also = [[False] * len(line) for line in shape.cells]
    hidden = _protect_ratios(numerators, denominators, THRESHOLD, also)
    for inner in (numerators, differences):
        table = protect(inner, THRESHOLD, also=hidden)
        assert table.hidden == hidden  # nothing more to hide: the fixed point
        for (i, j), (low, high) in attacker_bounds(
            table.cells, hidden, table.has_total_row, table.has_total_col
        ).items():
            if table.cells[i][j] > 0:
                assert high - low >= THRESHOLD - 1e-6, (seed, i, j, low, high)

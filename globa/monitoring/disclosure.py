"""Disclosure control of a table of counts: small counts suppressed, and complementary
suppression so that no suppressed cell can be worked out from the cells, rows, columns and
totals that are shown.

A table is its inner cells (rows x columns) with a total per row, per column and a grand
total where there is more than one row or column. A count from 1 to ``threshold - 1`` is
suppressed (primary); then each suppressed cell is protected: whatever a reader derives from
the published figures (every line of the table adds up), the values the cell could take
must span at least ``threshold``. The protection is built from rectangles of suppressed
cells (two rows x two columns, totals included): moving ``t`` round a rectangle keeps every
sum, so each of its cells can move by as much as the rectangle's smallest cells allow. A
table of one row or one column is protected by suppressing, beside a small count, enough
other cells that together they hold at least ``threshold``. ``tests/test_disclosure.py``
proves it with linear programming on generated tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

SUPPRESSED = "c"  # as statistical offices mark a confidential cell
INF = float("inf")


@dataclass
class Protected:
    """A table with its totals and which cells are suppressed (``hidden[i][j]``).

    ``cells`` includes the totals: the last column is the rows' totals when ``has_total_col``,
    the last row the columns' totals when ``has_total_row``."""

    cells: list[list[int]]
    hidden: list[list[bool]]
    has_total_row: bool
    has_total_col: bool

    @property
    def suppressed_count(self) -> int:
        return sum(sum(row) for row in self.hidden)

    def shown(self, i: int, j: int) -> int | None:
        return None if self.hidden[i][j] else self.cells[i][j]


def with_totals(inner: list[list[int]]) -> tuple[list[list[int]], bool, bool]:
    rows, cols = len(inner), len(inner[0]) if inner else 0
    total_col, total_row = cols > 1, rows > 1
    cells = [list(row) + ([sum(row)] if total_col else []) for row in inner]
    if total_row:
        cells.append([sum(row[j] for row in cells) for j in range(len(cells[0]))])
    return cells, total_row, total_col


def _sigma(i: int, j: int, last_i: int | None, last_j: int | None) -> int:
    """Sign of a cell in the table where every line sums to zero (totals negated)."""
    return -1 if (i == last_i) != (j == last_j) else 1


def rectangle_width(
    cells: list[list[int]],
    corners: tuple[int, int, int, int],
    last_i: int | None,
    last_j: int | None,
) -> float:
    """How far round the rectangle (rows r1, r2 x columns c1, c2) its cells can move."""
    r1, r2, c1, c2 = corners
    up: list[int] = []
    down: list[int] = []
    for (i, j), move in zip(((r1, c1), (r1, c2), (r2, c1), (r2, c2)), (1, -1, -1, 1), strict=True):
        # The cell changes by sigma * move * t; it must stay at least 0.
        (up if _sigma(i, j, last_i, last_j) * move < 0 else down).append(cells[i][j])
    # A side with no cell limiting it is unbounded (every cell moves the same way).
    return min(up, default=INF) + min(down, default=INF)


def protect(inner: list[list[int]], threshold: int = 5) -> Protected:
    """The table with its totals, suppressed so that no suppressed cell is known to within
    less than ``threshold`` (counts 1 to threshold - 1 are suppressed)."""
    cells, total_row, total_col = with_totals(inner)
    rows = len(cells)
    cols = len(cells[0]) if cells else 0
    hidden = [[0 < v < threshold for v in row] for row in cells]
    result = Protected(cells, hidden, total_row, total_col)
    if not any(any(row) for row in hidden):
        return result
    if rows == 1 or cols == 1:
        _protect_line(cells, hidden, threshold)
        return result
    last_i = rows - 1 if total_row else None
    last_j = cols - 1 if total_col else None
    todo = [(i, j) for i in range(rows) for j in range(cols) if hidden[i][j]]
    for _round in range(rows * cols):
        for i, j in todo:
            _protect_cell(cells, hidden, i, j, last_i, last_j, threshold)
        # Every suppressed cell, those hidden beside a small count too, must hold.
        todo = [
            (i, j)
            for i in range(rows)
            for j in range(cols)
            if hidden[i][j]
            and _best_hidden_rectangle(cells, hidden, i, j, last_i, last_j) < threshold
            and lp_width(cells, hidden, i, j, total_row, total_col) < threshold
        ]
        if not todo:
            break
    return result


def _protect_cell(
    cells: list[list[int]],
    hidden: list[list[bool]],
    i: int,
    j: int,
    last_i: int | None,
    last_j: int | None,
    threshold: int,
) -> None:
    """Hide what it takes for the cell to be known to within no less than ``threshold``:
    the cheapest rectangle wide enough (the grand total only when nothing else will do);
    where no single rectangle is, the widest ones until linear programming says the cell
    holds; the cell's row and column with the totals as the last resort."""
    rows, cols = len(cells), len(cells[0])
    if _best_hidden_rectangle(cells, hidden, i, j, last_i, last_j) >= threshold:
        return
    wide: list[tuple[tuple[int, int, int, int], tuple[int, int, int, int]]] = []
    narrow: list[tuple[float, tuple[int, int, int, int]]] = []
    for r2, c2 in itertools.product(range(rows), range(cols)):
        if r2 == i or c2 == j:
            continue
        corners = (i, r2, j, c2)
        width = rectangle_width(cells, corners, last_i, last_j)
        new = [(a, b) for a, b in ((i, c2), (r2, j), (r2, c2)) if not hidden[a][b]]
        grand = sum(1 for a, b in new if a == last_i and b == last_j)
        # Hide the grand total only when nothing else will do, then totals, then as few
        # and as small figures as possible.
        cost = (
            grand,
            sum(1 for a, b in new if a == last_i or b == last_j),
            len(new),
            sum(cells[a][b] for a, b in new),
        )
        if width >= threshold:
            wide.append((cost, corners))
        elif not grand:
            narrow.append((width, corners))
    wide.sort()
    if wide and wide[0][0][0] == 0:
        _hide_rectangle(hidden, wide[0][1])
        return
    total_row, total_col = last_i is not None, last_j is not None
    for _width, corners in sorted(narrow, key=lambda n: -n[0])[:8]:
        _hide_rectangle(hidden, corners)
        if lp_width(cells, hidden, i, j, total_row, total_col) >= threshold:
            return
    if wide:
        _hide_rectangle(hidden, wide[0][1])
        return
    for b in range(cols):
        hidden[i][b] = True
    for a in range(rows):
        hidden[a][j] = True
    if last_i is not None and last_j is not None:
        for b in range(cols):
            hidden[last_i][b] = True
        for a in range(rows):
            hidden[a][last_j] = True


def lp_width(
    cells: list[list[int]],
    hidden: list[list[bool]],
    i: int,
    j: int,
    total_row: bool,
    total_col: bool,
) -> float:
    """How far apart the least and the most the cell could be, given everything shown (each
    line adds up, no count below 0): two linear programmes."""
    from scipy.optimize import linprog

    rows, cols = len(cells), len(cells[0])
    unknown = [(a, b) for a in range(rows) for b in range(cols) if hidden[a][b]]
    index = {cell: n for n, cell in enumerate(unknown)}
    inner_rows = rows - 1 if total_row else rows
    inner_cols = cols - 1 if total_col else cols
    lines: list[list[tuple[int, int, int]]] = []
    if total_col:
        lines += [[(a, b, 1) for b in range(inner_cols)] + [(a, cols - 1, -1)] for a in range(rows)]
    if total_row:
        lines += [[(a, b, 1) for a in range(inner_rows)] + [(rows - 1, b, -1)] for b in range(cols)]
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for line in lines:
        coefficients = [0.0] * len(unknown)
        rhs = 0.0
        for a, b, sign in line:
            if (a, b) in index:
                coefficients[index[(a, b)]] += sign
            else:
                rhs -= sign * cells[a][b]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(rhs)
    if not a_eq:
        return INF
    objective = [0.0] * len(unknown)
    objective[index[(i, j)]] = 1.0
    bounds = [(0, None)] * len(unknown)
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    objective[index[(i, j)]] = -1.0
    high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if high.status == 3:  # unbounded
        return INF
    return float(-high.fun - low.fun)


def _hide_rectangle(hidden: list[list[bool]], corners: tuple[int, int, int, int]) -> None:
    r1, r2, c1, c2 = corners
    for a, b in ((r1, c1), (r1, c2), (r2, c1), (r2, c2)):
        hidden[a][b] = True


def _best_hidden_rectangle(
    cells: list[list[int]],
    hidden: list[list[bool]],
    i: int,
    j: int,
    last_i: int | None,
    last_j: int | None,
) -> float:
    best = 0.0
    for r2 in range(len(cells)):
        if r2 == i or not hidden[r2][j]:
            continue
        for c2 in range(len(cells[0])):
            if c2 != j and hidden[i][c2] and hidden[r2][c2]:
                best = max(best, rectangle_width(cells, (i, r2, j, c2), last_i, last_j))
    return best


def _protect_line(cells: list[list[int]], hidden: list[list[bool]], threshold: int) -> None:
    """One row or one column (with its total last, if it has one): the suppressed cells
    together hold at least ``threshold`` and are at least two, else the total goes too."""
    flat = [(i, j) for i in range(len(cells)) for j in range(len(cells[0]))]
    has_total = len(flat) > 1
    parts = flat[:-1] if has_total else flat
    total = flat[-1] if has_total else None
    if total is not None and hidden[total[0]][total[1]]:
        # The total itself is small: every part is at most it; hide them all.
        for a, b in flat:
            hidden[a][b] = hidden[a][b] or cells[a][b] > 0
        return
    chosen = [p for p in parts if hidden[p[0]][p[1]]]
    rest = sorted(
        (p for p in parts if not hidden[p[0]][p[1]]),
        key=lambda p: (cells[p[0]][p[1]] == 0, cells[p[0]][p[1]]),
    )
    while chosen and (len(chosen) < 2 or sum(cells[a][b] for a, b in chosen) < threshold):
        if not rest:
            if total is not None:
                hidden[total[0]][total[1]] = True
            return
        nxt = rest.pop(0)
        hidden[nxt[0]][nxt[1]] = True
        chosen.append(nxt)

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
    primary = [(i, j) for i in range(rows) for j in range(cols) if hidden[i][j]]
    for i, j in primary:
        if _best_hidden_rectangle(cells, hidden, i, j, last_i, last_j) >= threshold:
            continue
        best: tuple[tuple[int, int], tuple[int, int, int, int]] | None = None
        widest: tuple[float, tuple[int, int, int, int]] | None = None
        for r2, c2 in itertools.product(range(rows), range(cols)):
            if r2 == i or c2 == j:
                continue
            corners = (i, r2, j, c2)
            width = rectangle_width(cells, corners, last_i, last_j)
            new = [(a, b) for a, b in ((i, c2), (r2, j), (r2, c2)) if not hidden[a][b]]
            cost = (len(new), sum(cells[a][b] for a, b in new))
            if width >= threshold and (best is None or cost < best[0]):
                best = (cost, corners)
            if widest is None or width > widest[0]:
                widest = (width, corners)
        if best is not None:
            _hide_rectangle(hidden, best[1])
        else:
            # No rectangle is wide enough: hide the cell's whole row and column, totals too.
            for b in range(cols):
                hidden[i][b] = True
            for a in range(rows):
                hidden[a][j] = True
            if widest is not None:
                _hide_rectangle(hidden, widest[1])
            if last_i is not None and last_j is not None:
                for b in range(cols):
                    hidden[last_i][b] = True
                for a in range(rows):
                    hidden[a][last_j] = True
    return result


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

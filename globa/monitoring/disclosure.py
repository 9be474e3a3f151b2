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

from dataclasses import dataclass

import numpy as np

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


def protect(
    inner: list[list[int]], threshold: int = 5, also: list[list[bool]] | None = None
) -> Protected:
    """The table with its totals, suppressed so that no suppressed cell is known to within
    less than ``threshold`` (counts 1 to threshold - 1 are suppressed, and the cells ``also``
    marks: the table with its totals, as ``with_totals`` shapes it)."""
    cells, total_row, total_col = with_totals(inner)
    rows = len(cells)
    cols = len(cells[0]) if cells else 0
    hidden = [
        [0 < v < threshold or bool(also and also[i][j]) for j, v in enumerate(row)]
        for i, row in enumerate(cells)
    ]
    result = Protected(cells, hidden, total_row, total_col)
    if not any(any(row) for row in hidden):
        return result
    if rows == 1 or cols == 1:
        _protect_line(cells, hidden, threshold)
        return result
    x = np.array(cells, dtype=float)
    h = np.array(hidden, dtype=bool)
    sigma = np.ones((rows, cols))
    if total_row:
        sigma[-1, :] *= -1
    if total_col:
        sigma[:, -1] *= -1
    todo = [(int(i), int(j)) for i, j in zip(*np.nonzero(h), strict=True)]
    for _round in range(rows * cols):
        for i, j in todo:
            _protect_cell(x, h, sigma, i, j, threshold, total_row, total_col)
        # Every suppressed cell, those hidden beside a small count too, must hold.
        todo = [
            (int(i), int(j))
            for i, j in zip(*np.nonzero(h), strict=True)
            if _best_hidden_rectangle(x, h, sigma, int(i), int(j)) < threshold
            and lp_width(cells, h.tolist(), int(i), int(j), total_row, total_col) < threshold
        ]
        if not todo:
            break
    result.hidden = h.tolist()
    return result


def _widths(x: np.ndarray, sigma: np.ndarray, i: int, j: int) -> np.ndarray:
    """How far round each rectangle through the cell (i, j) and (r2, c2) its cells can move
    (rows and columns of the cell itself: -1). Moving ``t`` round it changes (i, j) and
    (r2, c2) by ``+t`` and (i, c2), (r2, j) by ``-t``, each times its sign in the table where
    every line sums to zero; a cell whose change is ``-t`` limits how far up ``t`` goes, the
    others how far down. A side no cell limits is unbounded."""
    up_a = sigma[i, j] < 0
    up_b = sigma[i, :] > 0  # (i, c2), moved by -t
    up_c = sigma[:, j] > 0  # (r2, j), moved by -t
    up_d = sigma < 0  # (r2, c2)
    a, b, c = x[i, j], x[i, :], x[:, j]
    up = np.minimum.reduce(
        [
            np.full(x.shape, a if up_a else INF),
            np.broadcast_to(np.where(up_b, b, INF)[None, :], x.shape),
            np.broadcast_to(np.where(up_c, c, INF)[:, None], x.shape),
            np.where(up_d, x, INF),
        ]
    )
    down = np.minimum.reduce(
        [
            np.full(x.shape, INF if up_a else a),
            np.broadcast_to(np.where(up_b, INF, b)[None, :], x.shape),
            np.broadcast_to(np.where(up_c, INF, c)[:, None], x.shape),
            np.where(up_d, INF, x),
        ]
    )
    widths = up + down
    widths[i, :] = -1
    widths[:, j] = -1
    return widths


def _best_hidden_rectangle(
    x: np.ndarray, h: np.ndarray, sigma: np.ndarray, i: int, j: int
) -> float:
    """The widest rectangle of hidden cells through the cell."""
    mask = h & h[i, :][None, :] & h[:, j][:, None]
    mask[i, :] = False
    mask[:, j] = False
    if not mask.any():
        return 0.0
    return float(_widths(x, sigma, i, j)[mask].max())


def _protect_cell(
    x: np.ndarray,
    h: np.ndarray,
    sigma: np.ndarray,
    i: int,
    j: int,
    threshold: int,
    total_row: bool,
    total_col: bool,
) -> None:
    """Hide what it takes for the cell to be known to within no less than ``threshold``:
    the cheapest rectangle wide enough (the grand total only when nothing else will do);
    where no single rectangle is, the widest ones until linear programming says the cell
    holds; the cell's row and column with the totals as the last resort."""
    rows, cols = x.shape
    if _best_hidden_rectangle(x, h, sigma, i, j) >= threshold:
        return
    widths = _widths(x, sigma, i, j)
    last_i, last_j = rows - 1, cols - 1
    row_margin = np.zeros(rows, dtype=bool)
    col_margin = np.zeros(cols, dtype=bool)
    if total_row:
        row_margin[last_i] = True
    if total_col:
        col_margin[last_j] = True
    # The three other corners: new where not hidden yet; grand total, total, value.
    new_b = np.broadcast_to(~h[i, :][None, :], x.shape)
    new_c = np.broadcast_to(~h[:, j][:, None], x.shape)
    new_d = ~h
    grand_b = new_b & (row_margin[i] & col_margin)[None, :]
    grand_c = new_c & (row_margin & col_margin[j])[:, None]
    grand_d = new_d & (row_margin[:, None] & col_margin[None, :])
    margin_b = new_b & (row_margin[i] | col_margin)[None, :]
    margin_c = new_c & (row_margin | col_margin[j])[:, None]
    margin_d = new_d & (row_margin[:, None] | col_margin[None, :])
    grand = grand_b.astype(int) + grand_c + grand_d
    margins = margin_b.astype(int) + margin_c + margin_d
    count = new_b.astype(int) + new_c + new_d
    values = new_b * x[i, :][None, :] + new_c * x[:, j][:, None] + new_d * x
    valid = widths >= 0
    wide = valid & (widths >= threshold)
    if wide.any():
        # Hide the grand total only when nothing else will do, then totals, then as few and
        # as small figures as possible.
        order = np.lexsort((values[wide], count[wide], margins[wide], grand[wide]))
        r2, c2 = (int(v[order[0]]) for v in np.nonzero(wide))
        if grand[r2, c2] == 0:
            _hide(h, i, j, r2, c2)
            return
    narrow = valid & ~wide & (grand == 0)
    if narrow.any():
        rows_n, cols_n = np.nonzero(narrow)
        order = np.argsort(-widths[narrow], kind="stable")[:8]
        for k in order:
            _hide(h, i, j, int(rows_n[k]), int(cols_n[k]))
            if lp_width(x.tolist(), h.tolist(), i, j, total_row, total_col) >= threshold:
                return
    if wide.any():
        _hide(h, i, j, r2, c2)
        return
    h[i, :] = True
    h[:, j] = True
    if total_row and total_col:
        h[last_i, :] = True
        h[:, last_j] = True


def _hide(h: np.ndarray, i: int, j: int, r2: int, c2: int) -> None:
    h[i, j] = h[i, c2] = h[r2, j] = h[r2, c2] = True


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

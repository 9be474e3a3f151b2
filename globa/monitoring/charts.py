"""Charts of the figures drawn on the server as SVG, as the assessments' charts are: a title
and a description for screen readers, the same figures in a table beside the chart, colours
from the stylesheet's classes (a blue and an orange that colour-blind readers tell apart, and
the previous period hatched, so that the two read apart in black and white too). A
suppressed figure is drawn as no bar with ``c``."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from globa.monitoring.selectors import Cell, Figure

_ids = itertools.count(1)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(figure: Figure, *, period_label: str, previous_label: str) -> SafeString:
    """Horizontal bars by category: this period solid, the previous one hatched beneath."""
    chart_id = f"chart-{figure.indicator.code}-{next(_ids)}"
    labels = [label for _key, label in figure.columns]
    now: list[Cell] = figure.by_category
    before: list[Cell] = figure.previous_by_category
    width, label_w, pad, row_h = 640, 230, 20, 34
    plot_w = width - label_w - pad - 40
    height = pad + row_h * len(labels) + 30
    top = max(
        [float(c.value) for c in [*now, *before] if not c.hidden and c.value is not None] + [1]
    )

    def w(cell: Cell) -> float:
        if cell.hidden or cell.value is None:
            return 0.0
        return plot_w * float(cell.value) / top

    description = "; ".join(
        f"{label}: {now_cell} ({previous_label}: {before_cell})"
        for label, now_cell, before_cell in zip(labels, now, before, strict=True)
    )
    title = f"{figure.indicator.name}, {period_label}"
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<defs><pattern id="{chart_id}-h" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"/>'
        f'<line class="hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>',
    ]
    for index, (label, now_cell, before_cell) in enumerate(zip(labels, now, before, strict=True)):
        y = pad + index * row_h
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
        )
        # A mean change below 0 is drawn as no bar, its figure printed beside the axis.
        bar_now, bar_before = max(w(now_cell), 0.0), max(w(before_cell), 0.0)
        parts.append(
            f'<rect class="bar now" x="{label_w}" y="{y + 3}" width="{_num(bar_now)}" '
            f'height="14"/>'
            f'<text class="value" x="{_num(label_w + bar_now + 5)}" y="{y + 15}">'
            f"{escape(str(now_cell))}</text>"
        )
        parts.append(
            f'<rect class="bar before" x="{label_w}" y="{y + 19}" '
            f'width="{_num(bar_before)}" height="9" fill="url(#{chart_id}-h)"/>'
            f'<text class="tick" x="{_num(label_w + bar_before + 5)}" y="{y + 28}">'
            f"{escape(str(before_cell))}</text>"
        )
    legend_y = height - 10
    parts.append(
        f'<rect class="bar now" x="{label_w}" y="{legend_y - 9}" width="12" height="10"/>'
        f'<text class="tick" x="{label_w + 16}" y="{legend_y}">{escape(period_label)}</text>'
        f'<rect class="bar before" x="{label_w + 150}" y="{legend_y - 9}" width="12" height="10" '
        f'fill="url(#{chart_id}-h)"/>'
        f'<text class="tick" x="{label_w + 166}" y="{legend_y}">'
        f"{escape(_('previous period'))}: {escape(previous_label)}</text>"
    )
    parts.append(
        f'<line class="axis" x1="{label_w}" y1="{pad - 4}" x2="{label_w}" y2="{height - 24}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)

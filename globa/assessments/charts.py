"""Charts drawn on the server as SVG: the profile of one assessment and the change of each
domain over time. Each has a title and a description for screen readers, and the page shows
the same figures in a table beside it. Colours come from the stylesheet's classes (print and
high-contrast friendly); no script, no external asset.

"Better" is always drawn the same way, whatever the scale's direction: to the right in the
profile, upwards over time, so that a reader never has to remember that for this
instrument a lower number is the good one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from globa.assessments.definitions import Scale


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(value: Decimal | float | None) -> str:
    if value is None:
        return "\u2013"  # an en dash: no value
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")  # a minus sign, as typeset


def _tone(scale: Scale, value: float) -> str:
    """The class of the level nearest to the value: strength, need, action or neutral."""
    nearest = min(scale.levels, key=lambda level: (abs(level.value - value), level.value))
    if nearest.is_strength:
        return "strength"
    if nearest.action:
        return "action"
    return "need" if nearest.polarity == "need" else "neutral"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None


def profile(bars: Sequence[Bar], scale: Scale, *, title: str, chart_id: str) -> SafeString:
    """Horizontal bars, one per domain, on the scale's range; better to the right."""
    width, label_w, row_h, pad = 640, 210, 30, 24
    plot_w = width - label_w - pad
    height = pad + row_h * len(bars) + 28
    low, high = float(scale.low), float(scale.high)
    flip = scale.better == "lower"

    def x(value: float) -> float:
        share = (value - low) / (high - low) if high != low else 0
        if flip:
            share = 1 - share
        return label_w + share * plot_w

    base = 0.0 if low <= 0 <= high else (high if flip else low)
    parts = [
        f'<svg class="chart profile" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">'
        + escape(
            "; ".join(f"{bar.label}: {_label(bar.value)}" for bar in bars)
            + ". "
            + _("Better to the right.")
        )
        + "</desc>",
    ]
    for level in scale.levels:
        lx = x(level.value)
        parts.append(
            f'<line class="grid" x1="{_num(lx)}" y1="{pad - 6}" x2="{_num(lx)}" '
            f'y2="{height - 26}"/>'
            f'<text class="tick" x="{_num(lx)}" y="{height - 10}" text-anchor="middle">'
            f"{escape(_label(level.value))}</text>"
        )
    zero = x(base)
    for index, bar in enumerate(bars):
        y = pad + index * row_h
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + row_h / 2 + 5}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text class="none" x="{_num(zero + 4)}" y="{y + row_h / 2 + 5}">'
                f"{escape(_('not rated'))}</text>"
            )
            continue
        end = x(float(bar.value))
        left, right = sorted((zero, end))
        tone = _tone(scale, float(bar.value))
        parts.append(
            f'<rect class="bar {tone}" x="{_num(left)}" y="{y + 6}" '
            f'width="{_num(max(right - left, 2))}" height="{row_h - 12}" rx="3"/>'
            f'<text class="value" x="{_num(right + 5)}" y="{y + row_h / 2 + 5}">'
            f"{escape(_label(bar.value))}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{_num(zero)}" y1="{pad - 6}" x2="{_num(zero)}" '
        f'y2="{height - 26}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)


def trend(
    values: Sequence[Decimal | None],
    dates: Sequence[object],
    scale: Scale,
    *,
    title: str,
    chart_id: str,
    tone: str,
) -> SafeString:
    """One domain's score at each assessment, oldest to newest; better upwards."""
    width, height, left, right, top, bottom = 300, 150, 34, 14, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = float(scale.low), float(scale.high)
    flip = scale.better == "lower"
    n = len(values)

    def x(index: int) -> float:
        return left + (plot_w * index / (n - 1) if n > 1 else plot_w / 2)

    def y(value: float) -> float:
        share = (value - low) / (high - low) if high != low else 0
        if not flip:
            share = 1 - share
        return top + share * plot_h

    labels = [day.isoformat() if isinstance(day, dt.date) else str(day) for day in dates]
    parts = [
        f'<svg class="chart trend {escape(tone)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">'
        + escape(
            "; ".join(f"{day}: {_label(v)}" for day, v in zip(labels, values, strict=True))
            + ". "
            + _("Better upwards.")
        )
        + "</desc>",
    ]
    for level in (scale.low, scale.high):
        ly = y(level)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{_num(ly)}" x2="{width - right}" y2="{_num(ly)}"/>'
            f'<text class="tick" x="{left - 4}" y="{_num(ly + 4)}" text-anchor="end">'
            f"{escape(_label(level))}</text>"
        )
    if low < 0 < high:
        zy = y(0)
        parts.append(
            f'<line class="axis" x1="{left}" y1="{_num(zy)}" x2="{width - right}" y2="{_num(zy)}"/>'
        )
    points = [(x(i), y(float(v))) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
        parts.append(f'<polyline class="line" points="{path}"/>')
    for index, value in enumerate(values):
        if value is None:
            continue
        px, py = x(index), y(float(value))
        # The value above its point, or below it when the point is at the top.
        ty = py - 8 if py - 8 >= 12 else py + 16
        parts.append(
            f'<circle class="point" cx="{_num(px)}" cy="{_num(py)}" r="4"/>'
            f'<text class="value" x="{_num(px)}" y="{_num(ty)}" text-anchor="middle">'
            f"{escape(_label(value))}</text>"
        )
    for index, label in enumerate(labels):
        if n > 4 and index not in (0, n - 1):
            continue
        anchor = (
            "start" if index == 0 and n > 1 else "end" if index == n - 1 and n > 1 else "middle"
        )
        parts.append(
            f'<text class="tick" x="{_num(x(index))}" y="{height - 10}" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)

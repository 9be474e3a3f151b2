"""Small pieces the assessment pages repeat in long tables, written in Python: an include
per cell costs more than the rest of the row."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from globa.assessments.definitions import BETTER, SAME, WORSE, Level, Text

register = template.Library()


@register.simple_tag
def change_badge(value: str) -> SafeString | str:
    """Better, same or worse, as a badge with an arrow (the word says it, not the colour)."""
    if value == BETTER:
        return format_html('<span class="badge ok">↑ {}</span>', _("better"))
    if value == WORSE:
        return format_html('<span class="badge bad">↓ {}</span>', _("worse"))
    if value == SAME:
        return format_html('<span class="badge">= {}</span>', _("same"))
    return ""


@register.filter
def tone(level: Level | None) -> str:
    """The class of a level: strength, action, need or neutral."""
    if level is None:
        return "none"
    if level.is_strength:
        return "strength"
    if level.action:
        return "action"
    return "need" if level.polarity == "need" else "neutral"


def _number(value: object) -> str:
    return "\u2013" if value is None else escape(str(value))


@register.simple_tag
def change_rows(change: Any) -> SafeString:
    """The rows of the change table: each domain's score, then its items' levels, at every
    assessment, with better, same or worse since the previous and the first. A few hundred
    cells, written here rather than by the template engine, which would take longer than the
    rest of the page."""
    both = len(change.points) > 2
    rows: list[str] = []
    english = translation.get_language() == "en"
    badges = {value: change_badge(value) for value in (BETTER, SAME, WORSE, "")}

    def text(value: Text) -> str:
        return escape(value.en if english else value.lt)

    def moved(previous: str, first: str) -> str:
        cells = f"<td>{badges[previous]}</td>" if both else ""
        return cells + f"<td>{badges[first]}</td>"

    for domain in change.domains:
        values = "".join(f'<td class="num">{_number(v)}</td>' for v in domain.values)
        rows.append(
            f'<tr class="domain-row"><th scope="row">{text(domain.domain.name)}</th>'
            f"{values}{moved(domain.since_previous, domain.since_first)}</tr>"
        )
        for item in domain.items:
            levels = "".join(
                f'<td class="num"><span class="lv tone-{tone(level)}">{text(level.label)}</span></td>'
                if level is not None
                else '<td class="num">\u2013</td>'
                for level in item.levels
            )
            rows.append(
                f'<tr><th scope="row" class="item-row">{text(item.item.text)}</th>'
                f"{levels}{moved(item.since_previous, item.since_first)}</tr>"
            )
    for rule, values, first in change.overall:
        cells = "".join(f'<td class="num">{_number(v)}</td>' for v in values)
        rows.append(
            f'<tr class="domain-row"><th scope="row">{text(rule.name)}</th>{cells}'
            f"{'<td></td>' if both else ''}<td>{badges[first]}</td></tr>"
        )
    # Every text above is escaped.
    return mark_safe("".join(rows))  # noqa: S308

"""Small pieces the assessment pages repeat in long tables, written in Python: an include
per cell costs more than the rest of the row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from globa.assessments.definitions import BETTER, SAME, WORSE, Level

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

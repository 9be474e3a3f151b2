"""The header a printed record carries: who printed it, for which organisation, and when.
It is rendered with the page and shown only on paper (print.css)."""

from __future__ import annotations

from typing import Any

from django import template

from globa.lib import clock

register = template.Library()


@register.inclusion_tag("includes/print_header.html", takes_context=True)
def print_header(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "who": (user.get_full_name() or user.get_username()) if user is not None else "",
        "at": clock.now(),
    }

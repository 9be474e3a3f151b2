"""Showing registry data in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils import translation

from globa.lib import languages as language_names

register = template.Library()


@register.filter
def languages(names: Iterable[str] | None) -> str:
    """``{{ child.languages|languages }}``: the languages, in the interface's language."""
    return ", ".join(language_names.shown(names or (), translation.get_language() or "lt"))

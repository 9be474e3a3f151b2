"""The contacts section of a child's or household's page, given by the support app itself,
so the registry's pages show it without the registry knowing about services."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from globa.lib import clock
from globa.registry.models import CarerHousehold, Child
from globa.support import permissions, selectors

register = template.Library()

_UNKNOWN: object = object()


def contacts_context(
    user: Any, record: CarerHousehold | Child, current: Any = _UNKNOWN
) -> dict[str, Any]:
    """What ``support/_contacts.html`` shows for the record: its latest contacts, where to
    record one, and whether the user may."""
    if isinstance(record, CarerHousehold):
        can_record = permissions.can_record_for_household(user, record)
        return {
            "post_url": record_url(record),
            "recent": selectors.with_home_visits(selectors.recent_for_household(user, record)),
            "can_record": can_record,
            "contact_form": None,
            "planned_visits": list(selectors.open_visits_of(record).select_related("visitor")),
            "plan_url": reverse("support:visit_plan") + f"?household={record.pk}",
            "page_url": reverse("registry:household", kwargs={"household_id": record.pk}),
            "today": clock.today(),
        }
    can_record = (
        permissions.can_record_for_child(user, record)
        if current is _UNKNOWN
        else permissions.can_record_for_child(user, record, current)
    )
    return {
        "post_url": record_url(record),
        "recent": selectors.recent_for_child(user, record),
        "can_record": can_record,
        "contact_form": None,
    }


def record_url(record: CarerHousehold | Child) -> str:
    if isinstance(record, CarerHousehold):
        return reverse("support:household_contact", kwargs={"household_id": record.pk})
    return reverse("support:child_contact", kwargs={"child_id": record.pk})


@register.inclusion_tag("support/_contacts.html", takes_context=True)
def contacts_section(
    context: template.Context, record: CarerHousehold | Child, current: Any = _UNKNOWN
) -> dict[str, Any]:
    """``{% contacts_section child current=current %}``: the section, for the page's user
    (``current``: the child's current placement, when the page already has it)."""
    return contacts_context(context["request"].user, record, current)

"""The search box in the header: children, households, people in the carer pipeline and
early-intervention cases the user may see, by name, ignoring case and diacritics.

Each kind is read through its own app's scoped selector (the same one its page's access
function uses), and matched through the one name search (``core/search.py``; a child also
by the start of the personal code, as the children list does). Searching shows names only
as links; opening one is the record view its page logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.carers.selectors import candidates_visible_to
from globa.cases.selectors import cases_visible_to
from globa.core.search import name_matches
from globa.lib.collation import lt
from globa.registry import selectors as registry_selectors

# Fewer letters than this match too much to help.
SHORTEST = 2


@dataclass(frozen=True)
class Hit:
    name: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    label: str | Promise
    hits: list[Hit] = field(default_factory=list)
    more: bool = False
    list_url: str = ""


def searchable(user: User) -> bool:
    """Whether the user works with any records the search box finds."""
    scope = scope_for(user)
    return bool(scope.registry_org_ids or scope.case_org_ids)


def search(user: User, query: str, per_kind: int) -> list[Group]:
    """Up to ``per_kind`` best matches of each kind the user may see (``more`` says there
    are others); kinds the user does not work with are left out."""
    query = query.strip()
    if len(query) < SHORTEST:
        return []
    scope = scope_for(user)
    groups: list[Group] = []
    if scope.registry_org_ids:
        groups.append(_children(user, query, per_kind))
        groups.append(_households(user, query, per_kind))
        groups.append(_candidates(user, query, per_kind))
    if scope.case_org_ids:
        groups.append(_cases(user, query, per_kind))
    return groups


def _list_url(name: str, **params: str) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _first(rows: Any, per_kind: int) -> tuple[list[Any], bool]:
    found = list(rows[: per_kind + 1])
    return found[:per_kind], len(found) > per_kind


def _children(user: User, query: str, per_kind: int) -> Group:
    filters = registry_selectors.ChildFilters(query=query)
    rows, more = _first(registry_selectors.search_children(user, filters), per_kind)
    return Group(
        "children",
        _("Children"),
        [
            Hit(
                f"{c.first_name} {c.last_name}",
                f"{c.birth_date:%Y-%m-%d} · {c.get_status_display()}",
                reverse("registry:child", kwargs={"child_id": c.pk}),
            )
            for c in rows
        ],
        more,
        _list_url("registry:children", q=query),
    )


def _households(user: User, query: str, per_kind: int) -> Group:
    households = name_matches(registry_selectors.households_visible_to(user), query)
    rows, more = _first(households.order_by("-match", *lt("name")), per_kind)
    return Group(
        "households",
        _("Households"),
        [
            Hit(
                h.name,
                f"{h.get_kind_display()} · {h.get_status_display()}",
                reverse("registry:household", kwargs={"household_id": h.pk}),
            )
            for h in rows
        ],
        more,
        _list_url("registry:households", q=query),
    )


def _candidates(user: User, query: str, per_kind: int) -> Group:
    people = name_matches(candidates_visible_to(user), query)
    rows, more = _first(people.order_by("-match", *lt("last_name", "first_name")), per_kind)
    return Group(
        "candidates",
        _("New carers"),
        [
            Hit(
                str(p),
                str(p.get_stage_display()),
                reverse("carers:candidate", kwargs={"candidate_id": p.pk}),
            )
            for p in rows
        ],
        more,
    )


def _cases(user: User, query: str, per_kind: int) -> Group:
    cases = name_matches(cases_visible_to(user), query)
    rows, more = _first(cases.order_by("-match", *lt("family_name")), per_kind)
    return Group(
        "cases",
        _("Cases"),
        [
            Hit(
                c.family_name,
                str(c.get_stage_display()),
                reverse("cases:case", kwargs={"case_id": c.pk}),
            )
            for c in rows
        ],
        more,
        _list_url("cases:list", q=query, mine="0"),
    )

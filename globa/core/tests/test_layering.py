"""Views reach personal data only through selectors and access functions, and leave the
refusals to them (lint rules over the source)."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models

from globa.organisations.models import Organisation

PACKAGE = Path(__file__).resolve().parents[2]


def personal_models() -> set[str]:
    """Every model of Globa that is keyed by an organisation (a centre, a provider, the
    organisation a case belongs to): the records row-level security scopes. Derived from the
    models, so a new one is covered without anyone remembering to list it."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("globa.") or model is Organisation:
            continue
        if any(
            isinstance(field, models.ForeignKey) and field.related_model is Organisation
            for field in model._meta.get_fields()
        ):
            names.add(model.__name__)
    return names


def views_source() -> list[tuple[str, int, str]]:
    return [
        (str(path.relative_to(PACKAGE)), number, line)
        for path in PACKAGE.rglob("views.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
    ]


def test_the_personal_models_are_found_from_the_models() -> None:
    found = personal_models()
    assert {"Child", "CarerHousehold", "Placement", "SiblingGroup", "Delivery"} <= found
    assert {"FamilyCase", "Candidate", "AccessLog"} <= found
    assert "Service" not in found and "User" not in found


def test_views_do_not_query_personal_models_directly() -> None:
    direct = re.compile(r"\b(" + "|".join(sorted(personal_models())) + r")\.objects\b")
    offenders = [f"{p}:{n}: {line.strip()}" for p, n, line in views_source() if direct.search(line)]
    assert offenders == []


def test_views_leave_refusals_to_the_access_functions() -> None:
    refusal = re.compile(r"raise PermissionDenied|PermissionDenied\(")
    offenders = [
        f"{p}:{n}: {line.strip()}" for p, n, line in views_source() if refusal.search(line)
    ]
    assert offenders == []


def test_the_rules_catch_what_they_are_for() -> None:
    direct = re.compile(r"\b(" + "|".join(sorted(personal_models())) + r")\.objects\b")
    assert direct.search("groups = SiblingGroup.objects.filter(centre=c)")
    assert not direct.search("children = selectors.children_visible_to(user)")


def test_no_app_imports_another_apps_views() -> None:
    """A page of one app is never built by another app's view functions: shared pieces go
    down a layer (a selector, a template tag, core.views). The layers themselves are
    import-linter's contract in pyproject.toml, checked in CI."""
    import grimp

    graph = grimp.build_graph("globa", cache_dir=None)
    offenders = sorted(
        f"{importer} -> {imported}"
        for imported in graph.modules
        if imported.endswith(".views") and imported != "globa.core.views"
        for importer in graph.find_modules_that_directly_import(imported)
        if importer.split(".")[1] != imported.split(".")[1] and importer != "globa.urls"
    )
    assert offenders == []

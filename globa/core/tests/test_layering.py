"""Views reach personal data only through selectors and access functions, and apps depend
on each other one way (lint rules)."""

import re
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[2]
PERSONAL_MODELS = (
    "Child",
    "Relative",
    "CarerHousehold",
    "HouseholdAdult",
    "HouseholdOwnChild",
    "CoordinatorAssignment",
    "Placement",
    "AccessLog",
    "AuditChange",
    "Delivery",
    "Group",
    "GroupMember",
    "GroupSession",
    "FamilyCase",
    "StageEntry",
    "CaseChild",
    "TeamMember",
    "Conference",
    "Goal",
    "Action",
    "Reminder",
    "Candidate",
    "StageChange",
    "Contract",
    "Respite",
    "Match",
    "TrainingGroup",
    "Participant",
    "TrainingSession",
    "Attendance",
)
DIRECT = re.compile(r"\b(" + "|".join(PERSONAL_MODELS) + r")\.objects\b")


def test_views_do_not_query_personal_models_directly() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("views.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if DIRECT.search(line)
    ]
    assert [o for o in offenders if o not in KNOWN_VIEW_IMPORTS] == []


def test_the_rule_catches_a_direct_query() -> None:
    assert DIRECT.search("children = Child.objects.all()")
    assert not DIRECT.search("children = selectors.children_visible_to(user)")


# The carer journey and the two apps built on it. Training takes its participants from the
# pipeline; the journey's public figures and settings page read on-call care; on-call care
# needs neither. An arrow not listed here would make a cycle or a hidden coupling.
ALLOWED = {
    "globa.carers": {"globa.oncall"},
    "globa.oncall": set(),
    "globa.training": {"globa.carers"},
}


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("globa", cache_dir=None)  # 0.1 s; nothing written to the tree


def _app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_the_carer_apps_depend_on_each_other_one_way() -> None:
    graph = _graph()
    found = {
        (_app_of(importer), _app_of(imported), importer)
        for importer in graph.modules
        if _app_of(importer) in ALLOWED and ".tests" not in importer
        for imported in graph.find_modules_directly_imported_by(importer)
        if _app_of(imported) in ALLOWED and _app_of(imported) != _app_of(importer)
    }
    wrong = sorted(
        f"{importer} imports {app}" for own, app, importer in found if app not in ALLOWED[own]
    )
    assert wrong == []


# Grew up before the rule and is being folded back (the contact lists of a child's and a
# household's page); nothing is to be added here.
KNOWN_VIEW_IMPORTS = {"globa.registry.views imports globa.support.views"}


def test_no_app_imports_another_apps_views() -> None:
    """(``globa.core.views`` holds the small helpers every app's views share.)"""
    graph = _graph()
    offenders = sorted(
        f"{importer} imports {imported}"
        for importer in graph.modules
        if importer != "globa.urls"
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.endswith(".views")
        and _app_of(imported) not in (_app_of(importer), "globa.core")
    )
    assert [o for o in offenders if o not in KNOWN_VIEW_IMPORTS] == []

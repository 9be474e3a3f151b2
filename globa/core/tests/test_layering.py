"""Views reach personal data only through selectors and access functions (a lint rule)."""

import re
from pathlib import Path

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
    assert offenders == []


def test_the_rule_catches_a_direct_query() -> None:
    assert DIRECT.search("children = Child.objects.all()")
    assert not DIRECT.search("children = selectors.children_visible_to(user)")

"""The API's resources: each app's viewsets (``globa/<app>/api.py``), under /api/v1/.

This list is the extension point. An app that adds records to the API (the monitoring
indicators, next) writes its viewsets in its own ``api.py`` on
``globa.core.api.RecordViewSet`` and adds them here; its ``resource`` becomes a scope an
administrator can give API clients, and the schema and the contract test cover it at once.
"""

from __future__ import annotations

from typing import Any

from globa.assessments.api import AssessmentViewSet
from globa.cases.api import CaseViewSet
from globa.documents.api import DocumentViewSet
from globa.monitoring.api import IndicatorViewSet
from globa.oncall.api import OnCallViewSet
from globa.plans.api import PlanViewSet
from globa.registry.api import AssignmentViewSet, ChildViewSet, HouseholdViewSet, PlacementViewSet
from globa.support.api import DeliveryViewSet, GroupSessionViewSet

# (URL prefix, viewset, route name)
ROUTES: list[tuple[str, Any, str]] = [
    ("children", ChildViewSet, "child"),
    ("households", HouseholdViewSet, "household"),
    ("placements", PlacementViewSet, "placement"),
    ("assignments", AssignmentViewSet, "assignment"),
    ("deliveries", DeliveryViewSet, "delivery"),
    ("group-sessions", GroupSessionViewSet, "group-session"),
    ("cases", CaseViewSet, "case"),
    ("on-call", OnCallViewSet, "on-call"),
    ("documents", DocumentViewSet, "document"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("plans", PlanViewSet, "plan"),
    ("indicators", IndicatorViewSet, "indicator"),
]


def resources() -> list[tuple[str, Any]]:
    """Each resource's scope name and what it is called, in the order of the routes."""
    return [(viewset.resource, viewset.resource_label) for _prefix, viewset, _name in ROUTES]


def scopes() -> list[str]:
    """Every scope a client may be given: reading and changing each resource."""
    return [f"{name}:{what}" for name, _label in resources() for what in ("read", "write")]

"""Every page that takes a person's record shows it, and every one of them says so in the
access log: the test walks the URL configuration, so a new route is covered (or fails
here until its record kind is named)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from globa.audit.models import AccessLog
from globa.carers import services as carer_services
from globa.cases import services as case_services
from globa.cases.tests.conftest import cases_world
from globa.lib import clock
from globa.oncall.tests.helpers import signed
from globa.registry.tests.conftest import english, world
from globa.testing import World, as_system, as_user, municipality, place

__all__ = ["cases_world", "english", "world"]

# The URL keyword that names each kind of personal record, and what it names.
RECORD_KEYWORDS = (
    "child_id",
    "household_id",
    "placement_id",
    "case_id",
    "candidate_id",
    "assessment_id",
    "plan_id",
)
# Routes that take a record in another state than the one named in ``records``: deciding on
# or amending an assessment takes a completed one.
OTHER_STATE = {"assessments:decide": "completed", "assessments:amend": "completed"}


def routes() -> Iterator[tuple[str, str, list[str]]]:
    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                keywords = list(pattern.pattern.regex.groupindex)
                if any(k in RECORD_KEYWORDS for k in keywords):
                    yield f"{namespace}:{pattern.name}", str(pattern.pattern), keywords

    yield from walk(get_resolver().url_patterns)


@pytest.fixture
def records(cases_world: World) -> dict[str, Any]:
    world = cases_world
    placement = place(world.child, world.household, clock.today() - dt.timedelta(days=40))
    contract = signed(world.household, world.bob)
    with as_user(world.vaida):
        case = case_services.case_open(
            by=world.vaida,
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Stebimų šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=5),
                referral_reason="Priežastis",
                case_manager=world.vaida,
            ),
        )
        action = case_services.action_add(
            by=world.vaida,
            case=case,
            task=case_services.Task("Aplankyti", clock.today(), user=world.vaida),
        )
    with as_user(world.bob):
        candidate = carer_services.candidate_add(
            by=world.bob,
            centre=world.centre_a,
            inquiry=carer_services.Inquiry(
                first_name="Rūta",
                last_name="Būsimoji",
                email="ruta@example.lt",
                phone="+37060000000",
                municipality=municipality(),
                interests=("guardian",),
            ),
            consent_text="Sutiko.",
            on=clock.today(),
        )
    from globa.assessments import services as assessment_services
    from globa.assessments.tests.conftest import completed_family_assessment, version_of
    from globa.plans import services as plan_services

    with as_user(world.vaida):
        draft = assessment_services.assessment_start(
            by=world.vaida,
            subject=case,
            version=version_of("family_situation"),
            timepoint="intake",
            assessed_on=clock.today(),
        )
    completed = completed_family_assessment(world, case_services_open(world), days_ago=3)
    with as_user(world.bob):
        plan = plan_services.plan_start(by=world.bob, child=world.child)
    return {
        "assessment_id": draft,
        "completed": completed,
        "plan_id": plan,
        "domain": "environment",
        "child_id": world.child,
        "household_id": world.household,
        "placement_id": placement,
        "case_id": case,
        "candidate_id": candidate,
        "contract_id": contract,
        "action_id": action,
    }


def case_services_open(world: World) -> object:
    with as_user(world.vaida):
        return case_services.case_open(
            by=world.vaida,
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Kita šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=5),
                referral_reason="Priežastis",
                case_manager=world.vaida,
            ),
        )


def logged(record: models.Model) -> int:
    with as_system():
        return AccessLog.objects.filter(**{AccessLog.field_for(record): record}).count()


def test_every_route_that_takes_a_record_logs_the_view(
    cases_world: World, records: dict[str, Any]
) -> None:
    client = cases_world.client_for(cases_world.bob)
    walked = []
    for name, route, keywords in routes():
        unknown = [k for k in keywords if k not in records]
        assert not unknown, f"{name}: name the record kind of {unknown} in this test"
        given = {
            k: records[OTHER_STATE.get(name, k) if k == "assessment_id" else k] for k in keywords
        }
        url = reverse(name, kwargs={k: getattr(v, "pk", v) for k, v in given.items()})
        shown = next(given[k] for k in keywords if k in RECORD_KEYWORDS)
        if isinstance(shown, type(records["placement_id"])):
            shown = shown.child
        before = logged(shown)
        response = client.get(url)
        if response.status_code == 405:  # an action, not a page: the form that posts it
            response = client.post(url, {})
        assert response.status_code < 500, (name, response.status_code)
        assert logged(shown) > before, f"{name} ({route}) shows a record without logging it"
        walked.append(name)
    assert "registry:child_edit" in walked and "cases:action_done" in walked
    assert {"assessments:domain", "assessments:decide", "plans:plan", "plans:pdf"} <= set(walked)
    assert len(walked) >= 25


def test_matching_logs_each_child_it_shows(cases_world: World, records: dict[str, Any]) -> None:
    child = records["child_id"]
    with as_system():
        type(records["placement_id"]).objects.filter(child=child).delete()
    before = logged(child)
    response = cases_world.client_for(cases_world.bob).get(
        reverse("oncall:match"), {"children": str(child.pk)}
    )
    assert response.status_code == 200
    assert logged(child) == before + 1

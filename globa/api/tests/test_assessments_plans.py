"""Assessments and plans through the API: the assessment pages' and plan pages' access
functions, services and locks, seen by a system."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from globa.accounts.models import Role
from globa.api.tests.conftest import READ_ONLY, Systems, api_client, caller
from globa.api.tests.test_children import post
from globa.assessments.models import Assessment, Status
from globa.assessments.registry import definition_of
from globa.assessments.tests.conftest import answers_for, completed, version_of
from globa.audit.models import AccessLog
from globa.lib import clock
from globa.plans.models import Goal, Plan
from globa.testing import as_system, member, place

ASSESSMENTS = "/api/v1/assessments/"
PLANS = "/api/v1/plans/"


@pytest.fixture
def placed(systems: Systems) -> Any:
    world = systems.world
    place(world.child, world.household, clock.today() - dt.timedelta(days=200))
    return world.child


def start(systems: Systems, child: Any, client: Any = None, **changes: Any) -> Any:
    data = {
        "child": str(child.pk),
        "instrument": "child_needs",
        "timepoint": "intake",
        "assessed_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
    }
    data.update(changes)
    return post(client or systems.for_a(), ASSESSMENTS, data)


def fill_all(systems: Systems, assessment: dict[str, Any]) -> str:
    """Every domain saved through the API; the ETag last answered."""
    version = version_of("child_needs")
    ratings = answers_for(version)
    tag = ""
    for domain in definition_of(version).domains:
        body = {
            "ratings": {
                item.code: {"value": ratings[item.code].value, "evidence": "Pastebėta."}
                for item in domain.items
            },
            "version": assessment["version"],
        }
        saved = post(
            systems.for_a(), f"{ASSESSMENTS}{assessment['id']}/domains/{domain.code}/", body
        )
        assert saved.status_code == 200, saved.json()
        tag = saved["ETag"]
    return tag


def test_an_assessment_is_started_filled_completed_and_read(systems: Systems, placed: Any) -> None:
    started = start(systems, placed)
    assert started.status_code == 201, started.json()
    body = started.json()
    assert body["status"] == "draft" and body["child"] == str(placed.pk)
    assert body["domains"] and body["domains"][0]["items"][0]["value"] is None
    tag = fill_all(systems, body)
    done = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/complete/",
        {"summary": "Vaikas prisitaiko."},
        HTTP_IF_MATCH=tag,
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "completed" and done.json()["scores"]
    one = systems.for_a().get(f"{ASSESSMENTS}{body['id']}/")
    assert one.status_code == 200 and one["ETag"] == done["ETag"]
    assert one.json()["domains"][0]["items"][0]["evidence"] == "Pastebėta."
    assert (
        systems.for_a().get(f"{ASSESSMENTS}{body['id']}/", HTTP_IF_NONE_MATCH=one["ETag"])
    ).status_code == 304
    result = systems.for_a().get(f"{ASSESSMENTS}{body['id']}/result/")
    assert result.status_code == 200 and result.json()["missing"] == []
    listed = systems.for_a().get(ASSESSMENTS, {"child": str(placed.pk), "status": "completed"})
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]
    assert systems.for_a().get(ASSESSMENTS, {"household": "nėra"}).json()["count"] == 0
    with as_system():
        assert AccessLog.objects.filter(assessment_id=body["id"]).exists()


def test_an_informants_ratings_are_kept_beside_the_assessors(systems: Systems, placed: Any) -> None:
    body = start(systems, placed).json()
    path = f"{ASSESSMENTS}{body['id']}/"
    nobody = post(systems.for_a(), f"{path}informants/", {"name": " ", "role": "child"})
    assert nobody.status_code == 400 and "name" in nobody.json()["errors"]
    added = post(systems.for_a(), f"{path}informants/", {"name": "Ieva", "role": "child"})
    assert added.status_code == 201, added.json()
    informant = added.json()["id"]
    domain = definition_of(version_of("child_needs")).items["child_view"].domain
    saved = post(
        systems.for_a(),
        f"{path}domains/{domain}/",
        {
            "ratings": {},
            "informant_ratings": [{"informant": informant, "item": "child_view", "value": 2}],
            "version": body["version"],
        },
    )
    assert saved.status_code == 200, saved.json()
    read = systems.for_a().get(path).json()
    items = {i["code"]: i for d in read["domains"] for i in d["items"]}
    assert items["child_view"]["informants"] == {str(informant): 2}
    assert read["informants"] == [{"id": informant, "name": "Ieva", "role": "child"}]
    assert (
        post(systems.for_b(), f"{path}informants/", {"name": "X", "role": "child"}).status_code
        == 404
    )


def test_the_change_over_time_follows_the_completed_assessments(
    systems: Systems, placed: Any
) -> None:
    world = systems.world
    first = completed(world.bob, placed, "child_needs", days_ago=90, value=1)
    second = completed(world.bob, placed, "child_needs", timepoint="review", days_ago=5, value=3)
    change = systems.for_a().get(f"{ASSESSMENTS}{second.pk}/change/")
    assert change.status_code == 200
    assert change.json()["assessments"] == [str(first.pk), str(second.pk)]
    assert change.json()["domains"]
    alone = systems.for_a().get(f"{ASSESSMENTS}{first.pk}/change/")
    assert alone.json()["assessments"] == []


def test_an_outsider_gets_404_and_a_reader_403(systems: Systems, placed: Any) -> None:
    body = start(systems, placed).json()
    path = f"{ASSESSMENTS}{body['id']}/"
    assert systems.for_b().get(path).status_code == 404
    assert systems.for_b().get(ASSESSMENTS).json()["count"] == 0
    assert start(systems, placed, systems.for_b()).status_code == 404
    reader = systems.for_a_reader()
    assert reader.get(path).status_code == 200
    assert start(systems, placed, reader).status_code == 403
    refused = post(reader, f"{path}complete/", {"summary": "x", "version": body["version"]})
    assert refused.status_code == 403


def test_bad_input_is_refused_with_field_errors(systems: Systems, placed: Any) -> None:
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    bad = start(systems, placed, assessed_on=future)
    assert bad.status_code == 400 and "assessed_on" in bad.json()["errors"]
    unknown = start(systems, placed, instrument="no_such")
    assert unknown.status_code == 400 and "instrument" in unknown.json()["errors"]
    body = start(systems, placed).json()
    domain = body["domains"][0]
    item = domain["items"][0]["code"]
    wrong = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/domains/{domain['code']}/",
        {"ratings": {item: {"value": 99}}, "version": body["version"]},
    )
    assert wrong.status_code == 400 and item in wrong.json()["errors"]
    early = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/complete/",
        {"summary": "Per anksti.", "version": body["version"]},
    )
    assert early.status_code == 400 and "summary" in early.json()["errors"]
    with as_system():
        assert Assessment.objects.get(pk=body["id"]).status == Status.DRAFT
        assert not Assessment.objects.get(pk=body["id"]).answers.exists()


def test_a_stale_version_is_refused_and_a_completed_one_is_locked(
    systems: Systems, placed: Any
) -> None:
    body = start(systems, placed).json()
    tag = fill_all(systems, body)
    stale = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/complete/",
        {"summary": "Santrauka."},
        HTTP_IF_MATCH=f'"{body["id"]}-{body["version"] + 5}"',
    )
    assert stale.status_code == 412
    stale_body = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/complete/",
        {"summary": "Santrauka.", "version": body["version"] + 5},
    )
    assert stale_body.status_code == 409
    assert (
        post(systems.for_a(), f"{ASSESSMENTS}{body['id']}/complete/", {"summary": "S."})
    ).status_code == 428
    done = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/complete/",
        {"summary": "Santrauka."},
        HTTP_IF_MATCH=tag,
    )
    assert done.status_code == 200
    domain = body["domains"][0]
    locked = post(
        systems.for_a(),
        f"{ASSESSMENTS}{body['id']}/domains/{domain['code']}/",
        {"ratings": {}, "version": done.json()["version"]},
    )
    assert locked.status_code == 403


def test_a_manager_decides_on_an_assessment_made_by_someone_else(
    systems: Systems, placed: Any
) -> None:
    made = completed(systems.world.alice, placed, "child_needs")
    path = f"{ASSESSMENTS}{made.pk}/decide/"
    returned = post(systems.for_a(), path, {"decision": "return", "version": made.version})
    assert returned.status_code == 400 and "note" in returned.json()["errors"]
    approved = post(systems.for_a(), path, {"decision": "approve", "version": made.version})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = post(systems.for_a(), path, {"decision": "approve", "version": made.version})
    assert again.status_code == 403


def test_a_completed_assessment_is_amended_and_a_draft_discarded(
    systems: Systems, placed: Any
) -> None:
    made = completed(systems.world.alice, placed, "child_needs")
    path = f"{ASSESSMENTS}{made.pk}/"
    no_reason = post(systems.for_a(), f"{path}amend/", {"reason": ""})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert post(systems.for_b(), f"{path}amend/", {"reason": "Klaida"}).status_code == 404
    assert post(systems.for_a_reader(), f"{path}amend/", {"reason": "Klaida"}).status_code == 403
    amended = post(systems.for_a(), f"{path}amend/", {"reason": "Klaida datoje"})
    assert amended.status_code == 201, amended.json()
    draft = amended.json()
    assert draft["amends"] == str(made.pk) and draft["status"] == "draft"
    assert draft["domains"][0]["items"][0]["value"] is not None
    discard = f"{ASSESSMENTS}{draft['id']}/discard/"
    assert post(systems.for_a(), discard, {"version": draft["version"] + 1}).status_code == 409
    assert post(systems.for_a(), discard, {"version": draft["version"]}).status_code == 204
    assert systems.for_a().get(f"{ASSESSMENTS}{draft['id']}/").status_code == 404
    with as_system():
        assert Assessment.objects.filter(pk=made.pk, status="completed").exists()


def test_a_client_without_the_scope_is_refused(systems: Systems, placed: Any) -> None:
    no_assessments = [s for s in READ_ONLY if not s.startswith(("assessments", "plans"))]
    _client, key = api_client(systems.world.centre_a, Role.CENTRE_MANAGER, no_assessments)
    assert caller(key).get(ASSESSMENTS).status_code == 403
    assert caller(key).get(PLANS).status_code == 403


# Plans ---------------------------------------------------------------------------------


def start_plan(systems: Systems, child: Any, client: Any = None, **changes: Any) -> Any:
    data = {"child": str(child.pk), "starts_on": clock.today().isoformat()}
    data.update(changes)
    return post(client or systems.for_a(), PLANS, data)


def test_a_plan_is_started_with_goals_actions_and_a_review(systems: Systems, placed: Any) -> None:
    started = start_plan(systems, placed)
    assert started.status_code == 201, started.json()
    plan = started.json()
    path = f"{PLANS}{plan['id']}/"
    goal = post(systems.for_a(), f"{path}goals/", {"text": "Lanko mokyklą"})
    assert goal.status_code == 201, goal.json()
    action = post(
        systems.for_a(),
        f"{path}actions/",
        {
            "goal": goal.json()["id"],
            "description": "Susitikimas su mokytoja",
            "due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
            "responsible_name": "Klasės auklėtoja",
        },
    )
    assert action.status_code == 201, action.json()
    done = post(
        systems.for_a(),
        f"{path}actions/{action.json()['id']}/done/",
        {"on": clock.today().isoformat(), "note": "Įvyko"},
    )
    assert done.status_code == 200 and done.json()["done_on"] == clock.today().isoformat()
    given = post(
        systems.for_a(),
        f"{path}actions/{action.json()['id']}/services/",
        {
            "service": "coordinator_assistance",
            "delivered_on": clock.today().isoformat(),
            "minutes": 45,
            "form": "home_visit",
        },
    )
    assert given.status_code == 201, given.json()
    unknown = post(
        systems.for_a(),
        f"{path}actions/{action.json()['id']}/services/",
        {"service": "nera", "delivered_on": "2000-01-01", "minutes": 0, "form": "x"},
    )
    assert unknown.status_code == 400
    assert {"minutes", "form"} <= set(unknown.json()["errors"])
    read = systems.for_a().get(path)
    assert read.status_code == 200
    assert [g["id"] for g in read.json()["actions"][0]["services_given"]] == [given.json()["id"]]
    review = post(
        systems.for_a(),
        f"{path}reviews/",
        {
            "held_on": clock.today().isoformat(),
            "progress": [{"goal": goal.json()["id"], "progress": "achieved"}],
            "note": "Aptarta",
        },
        HTTP_IF_MATCH=read["ETag"],
    )
    assert review.status_code == 201, review.json()
    assert review.json()["reviews"][0]["progress"][0]["progress"] == "achieved"
    assert review.json()["version"] == plan["version"] + 1
    listed = systems.for_a().get(PLANS, {"child": str(placed.pk)})
    assert [row["id"] for row in listed.json()["results"]] == [plan["id"]]
    assert systems.for_a().get(PLANS, {"staff": "nėra"}).json()["count"] == 0
    closed = post(
        systems.for_a(),
        f"{path}close/",
        {"on": clock.today().isoformat(), "version": review.json()["version"]},
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert post(systems.for_a(), f"{path}goals/", {"text": "Dar"}).status_code == 403


def test_plans_are_refused_to_outsiders_readers_and_bad_input(
    systems: Systems, placed: Any
) -> None:
    plan = start_plan(systems, placed).json()
    path = f"{PLANS}{plan['id']}/"
    assert systems.for_b().get(path).status_code == 404
    assert systems.for_b().get(PLANS).json()["count"] == 0
    assert post(systems.for_b(), f"{path}goals/", {"text": "X"}).status_code == 404
    assert systems.for_a_reader().get(path).status_code == 200
    assert post(systems.for_a_reader(), f"{path}goals/", {"text": "X"}).status_code == 403
    empty = post(systems.for_a(), f"{path}goals/", {"text": " "})
    assert empty.status_code == 400 and "text" in empty.json()["errors"]
    bad = post(
        systems.for_a(),
        f"{path}actions/",
        {"goal": 999999, "description": "", "due_on": "2000-01-01", "service": "nera"},
    )
    assert bad.status_code == 400
    assert {"goal", "service"} <= set(bad.json()["errors"])
    twice = start_plan(systems, placed)
    assert twice.status_code == 400
    with as_system():
        assert Plan.objects.count() == 1 and not Goal.objects.exists()


def test_a_stale_plan_version_is_refused(systems: Systems, placed: Any) -> None:
    plan = start_plan(systems, placed).json()
    path = f"{PLANS}{plan['id']}/close/"
    today = clock.today().isoformat()
    assert (
        post(systems.for_a(), path, {"on": today}, HTTP_IF_MATCH=f'"{plan["id"]}-9"')
    ).status_code == 412
    assert post(systems.for_a(), path, {"on": today, "version": 9}).status_code == 409
    with as_system():
        assert Plan.objects.get(pk=plan["id"]).status == "active"


def test_a_development_plan_is_seen_by_the_staff_member_and_their_manager(
    systems: Systems,
) -> None:
    world = systems.world
    worker = member(Role.COORDINATOR, world.centre_a, first_name="Rūta", last_name="Darbuotoja")
    started = post(
        systems.for_a(),
        PLANS,
        {"staff": str(worker.uuid), "starts_on": clock.today().isoformat()},
    )
    assert started.status_code == 201, started.json()
    assert started.json()["kind"] == "development_plan"
    assert started.json()["staff"] == str(worker.uuid)
    mine = world.client_for(worker).get(PLANS)
    assert [row["id"] for row in mine.json()["results"]] == [started.json()["id"]]
    assert world.client_for(world.alice).get(PLANS).json()["count"] == 0


def test_a_familys_assessment_is_the_case_teams(cases_world: Any) -> None:
    from globa.api.tests.test_support_cases_oncall import open_case

    world = cases_world
    case = open_case(world)
    _c, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    _m, colleague = api_client(world.centre_a, Role.CASE_MANAGER)
    _b, other = api_client(world.centre_b, Role.CENTRE_MANAGER)
    _r, registry_only = api_client(world.centre_a, Role.SPECIALIST)
    data = {
        "case": str(case.pk),  # type: ignore[attr-defined]
        "instrument": "family_situation",
        "timepoint": "intake",
        "assessed_on": clock.today().isoformat(),
    }
    assert post(caller(other), ASSESSMENTS, data).status_code == 404
    # Another case manager sees the case, but only its own case manager or a manager assesses.
    assert post(caller(colleague), ASSESSMENTS, data).status_code == 403
    started = post(caller(key), ASSESSMENTS, data)
    assert started.status_code == 201, started.json()
    assert started.json()["case"] == str(case.pk)  # type: ignore[attr-defined]
    path = f"{ASSESSMENTS}{started.json()['id']}/"
    assert caller(key).get(path).status_code == 200
    assert caller(colleague).get(path).status_code == 200
    assert caller(registry_only).get(path).status_code == 404
    assert caller(registry_only).get(ASSESSMENTS).json()["count"] == 0
    assert caller(other).get(path).status_code == 404
    wrong = post(caller(key), ASSESSMENTS, {**data, "instrument": "child_needs"})
    assert wrong.status_code == 400 and "instrument" in wrong.json()["errors"]

"""Documents of assessments and plans: attached by whoever may assess the person (or change
the plan), seen and downloaded by whoever sees the assessment or plan, every download in its
access log; through the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from globa.accounts.models import Role
from globa.api.tests.conftest import READ_ONLY, api_client, caller
from globa.assessments.tests.conftest import completed
from globa.audit.models import AccessLog
from globa.documents.models import Document
from globa.documents.tests.test_documents import PDF, add
from globa.lib import clock
from globa.plans import services as plan_services
from globa.plans.models import Plan
from globa.testing import World, as_system, as_user, place


@pytest.fixture
def placed(world: World) -> Any:
    place(world.child, world.household, clock.today() - dt.timedelta(days=200))
    return world.child


def assessment_url(assessment: Any) -> str:
    return reverse("documents:assessment", kwargs={"assessment_id": assessment.pk})


def plan_url(plan: Plan) -> str:
    return reverse("documents:plan", kwargs={"plan_id": plan.pk})


def download_url(document: Document) -> str:
    return reverse("documents:download", kwargs={"document_id": document.pk})


def test_a_signed_assessment_is_attached_and_downloaded_with_the_download_logged(
    world: World, placed: Any
) -> None:
    assessment = completed(world.alice, placed, "child_needs")
    page = world.client_for(world.bob).get(
        reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    )
    assert assessment_url(assessment) in page.content.decode()
    response = add(world.client_for(world.alice), assessment_url(assessment))
    assert response.status_code == 302
    with as_system():
        document = Document.objects.get()
    assert document.assessment_id == assessment.pk and document.subject_kind == "child"
    listed = world.client_for(world.carol).get(assessment_url(assessment))
    assert "Teismo nutartis.pdf" in listed.content.decode()
    assert world.client_for(world.carol).get(download_url(document)).status_code == 200
    with as_system():
        log = AccessLog.objects.get(assessment=assessment, what="download")
    assert log.user == world.carol
    charlie = world.client_for(world.charlie)
    assert charlie.get(assessment_url(assessment)).status_code == 404
    assert charlie.get(download_url(document)).status_code == 404
    assert add(charlie, assessment_url(assessment)).status_code == 404


def test_a_staff_members_assessment_documents_follow_the_assessment(world: World) -> None:
    assessment = completed(world.bob, world.alice, "staff_competence", staff_org=world.centre_a.pk)
    assert add(world.client_for(world.bob), assessment_url(assessment)).status_code == 302
    with as_system():
        document = Document.objects.get()
    assert document.subject_kind == "staff"
    alice = world.client_for(world.alice)
    # She sees her own completed assessment and its documents, but attaches none.
    assert alice.get(download_url(document)).status_code == 200
    assert add(alice, assessment_url(assessment)).status_code == 403
    # A colleague of the same centre does not see it, nor its documents.
    carol = world.client_for(world.carol)
    assert carol.get(assessment_url(assessment)).status_code == 404
    assert carol.get(download_url(document)).status_code == 404


def test_a_plans_documents_are_attached_through_the_page_and_the_api(
    world: World, placed: Any
) -> None:
    with as_user(world.bob):
        plan = plan_services.plan_start(by=world.bob, child=placed)
    page = world.client_for(world.bob).get(reverse("plans:plan", kwargs={"plan_id": plan.pk}))
    assert plan_url(plan) in page.content.decode()
    assert add(world.client_for(world.bob), plan_url(plan)).status_code == 302
    assert add(world.client_for(world.charlie), plan_url(plan)).status_code == 404
    _a, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    _b, other = api_client(world.centre_b, Role.CENTRE_MANAGER)
    _r, reader = api_client(world.centre_a, Role.SPECIALIST, [*READ_ONLY])
    data = {
        "plan": str(plan.pk),
        "kind": "signed_plan",
        "dated_on": clock.today().isoformat(),
        "file": SimpleUploadedFile("planas.pdf", PDF),
    }
    created = caller(key).post("/api/v1/documents/", data)
    assert created.status_code == 201, created.json()
    assert created.json()["plan"] == str(plan.pk)
    listed = caller(key).get("/api/v1/documents/", {"plan": str(plan.pk)})
    assert len(listed.json()["results"]) == 2
    data["file"] = SimpleUploadedFile("planas.pdf", PDF)
    assert caller(other).post("/api/v1/documents/", data).status_code == 404
    data["file"] = SimpleUploadedFile("planas.pdf", PDF)
    assert caller(reader).post("/api/v1/documents/", data).status_code == 403
    content = caller(key).get(f"/api/v1/documents/{created.json()['id']}/content/")
    assert content.status_code == 200
    with as_system():
        assert AccessLog.objects.filter(plan=plan, what="download").count() == 1
    assert caller(other).get(f"/api/v1/documents/{created.json()['id']}/").status_code == 404


def test_an_assessments_documents_through_the_api(world: World, placed: Any) -> None:
    assessment = completed(world.alice, placed, "child_needs")
    _a, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    data = {
        "assessment": str(assessment.pk),
        "kind": "report",
        "dated_on": clock.today().isoformat(),
        "file": SimpleUploadedFile("vertinimas.pdf", PDF),
    }
    created = caller(key).post("/api/v1/documents/", data)
    assert created.status_code == 201, created.json()
    listed = caller(key).get("/api/v1/documents/", {"assessment": str(assessment.pk)})
    assert [d["assessment"] for d in listed.json()["results"]] == [str(assessment.pk)]

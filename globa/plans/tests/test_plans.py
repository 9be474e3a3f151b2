"""Plans: a child's service plan from their needs, actions with services given for them, a
review of every goal, the PDF; a staff member's development plan with training through the
training records; who sees and changes them."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.accounts.models import Role
from globa.assessments.tests.conftest import completed
from globa.lib import clock
from globa.plans import services
from globa.plans.models import Action, Goal, Plan, Progress
from globa.support.models import Delivery, DeliveryForm, Service
from globa.testing import World, as_system, as_user, member

pytestmark = pytest.mark.django_db


def child_plan(world: World, child: Any) -> Plan:
    """The child's needs assessed by the coordinator who works with them; goals taken."""
    assessment = completed(world.alice, child, "child_needs", value=2)
    client = world.client_for(world.alice)
    page = client.get(reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk}))
    assert "Tikslai planui" in page.content.decode()
    response = client.post(
        reverse("plans:goals_accept", kwargs={"assessment_id": assessment.pk}),
        {
            "item": ["sleep", "school"],
            "text_sleep": "Vaikas išmiega",
            "text_school": "Lanko mokyklą",
        },
    )
    assert response.status_code == 302
    with as_system():
        return Plan.objects.get(child=child)


def test_the_service_plan_takes_its_goals_from_the_needs(
    cases_world: World, placed_child: Any
) -> None:
    plan = child_plan(cases_world, placed_child)
    with as_system():
        goals = list(plan.goals.values_list("text", "item__code"))
        assert plan.assessment is not None and plan.starts_on == plan.assessment.assessed_on
    assert goals == [("Vaikas išmiega", "sleep"), ("Lanko mokyklą", "school")]


def test_services_given_are_linked_to_the_plans_actions(
    cases_world: World, placed_child: Any
) -> None:
    plan = child_plan(cases_world, placed_child)
    client = cases_world.client_for(cases_world.alice)
    with as_system():
        goal = plan.goals.first()
        service = Service.objects.get(code="psychological_consultation")
    response = client.post(
        reverse("plans:action_add", kwargs={"plan_id": plan.pk}),
        {
            "goal": goal.pk,
            "description": "Psichologo konsultacijos",
            "service": service.pk,
            "responsible_user": cases_world.carol.pk,
            "responsible_organisation": cases_world.centre_a.pk,
            "due_on": (clock.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    with as_system():
        action = Action.objects.get(plan=plan)
    url = reverse("plans:service_add", kwargs={"plan_id": plan.pk, "action_id": action.pk})
    response = client.post(
        url,
        {
            "service": service.pk,
            "delivered_on": clock.today().isoformat(),
            "minutes": "60",
            "mode": DeliveryForm.OFFICE,
            "notes": "",
        },
    )
    assert response.status_code == 302
    with as_system():
        delivery = Delivery.objects.get(plan_action=action)
    assert delivery.child_id == placed_child.pk and delivery.provider_id == cases_world.centre_a.pk
    page = client.get(reverse("plans:plan", kwargs={"plan_id": plan.pk}))
    assert "Psichologinė konsultacija (60 min)" in page.content.decode()


def test_a_review_records_every_open_goal(cases_world: World, placed_child: Any) -> None:
    plan = child_plan(cases_world, placed_child)
    with as_system():
        sleep, school = list(plan.goals.order_by("position"))
    with (
        as_user(cases_world.alice),
        pytest.raises(ValidationError, match=r"every open goal|kiekvieno atviro"),
    ):
        services.review_record(
            by=cases_world.alice,
            plan=plan,
            held_on=clock.today(),
            progress={sleep.pk: (Progress.ACHIEVED, "")},
            version=plan.version,
        )
    with as_user(cases_world.alice):
        services.review_record(
            by=cases_world.alice,
            plan=plan,
            held_on=clock.today(),
            progress={
                sleep.pk: (Progress.ACHIEVED, "Miega ramiai"),
                school.pk: (Progress.PARTLY, ""),
            },
            reassess=True,
            version=plan.version,
        )
    with as_system():
        assert dict(Goal.objects.filter(plan=plan).values_list("text", "progress")) == {
            "Vaikas išmiega": "achieved",
            "Lanko mokyklą": "partly",
        }
        plan.refresh_from_db()
    assert plan.review_on > clock.today()


def test_the_plan_prints_and_exports_a_pdf_in_lithuanian(
    cases_world: World, placed_child: Any
) -> None:
    plan = child_plan(cases_world, placed_child)
    client = cases_world.client_for(cases_world.bob)
    page = client.get(reverse("plans:plan", kwargs={"plan_id": plan.pk}), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'class="signatures"' in page.content.decode()
    response = client.get(reverse("plans:pdf", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Individualus paslaugų planas" in text and "Vaikas išmiega" in text


def _pdf_text(data: bytes) -> str:
    """The text of the PDF as a reader sees it (Poppler's pdftotext, where installed)."""
    import shutil
    import subprocess

    reader = shutil.which("pdftotext")
    if reader is None:
        if os.environ.get("GLOBA_REQUIRE_PDFTOTEXT"):
            pytest.fail("GLOBA_REQUIRE_PDFTOTEXT is set but Poppler's pdftotext was not found")
        pytest.skip("pdftotext is not installed")
    return subprocess.run(  # noqa: S603
        [reader, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_case_help_plan_exports_a_pdf(cases_world: World, case: Any) -> None:
    response = cases_world.client_for(cases_world.vaida).get(
        reverse("plans:case_pdf", kwargs={"case_id": case.pk})
    )  # type: ignore[attr-defined]
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        cases_world.client_for(cases_world.alice)
        .get(reverse("plans:case_pdf", kwargs={"case_id": case.pk}))
        .status_code
        == 404
    )


def test_who_sees_and_changes_a_childs_plan(cases_world: World, placed_child: Any) -> None:
    plan = child_plan(cases_world, placed_child)
    url = reverse("plans:plan", kwargs={"plan_id": plan.pk})
    other = member(
        Role.COORDINATOR, cases_world.centre_a, first_name="Kitas", last_name="Koordinatorius"
    )
    for outsider in (cases_world.charlie, cases_world.nora, other):
        assert cases_world.client_for(outsider).get(url).status_code == 404
    assert cases_world.client_for(cases_world.carol).get(url).status_code == 200
    # A plan closed is read only.
    with as_user(cases_world.bob):
        services.plan_close(by=cases_world.bob, plan=plan, on=clock.today(), version=plan.version)
    goal_url = reverse("plans:goal_add", kwargs={"plan_id": plan.pk})
    assert cases_world.client_for(cases_world.bob).get(goal_url).status_code == 403


def test_bad_input_saves_nothing(cases_world: World, placed_child: Any) -> None:
    plan = child_plan(cases_world, placed_child)
    client = cases_world.client_for(cases_world.alice)
    response = client.post(reverse("plans:goal_add", kwargs={"plan_id": plan.pk}), {"text": "  "})
    assert response.status_code == 200
    with as_system():
        assert plan.goals.count() == 2


def test_a_development_plan_takes_its_training_through_the_training_records(
    cases_world: World,
) -> None:
    from globa.training import services as training_services
    from globa.training.models import Programme

    assessment = completed(
        cases_world.bob,
        cases_world.alice,
        "staff_competence",
        value=1,
        staff_org=cases_world.centre_a.pk,
    )
    with as_user(cases_world.bob):
        plan = services.goals_accept(
            by=cases_world.bob,
            assessment=assessment,
            goals=[services.Accepted("trauma_informed", "Traumos mokymai")],
        )
        assert isinstance(plan, Plan) and plan.kind == "development_plan"
        programme = Programme.objects.filter(is_active=True).first()
        group = training_services.group_create(
            by=cases_world.bob,
            centre=cases_world.centre_a,
            programme=programme,
            name="Tęstiniai mokymai",
            starts_on=clock.today(),
        )
        action = services.action_add(
            by=cases_world.bob,
            plan=plan,
            step=services.Step(
                goal=plan.goals.get(),
                description="Tęstiniai mokymai",
                due_on=clock.today() + dt.timedelta(days=60),
                responsible_organisation=cases_world.centre_a,
                responsible_user=cases_world.alice,
                programme=programme,
            ),
        )
        services.training_enrol(by=cases_world.bob, plan=plan, action=action, group=group)
        assert action.participant is not None and action.participant.person_name == str(
            cases_world.alice
        )
    # The person sees their own plan, a colleague does not.
    url = reverse("plans:plan", kwargs={"plan_id": plan.pk})
    assert cases_world.client_for(cases_world.alice).get(url).status_code == 200
    assert cases_world.client_for(cases_world.carol).get(url).status_code == 404
    assert (
        cases_world.client_for(cases_world.alice)
        .get(reverse("plans:goal_add", kwargs={"plan_id": plan.pk}))
        .status_code
        == 403
    )

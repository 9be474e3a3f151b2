"""What assessments tie into: reminders of due reassessments and plan reviews, the carer
pipeline's approval, restricted evidence, and who sees the assessments of a child, a
household and a staff member."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.accounts.models import Role
from globa.assessments import services
from globa.assessments.models import Assessment
from globa.assessments.tests.conftest import completed, version_of
from globa.carers import services as carer_services
from globa.carers.models import Stage, StageChange
from globa.lib import clock
from globa.lib.dates import add_months
from globa.reminders import services as reminders
from globa.reminders.models import Kind, Reminder
from globa.testing import World, as_system, as_user, member, municipality

pytestmark = pytest.mark.django_db


def test_a_due_reassessment_becomes_a_reminder_for_the_assessor(
    cases_world: World, case: Any
) -> None:
    # The family instrument asks for a reassessment every three months.
    assessment = completed(cases_world.vaida, case, "family_situation", days_ago=85)  # type: ignore[attr-defined]
    with as_system():
        reminders.generate(clock.today())
        reminder = Reminder.objects.get(kind=Kind.REASSESSMENT_DUE)
    assert reminder.assignee == cases_world.vaida  # type: ignore[attr-defined]
    assert reminder.due_on == add_months(assessment.assessed_on, 3)
    assert reminder.url == reverse(
        "assessments:assessment", kwargs={"assessment_id": assessment.pk}
    )
    # Once reassessed, the reminder is resolved.
    completed(cases_world.vaida, case, "family_situation", timepoint="review", days_ago=0)  # type: ignore[attr-defined]
    with as_system():
        reminders.generate(clock.today())
        reminder.refresh_from_db()
    assert reminder.resolved


def test_a_plan_due_for_review_becomes_a_reminder(cases_world: World, placed_child: Any) -> None:
    from globa.plans import services as plan_services

    with as_user(cases_world.alice):
        plan = plan_services.plan_start(
            by=cases_world.alice,
            child=placed_child,
            starts_on=clock.today() - dt.timedelta(days=100),
            review_on=clock.today() + dt.timedelta(days=5),
        )
    with as_system():
        reminders.generate(clock.today())
        reminder = Reminder.objects.get(kind=Kind.PLAN_REVIEW_DUE)
    assert (reminder.assignee, reminder.due_on) == (cases_world.alice, plan.review_on)


def test_approval_rests_on_the_suitability_assessment_and_links_to_it(world: World) -> None:
    with as_user(world.bob):
        candidate = carer_services.candidate_add(
            by=world.bob,
            centre=world.centre_a,
            inquiry=carer_services.Inquiry(
                "Rūta", "Būsimoji", "r@example.lt", "", municipality(), ("guardian",)
            ),
            consent_text="Sutiko.",
            on=clock.today() - dt.timedelta(days=30),
        )
    for stage in (Stage.INFO_MEETING, Stage.TRAINING, Stage.ASSESSMENT):
        with as_user(world.bob):
            candidate.refresh_from_db()
            carer_services.candidate_move(
                by=world.bob,
                candidate=candidate,
                move=carer_services.Move(stage, clock.today() - dt.timedelta(days=20)),
                version=candidate.version,
            )
    approve = carer_services.Move(
        Stage.APPROVAL, clock.today(), approval_number="BV-1", approval_date=clock.today()
    )
    with (
        as_user(world.bob),
        pytest.raises(ValidationError, match=r"suitability assessment|tinkamumo vertinimą"),
    ):
        candidate.refresh_from_db()
        carer_services.candidate_move(
            by=world.bob, candidate=candidate, move=approve, version=candidate.version
        )
    assessment = completed(world.carol, candidate, "carer_suitability", value=3)
    with as_user(world.bob):
        candidate.refresh_from_db()
        carer_services.candidate_move(
            by=world.bob, candidate=candidate, move=approve, version=candidate.version
        )
    with as_system():
        decision = StageChange.objects.get(candidate=candidate, to_stage=Stage.APPROVAL)
    assert decision.assessment_id == assessment.pk
    page = world.client_for(world.alice).get(
        reverse("carers:candidate", kwargs={"candidate_id": candidate.pk})
    )
    assert "Tinkamumo vertinimas" in page.content.decode()


def test_a_childs_assessment_is_seen_by_those_who_work_on_the_child(
    cases_world: World, placed_child: Any
) -> None:
    assessment = completed(cases_world.alice, placed_child, "child_needs")
    url = reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    other = member(
        Role.COORDINATOR, cases_world.centre_a, first_name="Kitas", last_name="Koordinatorius"
    )
    for user in (cases_world.alice, cases_world.bob, cases_world.carol):
        assert cases_world.client_for(user).get(url).status_code == 200, user
    for user in (other, cases_world.charlie, cases_world.vaida, cases_world.nora):  # type: ignore[attr-defined]
        assert cases_world.client_for(user).get(url).status_code == 404, user
    section = reverse("assessments:of_child", kwargs={"child_id": placed_child.pk})
    assert cases_world.client_for(other).get(section).status_code == 200  # sees the child…
    assert (
        str(assessment.pk) not in cases_world.client_for(other).get(section).content.decode()
    )  # …not this


def test_restricted_evidence_is_read_by_its_author_and_the_specialists(
    cases_world: World, placed_child: Any
) -> None:
    with as_user(cases_world.alice):
        assessment = services.assessment_start(
            by=cases_world.alice,
            subject=placed_child,
            version=version_of("child_needs"),
            timepoint="intake",
            assessed_on=clock.today(),
        )
        services.domain_save(
            by=cases_world.alice,
            assessment=assessment,
            domain="emotional",
            ratings={"anxiety": services.Rating(2, evidence="Naktiniai košmarai po apsilankymų.")},
        )
    url = reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    assert "košmarai" in cases_world.client_for(cases_world.alice).get(url).content.decode()
    assert "košmarai" in cases_world.client_for(cases_world.carol).get(url).content.decode()
    assert "košmarai" not in cases_world.client_for(cases_world.bob).get(url).content.decode()
    from globa.audit.models import AuditChange

    with as_system():
        copied = AuditChange.objects.filter(table_name="assessments_answer").values_list(
            "after", flat=True
        )
    assert all(row["evidence"] == "(not recorded)" for row in copied)


def test_a_staff_assessment_is_seen_by_the_person_and_their_manager_only(world: World) -> None:
    assessment = completed(world.bob, world.alice, "staff_competence", staff_org=world.centre_a.pk)
    url = reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    assert world.client_for(world.bob).get(url).status_code == 200
    assert world.client_for(world.alice).get(url).status_code == 200
    assert world.client_for(world.carol).get(url).status_code == 404
    assert world.client_for(world.charlie).get(url).status_code == 404
    staff_page = reverse("assessments:staff", kwargs={"staff_id": world.alice.uuid})
    assert world.client_for(world.carol).get(staff_page).status_code == 404
    assert world.client_for(world.bob).get(staff_page).status_code == 200
    # Only a manager assesses staff, and nobody themselves.
    assert (
        world.client_for(world.alice)
        .get(reverse("assessments:start_staff", kwargs={"staff_id": world.alice.uuid}))
        .status_code
        == 403
    )
    with as_system():
        assert Assessment.objects.filter(staff=world.alice).count() == 1


def test_a_household_care_review_is_the_households_coordinators(cases_world: World) -> None:
    assessment = completed(
        cases_world.alice, cases_world.household, "care_review", timepoint="review"
    )
    url = reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    assert cases_world.client_for(cases_world.bob).get(url).status_code == 200
    assert cases_world.client_for(cases_world.charlie).get(url).status_code == 404
    section = reverse("assessments:of_household", kwargs={"household_id": cases_world.household.pk})
    assert (
        "Globos (rūpybos)"
        in cases_world.client_for(cases_world.alice).get(section).content.decode()
    )

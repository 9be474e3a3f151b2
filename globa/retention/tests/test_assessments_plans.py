"""Retention of assessments and plans: a person's go with their record (free text removed,
ratings and scores kept, the completed assessment's lock passed only by the system role's
function), a staff member's have rules of their own and take legal holds; a person's data on
request includes them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from globa.assessments import services as assessment_services
from globa.assessments.models import Answer, Assessment, DomainRating
from globa.assessments.registry import definition_of
from globa.assessments.selectors import change_over_time
from globa.assessments.tests.conftest import answers_for, completed, version_of
from globa.audit.models import AuditChange
from globa.documents import permissions as document_permissions
from globa.documents import services as document_services
from globa.documents.models import Document
from globa.documents.tests.test_documents import PDF
from globa.lib import clock
from globa.lib.dates import add_years
from globa.plans import services as plan_services
from globa.plans.models import Action, Goal, Plan, Review
from globa.registry.models import Child
from globa.registry.tests.test_security import as_the_web_role
from globa.retention import services
from globa.retention.models import Destruction, LegalHold
from globa.retention.models import Review as RetentionReview
from globa.testing import World, as_system, as_user, place

SECRET = "Asmeniška pastaba apie vaiką"


def assessed(
    world: World, child: Child, value: int = 2, timepoint: str = "intake", days_ago: int = 3
) -> Assessment:
    """The child's needs assessed by the manager, with evidence and a summary, completed."""
    version = version_of("child_needs")
    ratings = answers_for(version, value)
    with as_user(world.bob):
        assessment = assessment_services.assessment_start(
            by=world.bob,
            subject=child,
            version=version,
            timepoint=timepoint,
            assessed_on=clock.today() - dt.timedelta(days=days_ago),
        )
        for domain in definition_of(version).domains:
            assessment_services.domain_save(
                by=world.bob,
                assessment=assessment,
                domain=domain.code,
                ratings={
                    i.code: assessment_services.Rating(ratings[i.code].value, evidence=SECRET)
                    for i in domain.items
                },
                strengths=SECRET,
                overall=domain.overall.values[0] if domain.overall else None,
            )
        assessment_services.assessment_complete(
            by=world.bob, assessment=assessment, summary=SECRET, version=assessment.version
        )
    return assessment


def planned(world: World, child: Child) -> Plan:
    with as_user(world.bob):
        plan = plan_services.plan_start(by=world.bob, child=child)
        goal = plan_services.goal_add(by=world.bob, plan=plan, text=SECRET)
        plan_services.action_add(
            by=world.bob,
            plan=plan,
            step=plan_services.Step(
                goal=goal,
                description=SECRET,
                due_on=clock.today() + dt.timedelta(days=10),
                responsible_organisation=world.centre_a,
                responsible_name="Mokytoja Rasa",
            ),
        )
        plan_services.review_record(
            by=world.bob,
            plan=plan,
            held_on=clock.today(),
            progress={goal.pk: ("partly", SECRET)},
            note=SECRET,
            version=plan.version,
        )
    return plan


def attach(world: World, field: str, record: Any) -> None:
    with as_user(world.bob):
        subject = document_permissions.access_subject(world.bob, field, record.pk, write=True)
        document_services.document_add(
            by=world.bob,
            subject=subject,
            kind="report",
            dated_on=clock.today(),
            description=SECRET,
            upload=SimpleUploadedFile("ataskaita.pdf", PDF),
            name="ataskaita.pdf",
            size=len(PDF),
        )


def change_of(assessment: Assessment) -> tuple[Any, ...]:
    change = change_over_time(Assessment.objects.get(pk=assessment.pk))
    assert change is not None
    return (
        [p.assessment.pk for p in change.points],
        [(d.domain.code, d.values, d.since_first) for d in change.domains],
        [i.code for i in change.needs_resolved + change.new_needs + change.strengths_gained],
    )


def run(world: World, review: RetentionReview) -> Destruction | None:
    with as_system():
        RetentionReview.objects.filter(pk=review.pk).update(
            status=RetentionReview.Status.APPROVED,
            confirmed_by=world.bob,
            approved_by=world.dora,  # type: ignore[attr-defined]
        )
    return services.execute(str(review.pk))


def test_a_childs_assessments_and_plans_go_with_the_child_keeping_the_scores(
    dpo_world: World,
) -> None:
    world = dpo_world
    child = world.child
    place(child, world.household, clock.today() - dt.timedelta(days=200))
    first = assessed(world, child, value=1, days_ago=90)
    assessment = assessed(world, child, timepoint="review")
    plan = planned(world, child)
    attach(world, "assessment", assessment)
    attach(world, "plan", plan)
    with as_system():
        change_before = change_of(assessment)
        assert change_before[0] == [first.pk, assessment.pk]
        scores = Assessment.objects.get(pk=assessment.pk).scores
        values = sorted(Answer.objects.filter(assessment=assessment).values_list("item", "value"))
        overall = sorted(
            DomainRating.objects.filter(assessment=assessment).values_list("domain", "value")
        )
        Child.objects.filter(pk=child.pk).update(
            birth_date=add_years(clock.today(), -76), status=Child.Status.LEFT_CARE
        )
    services.find_ended()
    with as_system():
        review = RetentionReview.objects.get(record_id=str(child.pk))
    entry = run(world, review)
    assert entry is not None
    assert entry.removed["assessments"] == 2 and entry.removed["plans"] == 1
    assert entry.removed["assessment_documents"] == entry.removed["plan_documents"] == 1
    with as_system():
        after = Assessment.objects.get(pk=assessment.pk)
        assert after.status == "completed" and after.scores == scores and after.summary == ""
        # The change over time, as the result page and the API show it, is the same.
        assert change_of(assessment) == change_before
        assert sorted(after.answers.values_list("item", "value")) == values
        assert not after.answers.exclude(evidence="").exists()
        assert sorted(after.domain_ratings.values_list("domain", "value")) == overall
        assert not after.domain_ratings.exclude(strengths="").exists()
        assert list(Goal.objects.filter(plan=plan).values_list("text", "progress")) == [
            ("", "partly")
        ]
        action = Action.objects.get(plan=plan)
        assert (action.description, action.responsible_name) == ("", "Anonimizuota")
        assert Review.objects.get(plan=plan).note == ""
        assert not Document.objects.filter(assessment=assessment).exists()
        assert not Document.objects.filter(plan=plan).exists()
        trail = AuditChange.objects.filter(
            table_name__in=[
                "assessments_assessment",
                "assessments_answer",
                "assessments_domainrating",
                "plans_goal",
                "plans_action",
                "plans_review",
                "plans_goalprogress",
                "documents_document",
            ]
        )
        leaks = [row.table_name for row in trail if SECRET in str(row.before) + str(row.after)]
    assert not leaks, leaks


def test_a_hold_on_the_child_keeps_its_assessments(dpo_world: World) -> None:
    world = dpo_world
    child = world.child
    place(child, world.household, clock.today() - dt.timedelta(days=200))
    assessment = assessed(world, child)
    with as_system():
        Child.objects.filter(pk=child.pk).update(
            birth_date=add_years(clock.today(), -76), status=Child.Status.LEFT_CARE
        )
    services.find_ended()
    with as_system():
        review = RetentionReview.objects.get(record_id=str(child.pk))
    with as_user(world.bob):
        services.hold_place(by=world.bob, kind="child", record_id=str(child.pk), reason="Byla")
    assert run(world, review) is None
    with as_system():
        assert Assessment.objects.get(pk=assessment.pk).summary == SECRET


LOCKED_CHANGES = [
    "UPDATE assessments_assessment SET summary = '' WHERE id = %(id)s",
    "UPDATE assessments_assessment SET scores = '{}' WHERE id = %(id)s",
    "UPDATE assessments_answer SET evidence = '' WHERE assessment_id = %(id)s",
    "UPDATE assessments_answer SET value = NULL WHERE assessment_id = %(id)s",
    "DELETE FROM assessments_answer WHERE assessment_id = %(id)s",
]


@pytest.mark.parametrize("statement", LOCKED_CHANGES)
@pytest.mark.parametrize("system", [False, True], ids=["web role", "system role"])
def test_no_role_passes_a_completed_assessments_lock(
    dpo_world: World, statement: str, system: bool
) -> None:
    world = dpo_world
    place(world.child, world.household, clock.today() - dt.timedelta(days=200))
    assessment = assessed(world, world.child)
    with (
        as_system() if system else as_the_web_role(),
        as_system() if system else as_user(world.bob),
        pytest.raises(DatabaseError, match="locked"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('globa.anonymising', 'on', true)")
        cursor.execute(statement, {"id": str(assessment.pk)})
        assert cursor.rowcount > 0


@pytest.mark.parametrize("system", [False, True], ids=["web role", "system role"])
def test_no_role_can_say_its_transaction_anonymises(dpo_world: World, system: bool) -> None:
    with (
        as_system() if system else as_the_web_role(),
        pytest.raises(DatabaseError, match="permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("INSERT INTO globa_anonymisation VALUES (txid_current())")


def test_only_the_system_role_runs_the_anonymisation(dpo_world: World) -> None:
    world = dpo_world
    place(world.child, world.household, clock.today() - dt.timedelta(days=200))
    assessment = assessed(world, world.child)
    with (
        as_the_web_role(),
        as_user(world.bob),
        pytest.raises(DatabaseError, match="permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT globa_anonymise_assessments(%s::uuid[], 'x')", [[str(assessment.pk)]]
        )
    with as_system():
        assert Assessment.objects.get(pk=assessment.pk).summary == SECRET
    # The page's own save is refused by the lock as before.
    with as_user(world.bob), pytest.raises(ValidationError):
        assessment_services.domain_save(
            by=world.bob,
            assessment=Assessment.objects.get(pk=assessment.pk),
            domain=definition_of(assessment.instrument_version).domains[0].code,
            ratings={},
        )


def test_a_staff_members_assessment_and_plan_have_their_own_rules_and_holds(
    dpo_world: World, move_clock: Callable[[dt.date], None]
) -> None:
    world = dpo_world
    assessment = completed(world.bob, world.alice, "staff_competence", staff_org=world.centre_a.pk)
    with as_user(world.bob):
        Assessment.objects.filter(pk=assessment.pk)  # read in the manager's scope
        plan = plan_services.plan_start(
            by=world.bob, staff=world.alice, organisation=world.centre_a
        )
        goal = plan_services.goal_add(by=world.bob, plan=plan, text=SECRET)
        plan_services.plan_close(by=world.bob, plan=plan, on=clock.today(), version=plan.version)
    child_assessment = completed(world.bob, world.child, "child_needs")
    with as_user(world.bob), pytest.raises(ValidationError):
        services.hold_place(
            by=world.bob, kind="assessment", record_id=str(child_assessment.pk), reason="Skundas"
        )
    assert services.find_ended() == 0
    move_clock(add_years(clock.today(), 11))
    dora = world.client_for(world.dora)  # type: ignore[attr-defined]
    response = dora.post(
        reverse("retention:hold_new"),
        {"kind": "assessment", "record_id": str(assessment.pk), "reason": "Darbo ginčas"},
    )
    assert response.status_code == 302
    assert services.find_ended() == 2
    with as_system():
        held = RetentionReview.objects.get(record_id=str(assessment.pk))
        plan_review = RetentionReview.objects.get(record_id=str(plan.pk))
        hold = LegalHold.objects.get()
    assert held.status == RetentionReview.Status.HELD and held.record_kind == "assessment"
    assert plan_review.status == RetentionReview.Status.DUE and plan_review.record_kind == "plan"
    page = dora.get(reverse("retention:retention"))
    assert "Darbo ginčas" in page.content.decode()
    assert run(world, plan_review) is not None
    dora.post(reverse("retention:hold_lift", kwargs={"hold_id": hold.pk}), {"reason": "Baigta"})
    with as_system():
        held.refresh_from_db()
    assert held.status == RetentionReview.Status.DUE
    assert run(world, held) is not None
    with as_system():
        after = Assessment.objects.get(pk=assessment.pk)
        assert after.summary == "" and after.scores == assessment.scores
        assert Goal.objects.get(pk=goal.pk).text == ""
        assert set(Destruction.objects.values_list("record_kind", flat=True)) == {
            "assessment",
            "plan",
        }


def test_a_persons_data_on_request_includes_their_assessments_and_plans(
    dpo_world: World,
) -> None:
    world = dpo_world
    child = world.child
    place(child, world.household, clock.today() - dt.timedelta(days=200))
    assessment = assessed(world, child)
    planned(world, child)
    world.client_for(world.bob).get(
        reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    )
    dora = world.client_for(world.dora)  # type: ignore[attr-defined]
    url = reverse(
        "retention:export", kwargs={"kind": "child", "record_id": child.pk, "fmt": "json"}
    )
    data = json.loads(dora.get(url).content)
    (exported,) = data["assessments"]
    assert exported["answers"] and SECRET in json.dumps(exported, ensure_ascii=False)
    assert any(row["who"] == str(world.bob) for row in exported["seen_by"])
    (plan,) = data["plans"]
    assert plan["goals"] and plan["actions"] and plan["reviews"]
    pdf = dora.get(url.replace(".json", ".pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

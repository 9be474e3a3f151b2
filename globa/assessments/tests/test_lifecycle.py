"""The life of an assessment: draft, saved one domain at a time, completed, approved or
returned, amended; locked in the database once completed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, ProgrammingError, connection, transaction

from globa.assessments import selectors, services
from globa.assessments.models import Answer, Assessment, InstrumentVersion, Item, Status
from globa.assessments.tests.conftest import (
    answers_for,
    completed_family_assessment,
    fill,
    version_of,
)
from globa.cases.models import FamilyCase
from globa.lib import clock
from globa.testing import World, as_system, as_user

pytestmark = pytest.mark.django_db


def start(world: World, case: FamilyCase, **kwargs: object) -> Assessment:
    with as_user(world.vaida):  # type: ignore[attr-defined]
        return services.assessment_start(
            by=world.vaida,  # type: ignore[attr-defined]
            subject=case,
            version=version_of("family_situation"),
            timepoint=str(kwargs.get("timepoint", "intake")),
            assessed_on=clock.today(),
        )


def test_a_draft_is_saved_one_domain_at_a_time(cases_world: World, case: FamilyCase) -> None:
    assessment = start(cases_world, case)
    with as_user(cases_world.vaida):  # type: ignore[attr-defined]
        answered = services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=assessment,
            domain="environment",
            ratings={
                "housing_stability": services.Rating(2, evidence="Nuosavas butas."),
                "housing_conditions": services.Rating(-2),
            },
            overall=1,
            strengths="Močiutė gyvena šalia.",
        )
        assert answered.count == 2 and answered.answered == {
            "housing_stability",
            "housing_conditions",
        }
        # Saving again changes what was given; clearing an item removes it.
        services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=assessment,
            domain="environment",
            ratings={
                "housing_stability": services.Rating(1),
                "housing_conditions": services.Rating(),
            },
        )
        recorded = selectors.sheet(assessment)
    assert recorded.values() == {"housing_stability": 1}
    assert recorded.ratings["environment"].strengths == ""


@pytest.mark.parametrize(
    ("domain", "ratings", "field", "message"),
    [
        (
            "environment",
            {"housing_stability": services.Rating(5)},
            "housing_stability",
            "not a level",
        ),
        ("environment", {"bonding": services.Rating(1)}, "bonding", "not an item of this domain"),
        (
            "environment",
            {"housing_stability": services.Rating(None, not_applicable=True)},
            "housing_stability",
            "cannot be marked not applicable",
        ),
        (
            "parenting",
            {"learning_support": services.Rating(1, not_applicable=True)},
            "learning_support",
            "not both",
        ),
        ("nowhere", {}, "__all__", "not part of the instrument"),
    ],
)
def test_bad_input_saves_nothing(
    cases_world: World, case: FamilyCase, domain: str, ratings: dict, field: str, message: str
) -> None:
    assessment = start(cases_world, case)
    with as_user(cases_world.vaida), pytest.raises(ValidationError) as refused:  # type: ignore[attr-defined]
        services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=assessment,
            domain=domain,
            ratings={"housing_conditions": services.Rating(0), **ratings}
            if domain == "environment"
            else ratings,
        )
    error = refused.value
    assert message in str(
        error.message_dict.get(field) if hasattr(error, "error_dict") else error.messages
    )
    with as_system():
        assert not Answer.objects.filter(assessment=assessment).exists()


def test_completing_asks_for_every_required_item_asked(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = start(cases_world, case)
    version = assessment.instrument_version
    ratings = answers_for(version, 0)
    with as_user(cases_world.vaida):  # type: ignore[attr-defined]
        services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=assessment,
            domain="environment",
            ratings={
                c: ratings[c] for c in ("housing_stability", "housing_conditions", "home_safety")
            },
        )
        with pytest.raises(ValidationError, match="Answer the required items first: Supervision"):
            services.assessment_complete(
                by=cases_world.vaida,
                assessment=assessment,
                summary="S",
                version=assessment.version,  # type: ignore[attr-defined]
            )
    with as_system():
        assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_a_condition_asks_for_the_safety_plan_only_where_there_is_violence(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = start(cases_world, case)
    fill(cases_world.vaida, assessment, 0, violence=-2)  # type: ignore[attr-defined]
    with as_system():
        Answer.objects.filter(assessment=assessment, item__code="safety_plan").delete()
    with as_user(cases_world.vaida), pytest.raises(ValidationError, match="A safety plan"):  # type: ignore[attr-defined]
        services.assessment_complete(
            by=cases_world.vaida,
            assessment=assessment,
            summary="S",
            version=assessment.version,  # type: ignore[attr-defined]
        )


def test_completed_then_approved_by_a_manager_who_did_not_make_it(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = completed_family_assessment(cases_world, case, value=-2, housing_stability=2)
    assert assessment.status == Status.COMPLETED
    assert assessment.scores["overall"]["overall_action"] is not None
    with as_user(cases_world.vaida), pytest.raises(PermissionDenied):  # type: ignore[attr-defined]
        services.assessment_approve(
            by=cases_world.vaida, assessment=assessment, version=assessment.version
        )  # type: ignore[attr-defined]
    with as_user(cases_world.bob):
        services.assessment_approve(
            by=cases_world.bob, assessment=assessment, version=assessment.version
        )
    assert assessment.status == Status.APPROVED and assessment.decided_by == cases_world.bob


def test_returned_with_a_comment_opens_it_again(cases_world: World, case: FamilyCase) -> None:
    assessment = completed_family_assessment(cases_world, case)
    with as_user(cases_world.bob):
        with pytest.raises(ValidationError, match="Say what is to be corrected"):
            services.assessment_return(
                by=cases_world.bob, assessment=assessment, version=assessment.version, note=" "
            )
        services.assessment_return(
            by=cases_world.bob,
            assessment=assessment,
            version=assessment.version,
            note="Patikslinkite saugumą.",
        )
    assert assessment.status == Status.RETURNED and assessment.scores is None
    with as_user(cases_world.vaida):  # type: ignore[attr-defined]
        services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=assessment,
            domain="safety",
            ratings={"violence": services.Rating(-1)},
        )
        services.assessment_complete(
            by=cases_world.vaida,
            assessment=assessment,
            summary="Pataisyta.",
            version=assessment.version,  # type: ignore[attr-defined]
        )
    assert assessment.status == Status.COMPLETED


def test_a_completed_assessment_is_locked_and_corrected_by_an_amendment(
    cases_world: World, case: FamilyCase
) -> None:
    original = completed_family_assessment(cases_world, case, value=0)
    with as_user(cases_world.vaida):  # type: ignore[attr-defined]
        with pytest.raises(ValidationError, match="locked"):
            services.domain_save(
                by=cases_world.vaida,  # type: ignore[attr-defined]
                assessment=original,
                domain="safety",
                ratings={"violence": services.Rating(-3)},
            )
        amendment = services.assessment_amend(
            by=cases_world.vaida, assessment=original, reason="Klaida."
        )  # type: ignore[attr-defined]
        services.domain_save(
            by=cases_world.vaida,  # type: ignore[attr-defined]
            assessment=amendment,
            domain="safety",
            ratings={"violence": services.Rating(-3)},
        )
        services.assessment_complete(
            by=cases_world.vaida,
            assessment=amendment,
            summary="Pataisyta.",
            version=amendment.version,  # type: ignore[attr-defined]
        )
        assert selectors.sheet(original).values()["violence"] == 0
        assert selectors.sheet(amendment).values()["violence"] == -3
        # The amendment counts in the original's place.
        done = list(
            selectors.done_of_subject("family", case.pk, original.instrument_version.instrument_id)
        )
    assert done == [amendment]


def test_the_database_refuses_to_change_a_completed_assessment(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = completed_family_assessment(cases_world, case)
    with as_system():
        for statement, params in (
            (
                "UPDATE assessments_assessment SET summary = 'changed' WHERE id = %s",
                [assessment.pk],
            ),
            ("UPDATE assessments_answer SET value = -3 WHERE assessment_id = %s", [assessment.pk]),
            ("DELETE FROM assessments_answer WHERE assessment_id = %s", [assessment.pk]),
            ("DELETE FROM assessments_assessment WHERE id = %s", [assessment.pk]),
        ):
            with (
                pytest.raises(IntegrityError, match="locked"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, params)
        # Approving is the one change it takes.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE assessments_assessment SET status = 'approved', decided_by_id = %s, "
                "decided_at = now(), version = version + 1 WHERE id = %s",
                [cases_world.bob.pk, assessment.pk],
            )
        with (
            pytest.raises(IntegrityError, match="locked"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE assessments_assessment SET status = 'returned', decision_note = 'x' WHERE id = %s",
                [assessment.pk],
            )


def test_the_database_refuses_an_item_of_another_version(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = start(cases_world, case)
    with as_system():
        other = Item.objects.filter(version__instrument__code="child_needs").first()
        with (
            pytest.raises(IntegrityError, match="not of the instrument version"),
            transaction.atomic(),
        ):
            Answer.objects.create(
                assessment=assessment,
                organisation_id=assessment.organisation_id,
                subject_kind="family",
                item=other,
                value=1,
                written_by=cases_world.vaida,  # type: ignore[attr-defined]
            )


def test_one_draft_at_a_time_per_instrument(cases_world: World, case: FamilyCase) -> None:
    start(cases_world, case)
    with pytest.raises(ValidationError, match="already open"):
        start(cases_world, case)


def test_a_child_is_assessed_with_the_items_of_their_age(cases_world: World, placed_child) -> None:  # type: ignore[no-untyped-def]
    with as_user(cases_world.alice):
        assessment = services.assessment_start(
            by=cases_world.alice,
            subject=placed_child,
            version=version_of("child_needs"),
            timepoint="intake",
            assessed_on=clock.today(),
        )
    age = assessment.age_on(placed_child.birth_date)
    assert assessment.age_band == ("school" if age <= 13 else "youth")


@pytest.mark.django_db(databases=["default", "owner"])
def test_instruments_are_published_by_the_owner_once_and_never_change() -> None:
    with as_system():
        assert InstrumentVersion.objects.count() == 5
        # Neither the web's role nor the system role may publish or change a version.
        with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
            InstrumentVersion.objects.update(licence="changed")
    # The owner publishes them, and even the owner cannot change a published one.
    owner = InstrumentVersion.objects.using("owner")
    with pytest.raises(IntegrityError, match="never changes"), transaction.atomic(using="owner"):
        owner.filter(instrument__code="tiny_none").update(licence="x") or owner.update(licence="x")

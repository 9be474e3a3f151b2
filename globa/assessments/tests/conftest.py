from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from globa.assessments import services
from globa.assessments.models import Assessment, InstrumentVersion
from globa.assessments.registry import definition_of
from globa.cases import services as case_services
from globa.cases.models import FamilyCase
from globa.cases.tests.conftest import cases_world
from globa.lib import clock
from globa.registry.tests.conftest import english, world
from globa.testing import World, as_system, as_user, municipality, place

__all__ = ["cases_world", "english", "world"]


def version_of(code: str) -> InstrumentVersion:
    with as_system():
        return InstrumentVersion.objects.select_related("instrument").get(
            instrument__code=code, number=1
        )


def open_case(world: World, name: str = "Petraičių šeima", days_ago: int = 30) -> FamilyCase:
    with as_user(world.vaida):  # type: ignore[attr-defined]
        return case_services.case_open(
            by=world.vaida,  # type: ignore[attr-defined]
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name=name,
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=days_ago),
                referral_reason="Vaikai nelanko mokyklos.",
                case_manager=world.vaida,  # type: ignore[attr-defined]
            ),
        )


def answers_for(
    version: InstrumentVersion, value: int | None = None, **given: int
) -> dict[str, services.Rating]:
    """Every item of the version rated ``value`` (its scale's middle level by default), with
    some items given their own."""
    definition = definition_of(version)
    ratings = {}
    for item in definition.items.values():
        values = item.scale.values
        chosen = given.get(item.code, value if value in values else values[len(values) // 2])
        ratings[item.code] = services.Rating(value=chosen)
    return ratings


def fill(user: Any, assessment: Assessment, value: int | None = None, **given: int) -> None:
    """Answer every domain of the assessment."""
    version = assessment.instrument_version
    ratings = answers_for(version, value, **given)
    definition = definition_of(version)
    with as_user(user):
        for domain in definition.domains:
            services.domain_save(
                by=user,
                assessment=assessment,
                domain=domain.code,
                ratings={i.code: ratings[i.code] for i in domain.items},
            )


def completed_family_assessment(
    world: World,
    case: FamilyCase,
    *,
    timepoint: str = "intake",
    days_ago: int = 10,
    value: int = 0,
    **given: int,
) -> Assessment:
    version = version_of("family_situation")
    with as_user(world.vaida):  # type: ignore[attr-defined]
        assessment = services.assessment_start(
            by=world.vaida,  # type: ignore[attr-defined]
            subject=case,
            version=version,
            timepoint=timepoint,
            assessed_on=clock.today() - dt.timedelta(days=days_ago),
        )
    fill(world.vaida, assessment, value, **given)  # type: ignore[attr-defined]
    with as_user(world.vaida):  # type: ignore[attr-defined]
        services.assessment_complete(
            by=world.vaida,
            assessment=assessment,
            summary="Santrauka.",
            version=assessment.version,  # type: ignore[attr-defined]
        )
    return assessment


@pytest.fixture
def case(cases_world: World) -> FamilyCase:
    return open_case(cases_world)


@pytest.fixture
def placed_child(cases_world: World) -> Any:
    place(cases_world.child, cases_world.household, clock.today() - dt.timedelta(days=200))
    return cases_world.child


def completed(
    user: Any,
    subject: Any,
    code: str,
    *,
    timepoint: str = "intake",
    days_ago: int = 1,
    value: int | None = None,
    staff_org: int | None = None,
) -> Assessment:
    """A completed assessment of the subject with the instrument, every item rated ``value``
    (its scale's middle level by default): for the tests of the apps that ask for one."""
    with as_user(user):
        assessment = services.assessment_start(
            by=user,
            subject=subject,
            version=version_of(code),
            timepoint=timepoint,
            assessed_on=clock.today() - dt.timedelta(days=days_ago),
            staff_org=staff_org,
        )
    fill(user, assessment, value)
    with as_user(user):
        services.assessment_complete(
            by=user, assessment=assessment, summary="Santrauka.", version=assessment.version
        )
    return assessment

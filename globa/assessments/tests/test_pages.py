"""Assessment pages through the test client: the happy path, an outsider (404), a read-only
role (403), bad input (a clear message, nothing saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from globa.assessments.models import Answer, Assessment, Status
from globa.assessments.tests.conftest import completed_family_assessment, fill, version_of
from globa.cases.models import FamilyCase
from globa.lib import clock
from globa.testing import World, as_system

pytestmark = pytest.mark.django_db


def start_url(case: FamilyCase) -> str:
    return reverse("assessments:start_family", kwargs={"case_id": case.pk})


def started(world: World, case: FamilyCase) -> Assessment:
    client = world.client_for(world.vaida)  # type: ignore[attr-defined]
    page = client.get(start_url(case))
    assert page.status_code == 200
    response = client.post(
        start_url(case),
        {
            "instrument": version_of("family_situation").pk,
            "timepoint": "intake",
            "assessed_on": clock.today().isoformat(),
            "submission": page.context["form"].initial.get("submission") or "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with as_system():
        assessment = Assessment.objects.get(family_case=case)
    assert response["Location"].endswith(f"/assessments/{assessment.pk}/domains/environment/")
    return assessment


def domain_url(assessment: Assessment, domain: str = "environment") -> str:
    return reverse("assessments:domain", kwargs={"assessment_id": assessment.pk, "domain": domain})


def test_a_case_manager_starts_and_fills_a_domain(cases_world: World, case: FamilyCase) -> None:
    assessment = started(cases_world, case)
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    page = client.get(domain_url(assessment))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Būsto stabilumas" in html and "aiški stiprybė" in html
    assert 'hx-post="' in html and "assessment-form.js" in html
    assert "<script>" not in html and 'style="' not in html
    # The page's own button saves and goes on to the next domain.
    response = client.post(
        domain_url(assessment),
        {
            "item_housing_stability": "2",
            "item_housing_conditions": "-2",
            "evidence_housing_conditions": "Drėgmė",
            "overall": "0",
            "go": "next",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/domains/parenting/")
    # As one goes: htmx answers with the saving status.
    response = client.post(
        domain_url(assessment, "parenting"), {"item_supervision": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Išsaugota automatiškai" in response.content.decode()
    with as_system():
        values = dict(
            Answer.objects.filter(assessment=assessment).values_list("item__code", "value")
        )
    assert values == {"housing_stability": 2, "housing_conditions": -2, "supervision": 1}


def test_a_level_outside_the_scale_is_refused_with_a_message(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = started(cases_world, case)
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    response = client.post(
        domain_url(assessment), {"item_housing_stability": "7"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Neišsaugota" in response.content.decode()
    with as_system():
        assert not Answer.objects.filter(assessment=assessment).exists()


def test_completing_without_the_required_items_names_them(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = started(cases_world, case)
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    url = reverse("assessments:complete", kwargs={"assessment_id": assessment.pk})
    response = client.post(url, {"summary": "Santrauka", "version": assessment.version})
    assert response.status_code == 200
    assert "Būsto stabilumas" in response.content.decode()
    with as_system():
        assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_the_result_shows_strengths_needs_profile_and_change(
    cases_world: World, case: FamilyCase
) -> None:
    completed_family_assessment(cases_world, case, days_ago=60, value=-2, housing_stability=1)
    later = completed_family_assessment(
        cases_world, case, timepoint="review", days_ago=5, value=0, housing_stability=2, bonding=2
    )
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    response = client.get(reverse("assessments:assessment", kwargs={"assessment_id": later.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Stiprybės") < html.index("Poreikiai, kuriems reikia veiksmų")
    assert '<svg class="chart profile"' in html and 'role="img"' in html
    assert "Pokytis per laiką" in html and 'svg class="chart trend better"' in html
    assert "Įgytos stiprybės" in html and "Tėvų ir vaikų ryšys" in html
    # The proposed goals come from the needs at an action level (none at review here).
    assert "Tikslai planui" in html


def test_the_proposed_goals_go_into_the_case_help_plan(
    cases_world: World, case: FamilyCase
) -> None:
    assessment = completed_family_assessment(cases_world, case, value=0, violence=-3, income=-2)
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    page = client.get(reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk}))
    html = page.content.decode()
    assert "Šeimoje nėra smurto" in html and 'name="item" value="violence"' in html
    response = client.post(
        reverse("plans:goals_accept", kwargs={"assessment_id": assessment.pk}),
        {
            "item": ["violence", "income"],
            "text_violence": "Namuose nebėra smurto",
            "text_income": "Šeima gauna išmokas",
        },
    )
    assert response.status_code == 302
    with as_system():
        goals = list(case.goals.order_by("id").values_list("text", "assessment_item__code"))
    assert goals == [("Namuose nebėra smurto", "violence"), ("Šeima gauna išmokas", "income")]
    # Taking them again adds nothing twice.
    client.post(
        reverse("plans:goals_accept", kwargs={"assessment_id": assessment.pk}),
        {"item": ["violence"], "text_violence": "x"},
    )
    with as_system():
        assert case.goals.count() == 2


def test_an_outsider_gets_404_everywhere(cases_world: World, case: FamilyCase) -> None:
    assessment = completed_family_assessment(cases_world, case)
    for user in (cases_world.charlie, cases_world.nora, cases_world.alice):
        client = cases_world.client_for(user)
        for name in ("assessment", "complete", "amend"):
            url = reverse(f"assessments:{name}", kwargs={"assessment_id": assessment.pk})
            assert client.get(url).status_code == 404, (user, name)
        assert client.get(domain_url(assessment)).status_code == 404
        assert client.get(start_url(case)).status_code == 404
        assert (
            client.post(
                reverse("plans:goals_accept", kwargs={"assessment_id": assessment.pk}), {}
            ).status_code
            == 404
        )


def test_a_colleague_who_sees_it_gets_403_when_changing(
    cases_world: World, case: FamilyCase
) -> None:
    """Tomas sees the organisation's cases but does not run this one."""
    client = cases_world.client_for(cases_world.tomas)  # type: ignore[attr-defined]
    assert client.get(start_url(case)).status_code == 403
    draft = started(cases_world, case)
    assert (
        client.get(
            reverse("assessments:assessment", kwargs={"assessment_id": draft.pk})
        ).status_code
        == 200
    )
    assert client.get(domain_url(draft)).status_code == 403
    assert client.post(domain_url(draft), {"item_housing_stability": "1"}).status_code == 403
    fill(cases_world.vaida, draft, 0)  # type: ignore[attr-defined]
    # Only a manager who did not make it decides.
    decide = reverse("assessments:decide", kwargs={"assessment_id": draft.pk})
    assert client.post(decide, {"decision": "approve", "version": draft.version}).status_code == 403


def test_a_manager_approves_or_returns(cases_world: World, case: FamilyCase) -> None:
    assessment = completed_family_assessment(cases_world, case)
    client = cases_world.client_for(cases_world.bob)
    decide = reverse("assessments:decide", kwargs={"assessment_id": assessment.pk})
    response = client.post(
        decide, {"decision": "return", "note": "", "version": assessment.version}
    )
    assert response.status_code == 302
    with as_system():
        assessment.refresh_from_db()
    assert assessment.status == Status.COMPLETED  # a return says what to correct
    client.post(decide, {"decision": "approve", "note": "", "version": assessment.version})
    with as_system():
        assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED


def test_the_instruments_are_shown_read_only(cases_world: World) -> None:
    client = cases_world.client_for(cases_world.alice)
    page = client.get(reverse("assessments:instruments"))
    assert page.status_code == 200 and "Šeimos socialinės ir psichologinės" in page.content.decode()
    page = client.get(
        reverse("assessments:instrument", kwargs={"code": "child_needs", "number": 1})
    )
    assert page.status_code == 200 and "Patikimas suaugęs" in page.content.decode()
    assert (
        client.get(
            reverse("assessments:instrument", kwargs={"code": "child_needs", "number": 9})
        ).status_code
        == 404
    )


def test_the_list_is_not_for_a_monitor(cases_world: World) -> None:
    assert (
        cases_world.client_for(cases_world.nora).get(reverse("assessments:list")).status_code == 403
    )
    assert (
        cases_world.client_for(cases_world.bob).get(reverse("assessments:list")).status_code == 200
    )


def test_the_case_moves_on_to_the_help_plan_only_after_the_family_assessment(
    cases_world: World, case: FamilyCase
) -> None:
    from globa.cases import services as case_services
    from globa.testing import as_user

    with as_user(cases_world.vaida):  # type: ignore[attr-defined]
        for stage in ("analysis", "needs_assessment"):
            case.refresh_from_db()
            case_services.case_advance(
                by=cases_world.vaida,
                case=case,
                to=stage,
                on=clock.today() - dt.timedelta(days=20),
                version=case.version,  # type: ignore[attr-defined]
            )
    client = cases_world.client_for(cases_world.vaida)  # type: ignore[attr-defined]
    url = reverse("cases:advance", kwargs={"case_id": case.pk})
    page = client.get(reverse("cases:case", kwargs={"case_id": case.pk}))
    section = reverse("assessments:of_family", kwargs={"case_id": case.pk})
    assert f'hx-get="{section}"' in page.content.decode()
    page = client.get(section, HTTP_HX_REQUEST="true")
    assert "Užpildykite šeimos vertinimą" in page.content.decode()
    with as_system():
        case.refresh_from_db()
    data = {"to": "help_plan", "on": clock.today().isoformat(), "version": case.version}
    response = client.post(url, data)
    assert response.status_code == 200 and "šeimos vertinimas" in response.content.decode()
    completed_family_assessment(cases_world, case)
    assert client.post(url, data).status_code == 302

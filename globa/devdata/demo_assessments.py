"""Demo assessments and plans: families assessed at intake and review (their help plans
take goals from the needs), a child assessed twice with a service plan and services given
for it, a staff member's competence assessment with a development plan, a prospective
carer's suitability and an on-call family's care review. Written through the services, as
the people of the demo would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from globa.accounts.models import User
from globa.assessments import services
from globa.assessments.models import Assessment, InstrumentVersion
from globa.assessments.registry import definition_of
from globa.lib.dates import add_months
from globa.organisations.models import Organisation

# How the demo families look at intake: most things adequate or a mild problem, a few needs
# at an action level, some strengths; at review most needs have eased.
FAMILY_INTAKE: dict[str, int] = {
    "housing_stability": 1,
    "housing_conditions": -2,
    "home_safety": -1,
    "neighbourhood": 0,
    "supervision": -2,
    "routines": -2,
    "discipline": -1,
    "responsiveness": 1,
    "bonding": 2,
    "communication": -1,
    "adult_conflict": -2,
    "shared_roles": -1,
    "violence": -1,
    "neglect": -2,
    "substances": -1,
    "safety_scale": 4,
    "child_health": 0,
    "child_emotions": -1,
    "school_attendance": -3,
    "child_behaviour": -1,
    "support_network": 1,
    "community_services": -1,
    "child_activities": -2,
    "income": -2,
    "employment": -1,
    "money": -2,
    "basic_needs": -1,
    "adult_physical": 0,
    "adult_mental": -1,
    "health_access": 0,
}
FAMILY_REVIEW: dict[str, int] = {
    **FAMILY_INTAKE,
    "housing_conditions": 0,
    "supervision": 0,
    "routines": 1,
    "adult_conflict": -1,
    "neglect": 0,
    "safety_scale": 7,
    "school_attendance": 0,
    "child_activities": 1,
    "community_services": 1,
    "income": -1,
    "money": -1,
    "communication": 1,
}
FAMILY_CLOSURE: dict[str, int] = {
    **FAMILY_REVIEW,
    "adult_conflict": 0,
    "safety_scale": 8,
    "income": 0,
    "money": 0,
    "child_emotions": 0,
    "school_attendance": 1,
}
CHILD_INTAKE: dict[str, int] = {
    "physical_health": 1,
    "sleep": 2,
    "school": 2,
    "self_care": 1,
    "regulation": 2,
    "anxiety": 2,
    "mood": 1,
    "attachment": 2,
    "behaviour": 1,
    "trauma": 2,
    "self_harm": 0,
    "risky_behaviour": 0,
    "running_away": 0,
    "exploitation": 0,
    "with_carers": 1,
    "birth_family": 2,
    "siblings": 0,
    "peers": 2,
    "child_view": 1,
    "trusted_adult": 2,
    "interests": 1,
    "resilience": 2,
    "learning_strength": 1,
    "community": 3,
    "identity": 3,
}
CHILD_REVIEW: dict[str, int] = {
    **CHILD_INTAKE,
    "sleep": 1,
    "school": 1,
    "regulation": 1,
    "anxiety": 1,
    "attachment": 1,
    "peers": 1,
    "trusted_adult": 0,
    "community": 2,
    "identity": 2,
}


def _version(code: str) -> InstrumentVersion:
    return InstrumentVersion.objects.select_related("instrument").get(
        instrument__code=code, number=1
    )


def assess(
    *,
    assessor: User,
    subject: Any,
    code: str,
    timepoint: str,
    on: dt.date,
    values: Mapping[str, int],
    today: dt.date,
    approver: User | None = None,
    summary: str = "",
    staff_org: Organisation | None = None,
    evidence: Mapping[str, str] | None = None,
) -> Assessment:
    """An assessment made, completed and (by ``approver``) approved; items not in
    ``values`` get their scale's middle level."""
    version = _version(code)
    definition = definition_of(version)
    assessment = services.assessment_start(
        by=assessor,
        subject=subject,
        version=version,
        timepoint=timepoint,
        assessed_on=on,
        staff_org=staff_org.pk if staff_org else None,
        today=today,
    )
    for domain in definition.domains:
        ratings = {}
        for item in domain.items:
            if item.ages and assessment.age_band not in item.ages:
                continue
            value = values.get(item.code, item.scale.values[len(item.scale.values) // 2])
            if value not in item.scale.values:
                value = item.scale.values[len(item.scale.values) // 2]
            ratings[item.code] = services.Rating(
                value=value, evidence=(evidence or {}).get(item.code, "")
            )
        services.domain_save(
            by=assessor,
            assessment=assessment,
            domain=domain.code,
            ratings=ratings,
            overall=_overall(domain, ratings),
            strengths=STRENGTHS.get(domain.code, "")
            if timepoint != "intake" or code == "family_situation"
            else "",
        )
    services.assessment_complete(
        by=assessor,
        assessment=assessment,
        summary=summary or "Vertinimas atliktas namuose, kartu su šeima.",
        version=assessment.version,
    )
    if approver is not None:
        services.assessment_approve(by=approver, assessment=assessment, version=assessment.version)
    return assessment


def _overall(domain: Any, ratings: Mapping[str, services.Rating]) -> int | None:
    """The domain's overall rating: the level nearest the mean of its items."""
    if domain.overall is None:
        return None
    values = [
        r.value
        for r in ratings.values()
        if r.value is not None and r.value in domain.overall.values
    ]
    if not values:
        return None
    mean = sum(values) / len(values)
    return min(domain.overall.values, key=lambda v: (abs(v - mean), v))


STRENGTHS = {
    "environment": "Močiutė gyvena tame pačiame name ir padeda.",
    "parenting": "Mama labai stengiasi; vakarais skaito vaikams.",
    "interactions": "Šeima kartu švenčia gimtadienius, vaikai prisirišę prie mamos.",
    "safety": "Kaimynė sutiko būti saugumo plano dalyvė.",
    "social_life": "Šeima lanko bendruomenės centro renginius.",
    "self_sufficiency": "Tėtis turi vairuotojo pažymėjimą ir ieško darbo.",
    "strengths": "Labai mėgsta piešti ir futbolą.",
}


def family_assessment(
    *, case: Any, case_manager: User, manager: User, timepoint: str, on: dt.date, today: dt.date
) -> Assessment:
    values = {"intake": FAMILY_INTAKE, "review": FAMILY_REVIEW, "closure": FAMILY_CLOSURE}[
        timepoint
    ]
    return assess(
        assessor=case_manager,
        subject=case,
        code="family_situation",
        timepoint=timepoint,
        on=on,
        values=values,
        today=today,
        approver=manager,
        summary={
            "intake": "Šeima myli vaikus ir nori pokyčių. Didžiausi sunkumai: mokyklos "
            "nelankymas, dienos ritmas, pajamos ir suaugusiųjų konfliktai. Sutarta dėl "
            "pagalbos plano.",
            "review": "Vaikai lanko mokyklą, namuose tvarkingiau, šeima naudojasi "
            "bendruomenės paslaugomis. Dar reikia dirbti su pajamomis ir konfliktais.",
            "closure": "Tikslai pasiekti: vaikai saugūs, lanko mokyklą, šeima gauna išmokas.",
        }[timepoint],
        evidence={
            "school_attendance": "Pagal mokyklos duomenis praleista 40 % pamokų.",
            "housing_conditions": "Bute drėgna, vaikų kambaryje pelėsis.",
        }
        if timepoint == "intake"
        else {},
    )


def accept_goals(*, assessment: Assessment, by: User, limit: int = 4) -> Any:
    """Take the first needs at an action level into the plan, with the proposed words."""
    from globa.plans import services as plan_services
    from globa.plans.selectors import proposals

    chosen = [
        plan_services.Accepted(p.item.code, p.text) for p in proposals(assessment) if not p.taken
    ][:limit]
    if not chosen:
        return None
    return plan_services.goals_accept(by=by, assessment=assessment, goals=chosen)


def add_people(*, centre: Organisation, logins: Mapping[str, User], today: dt.date) -> int:
    """A child assessed at intake and review with a service plan and services given for it;
    the coordinator's competence assessment and development plan; an on-call family's care
    review."""
    from globa.plans import services as plan_services
    from globa.registry.models import CarerHousehold, Child, Placement
    from globa.support import services as support_services
    from globa.support.models import DeliveryForm, Service
    from globa.training.models import Programme

    coordinator, manager, specialist = (
        logins["koordinatorius"],
        logins["vadovas"],
        logins["specialistas"],
    )
    made = 0
    child = (
        Child.objects.filter(
            centre=centre,
            first_name="Matas",
            last_name="Petrauskas",
        ).first()
        or Child.objects.filter(
            pk__in=Placement.objects.filter(
                ended_on__isnull=True, household__assignments__coordinator=coordinator
            ).values("child_id")
        ).first()
    )
    if child is not None:
        first = assess(
            assessor=specialist,
            subject=child,
            code="child_needs",
            timepoint="intake",
            on=today - dt.timedelta(days=95),
            values=CHILD_INTAKE,
            today=today,
            approver=manager,
            summary="Vaikas ką tik apgyvendintas; daug nerimo, sunku užmigti, sunkiai sekasi mokykloje.",
        )
        plan = accept_goals(assessment=first, by=specialist)
        second = assess(
            assessor=specialist,
            subject=child,
            code="child_needs",
            timepoint="review",
            on=today - dt.timedelta(days=12),
            values=CHILD_REVIEW,
            today=today,
            approver=manager,
            summary="Vaikas ramesnis, turi draugą, mokykloje sekasi geriau; stiprėja ryšys su globėjais.",
        )
        made += 2
        if plan is not None:
            consultation = Service.objects.get(code="psychological_consultation")
            for goal in list(plan.goals.all())[:3]:
                action = plan_services.action_add(
                    by=specialist,
                    plan=plan,
                    step=plan_services.Step(
                        goal=goal,
                        description="Psichologo konsultacijos kas dvi savaites",
                        due_on=add_months(today, 2),
                        responsible_organisation=centre,
                        responsible_user=specialist,
                        service=consultation,
                    ),
                )
                for weeks in (10, 8, 6, 4, 2):
                    plan_services.service_record(
                        by=specialist,
                        plan=plan,
                        action=action,
                        contact=support_services.Contact(
                            service=consultation,
                            delivered_on=today - dt.timedelta(weeks=weeks),
                            minutes=60,
                            form=DeliveryForm.OFFICE,
                            notes="",
                        ),
                    )
            accept_goals(assessment=second, by=specialist)
    # The coordinator's competence and motivation, and a development plan with GIMK training.
    staff = assess(
        assessor=manager,
        subject=coordinator,
        code="staff_competence",
        timepoint="intake",
        on=today - dt.timedelta(days=40),
        values={
            "trauma_informed": 2,
            "attachment": 2,
            "motivating": 1,
            "records": 2,
            "interagency": 4,
            "teamwork": 4,
            "for_learning": 4,
            "rights": 3,
        },
        today=today,
        staff_org=centre,
        summary="Stiprus komandos narys, gerai bendradarbiauja su mokyklomis. Tobulintina: darbas su trauma ir motyvuojantis pokalbis.",
    )
    development = accept_goals(assessment=staff, by=manager)
    made += 1
    if development is not None:
        programme = Programme.objects.filter(is_active=True, kind="continuing").first()
        goal = development.goals.first()
        if goal is not None:
            plan_services.action_add(
                by=manager,
                plan=development,
                step=plan_services.Step(
                    goal=goal,
                    description="Tęstiniai GIMK mokymai apie traumą",
                    due_on=add_months(today, 3),
                    responsible_organisation=centre,
                    responsible_user=coordinator,
                    programme=programme,
                ),
            )
    # The centre's yearly review of an on-call family's care.
    household = CarerHousehold.objects.filter(
        centre=centre,
        kind="on_call",
        status="active",
        assignments__coordinator=coordinator,
        assignments__ended_on__isnull=True,
    ).first()
    if household is not None:
        assess(
            assessor=coordinator,
            subject=household,
            code="care_review",
            timepoint="review",
            on=today - dt.timedelta(days=25),
            values={"warmth": 4, "routine": 4, "strain": 2, "training": 3},
            today=today,
            approver=manager,
            summary="Pavyzdinga kasdienė priežiūra; globėjai pavargę, siūlomas atokvėpis.",
        )
        made += 1
    return made

"""Early-intervention cases of the demo: the home centre's case manager and their families,
at every stage of the work, written through the case services."""

from __future__ import annotations

import datetime as dt

from globa.accounts.models import Role, User
from globa.cases import services
from globa.cases.models import Outcome, Stage
from globa.devdata.demo_assessments import accept_goals, family_assessment
from globa.organisations.models import Organisation
from globa.registry.models import Child
from globa.support.models import Service

ORDER = [
    Stage.ANALYSIS,
    Stage.NEEDS_ASSESSMENT,
    Stage.HELP_PLAN,
    Stage.MONITORING,
    Stage.REVIEW,
]

# Family, referred by, days ago, reason, stages reached (days after referral), children.
FAMILIES: list[tuple[str, str, int, str, list[int], list[tuple[str, str, int | None]]]] = [
    (
        "Jonaičių šeima",
        "school",
        150,
        "Vaikai dažnai praleidžia pamokas, mokytojai pastebėjo nepriežiūros ženklų.",
        [4, 12, 20, 28, 120],
        [("Rokas", "Jonaitis", 2015), ("Ugnė", "Jonaitytė", 2018)],
    ),
    (
        "Kairių šeima",
        "child_rights",
        40,
        "Pranešimas apie konfliktus šeimoje; mama augina tris vaikus viena.",
        [2, 10, 22],
        [("Lukas", "Kairys", 2012), ("Emilija", "Kairytė", 2016), ("Jonas", "Kairys", 2021)],
    ),
    (
        "Paulauskų šeima",
        "health",
        9,
        "Šeimos gydytoja pastebėjo, kad kūdikis nepakankamai priauga svorio.",
        [],
        [("Gabija", "Paulauskaitė", 2026)],
    ),
    (
        "Stankevičių šeima",
        "police",
        300,
        "Policijos pranešimas apie smurtą artimoje aplinkoje.",
        [3, 10, 18, 25, 115, 125, 215],
        [("Matas", "Stankevičius", 2013)],
    ),
    (
        "Jankauskų šeima",
        "school",
        25,
        "Austėja grįžo namo iš budinčio globotojo; mokykla pranešė, kad ji vėl dažnai "
        "praleidžia pamokas, o mama neatsiliepia.",
        [3, 11],
        # In the centre's registry (back home from an on-call carer): linked by the code.
        [("Austėja", "Jankauskaitė", None)],
    ),
]


def add_cases(*, organisation: Organisation, case_manager: User, today: dt.date) -> int:
    """Open the demo families' cases and move each through its stages on its days."""
    social = Service.objects.get(code="social_consultation")
    manager = (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.CENTRE_MANAGER,
            memberships__is_active=True,
        )
        .order_by("id")
        .first()
    )
    for name, source, days_ago, reason, stages, children in FAMILIES:
        referred = today - dt.timedelta(days=days_ago)
        case = services.case_open(
            by=case_manager,
            organisation=organisation,
            referral=services.Referral(
                family_name=name,
                municipality=organisation.municipality or organisation,
                referral_source=source,
                referred_on=referred,
                referral_reason=reason,
                case_manager=case_manager,
                address="Vilnius",
            ),
            today=today,
        )
        for first, last, year in children:
            if year is None:
                registered = Child.objects.get(
                    centre=organisation, first_name=first, last_name=last
                )
                services.child_add(
                    by=case_manager, case=case, personal_code=registered.personal_code or ""
                )
                continue
            services.child_add(
                by=case_manager,
                case=case,
                first_name=first,
                last_name=last,
                birth_date=dt.date(year, 3, 15),
            )
        teacher = services.team_member_add(
            by=case_manager,
            case=case,
            name="Rūta Mockienė",
            agency_kind="school",
            agency_name="Vilniaus Žirmūnų progimnazija",
            role="socialinė pedagogė",
            contact="+370 612 34567",
        )
        intake = None
        for offset, stage in zip(stages, [*ORDER, Stage.MONITORING, Stage.REVIEW], strict=False):
            case.refresh_from_db()
            if stage == Stage.HELP_PLAN:
                # The needs assessment is done when the family's assessment is completed.
                intake = family_assessment(
                    case=case,
                    case_manager=case_manager,
                    manager=manager or case_manager,
                    timepoint="intake",
                    on=referred + dt.timedelta(days=offset - 3),
                    today=today,
                )
                case.refresh_from_db()
            services.case_advance(
                by=case_manager,
                case=case,
                to=stage,
                on=referred + dt.timedelta(days=offset),
                version=case.version,
                today=today,
            )
            if stage == Stage.NEEDS_ASSESSMENT:
                services.conference_record(
                    by=case_manager,
                    case=case,
                    held_on=referred + dt.timedelta(days=offset),
                    decisions="Sutarta dėl pagalbos plano: reguliarios konsultacijos, "
                    "mokyklos lankomumo stebėsena.",
                    participants=[teacher],
                    tasks=[
                        services.Task(
                            "Kas savaitę pranešti apie lankomumą",
                            referred + dt.timedelta(days=offset + 30),
                            member=teacher,
                        )
                    ],
                    today=today,
                )
            if stage == Stage.REVIEW:
                family_assessment(
                    case=case,
                    case_manager=case_manager,
                    manager=manager or case_manager,
                    timepoint="review",
                    on=referred + dt.timedelta(days=offset),
                    today=today,
                )
            if stage == Stage.HELP_PLAN:
                # The help plan's goals come from the needs of the assessment.
                assert intake is not None
                accept_goals(assessment=intake, by=case_manager)
                goal = case.goals.order_by("id").first() or services.goal_add(
                    by=case_manager, case=case, text="Vaikai reguliariai lanko mokyklą"
                )
                services.action_add(
                    by=case_manager,
                    case=case,
                    task=services.Task(
                        "Socialinio darbuotojo konsultacijos kas savaitę",
                        referred + dt.timedelta(days=offset + 60),
                        user=case_manager,
                        goal=goal,
                        service=social,
                    ),
                )
        if name == "Stankevičių šeima":
            family_assessment(
                case=case,
                case_manager=case_manager,
                manager=manager or case_manager,
                timepoint="closure",
                on=today - dt.timedelta(days=21),
                today=today,
            )
            case.refresh_from_db()
            for action in case.actions.filter(done_on__isnull=True):
                services.action_done(
                    by=case_manager, case=case, action=action, on=today - dt.timedelta(days=21)
                )
            services.case_advance(
                by=case_manager,
                case=case,
                to=Stage.CLOSURE,
                on=today - dt.timedelta(days=20),
                version=case.version,
                outcome=Outcome.STAYED,
                outcome_notes="Smurtas nesikartoja, šeima naudojasi bendruomenės paslaugomis.",
                today=today,
            )
    return len(FAMILIES)

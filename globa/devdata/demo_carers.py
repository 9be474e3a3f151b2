"""The demo's carer pipeline: people who asked the home centre about becoming carers, at
every stage of the journey, moved through the stages by the centre's services."""

from __future__ import annotations

import datetime as dt
import unicodedata

from globa.accounts.models import User
from globa.carers import services
from globa.carers.models import Candidate, InquiryRoute, Stage
from globa.devdata.demo_assessments import assess
from globa.lib import personal_code
from globa.oncall import services as oncall_services
from globa.organisations.models import Organisation
from globa.registry.models import (
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    HouseholdKind,
    SiblingGroup,
)
from globa.training import services as training_services
from globa.training.models import Programme

# Name, what they consider, days ago they asked, the stages they reached (days after asking),
# and how the story ends (a stage to pause or leave at, with a note or reason).
PEOPLE = [
    ("Ramunė", "Vaitkienė", ("on_call",), 200, [7, 20, 110, 150, 165, 175], ""),
    ("Darius", "Urbonas", ("on_call", "permanent"), 130, [5, 21, 100], ""),
    ("Inga", "Mockutė", ("guardian",), 95, [6, 18], ""),
    ("Aistė", "Rimkė", ("guardian", "adoption"), 60, [9, 30], ""),
    ("Paulius", "Žilinskas", ("on_call",), 40, [10], "paused"),
    ("Simona", "Lukošienė", ("permanent",), 30, [], ""),
    ("Kęstutis", "Balčiūnas", ("guardian",), 25, [3], "exited"),
    ("Lina", "Grigaitė", ("on_call",), 4, [], ""),
    ("Marius", "Petkevičius", ("adoption",), 1, [], ""),
]
FORWARD = [
    Stage.INFO_MEETING,
    Stage.TRAINING,
    Stage.ASSESSMENT,
    Stage.APPROVAL,
    Stage.CONTRACT,
    Stage.ACTIVE,
]


def add_candidates(*, centre: Organisation, manager: User, today: dt.date) -> int:
    """Record the demo inquiries and move each person on their days; on-call inquiries from
    Vilnius go to the home centre."""
    municipality = centre.municipality or centre
    InquiryRoute.objects.get_or_create(
        municipality=municipality,
        interest="on_call",
        defaults={"centre": centre, "changed_by": manager},
    )
    for first, last, interests, days_ago, reached, ending in PEOPLE:
        asked = today - dt.timedelta(days=days_ago)
        candidate = services.candidate_add(
            by=manager,
            centre=centre,
            inquiry=services.Inquiry(
                first_name=first,
                last_name=last,
                email=_ascii(f"{first}.{last}@example.lt".lower()),
                phone="+370 600 12345",
                municipality=municipality,
                interests=interests,
                question="Norėčiau sužinoti, kaip tapti globėju.",
            ),
            consent_text="Asmuo sutiko, kad centras tvarkytų jo duomenis (telefonu).",
            on=asked,
            today=today,
        )
        stages = [s for s in FORWARD if s != Stage.CONTRACT or candidate.needs_contract]
        for offset, stage in zip(reached, stages, strict=False):
            on = asked + dt.timedelta(days=offset)
            if stage == Stage.APPROVAL:
                # The approval rests on the suitability assessment, made before it.
                assess(
                    assessor=manager,
                    subject=candidate,
                    code="carer_suitability",
                    timepoint="intake",
                    on=on - dt.timedelta(days=2),
                    values={"experience": 4, "network": 4, "reasons": 3, "loss_trauma": 2},
                    today=today,
                    summary="Šeima motyvuota ir pasirengusi; rekomenduojama globoti vieną vaiką "
                    "iki 10 metų. Siūloma papildomai išklausyti modulį apie traumą.",
                )
            extra = (
                {"approval_number": f"BV-{on:%y}-{days_ago}", "approval_date": on}
                if stage == Stage.APPROVAL
                else {}
            )
            _move(manager, candidate, services.Move(stage, on, **extra), today)  # type: ignore[arg-type]
        if ending == "paused":
            _move(manager, candidate, services.Move(Stage.PAUSED, today, note="Šeimos liga"), today)
        elif ending == "exited":
            _move(
                manager,
                candidate,
                services.Move(Stage.EXITED, today, exit_reason="changed_mind"),
                today,
            )
    return len(PEOPLE)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _move(manager: User, candidate: Candidate, move: services.Move, today: dt.date) -> None:
    services.candidate_move(
        by=manager, candidate=candidate, move=move, version=candidate.version, today=today
    )


def add_waiting_siblings(*, centre: Organisation, today: dt.date) -> list[Child]:
    """A brother and a sister taken into care today, with no place yet: the demo's case for
    emergency matching."""
    group = SiblingGroup.objects.create(centre=centre, label="Kazlauskų vaikai")
    children = []
    for n, (first, sex, age) in enumerate((("Lukas", "M", 7), ("Gabija", "F", 4))):
        birth = dt.date(today.year - age, 3, 10 + n)
        children.append(
            Child.objects.create(
                centre=centre,
                municipality=centre.municipality or centre,
                first_name=first,
                last_name="Kazlauskas" if sex == "M" else "Kazlauskaitė",
                sex=sex,
                birth_date=birth,
                personal_code=personal_code.make(birth, sex, 900 + n),
                legal_status=Child.LegalStatus.TEMPORARY_CARE,
                sibling_group=group,
                languages=["lietuvių"],
            )
        )
    return children


def add_ready_carer(
    *, centre: Organisation, coordinator: User, manager: User, today: dt.date
) -> None:
    """An on-call carer of the home centre with a fresh contract and every place free, so
    that the demo's waiting children can be matched."""
    household = CarerHousehold.objects.create(
        centre=centre,
        municipality=centre.municipality or centre,
        name="Budinčių Mockų šeima",
        kind=HouseholdKind.ON_CALL,
        address="Žirmūnų g. 12, Vilnius",
        languages=["lietuvių", "rusų"],
        accepts_siblings=True,
        accepts_disability=True,
    )
    CoordinatorAssignment.objects.create(
        household=household,
        centre=centre,
        coordinator=coordinator,
        started_on=today - dt.timedelta(days=90),
        assigned_by=manager,
    )
    oncall_services.contract_add(
        by=manager,
        household=household,
        terms=oncall_services.ContractTerms(
            number=f"BG-{today:%Y}-77",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=304),
            places=3,
            accepts_disability=True,
        ),
    )


def add_training(*, centre: Organisation, manager: User, today: dt.date) -> None:
    """A GIMK core group of the home centre: the people in the training stage, two trainers,
    the first sessions recorded."""
    group = training_services.group_create(
        by=manager,
        centre=centre,
        programme=Programme.objects.get(code="gimk-core"),
        name=f"GIMK {today:%Y} ruduo",
        starts_on=today - dt.timedelta(days=70),
    )
    training_services.trainer_add(by=manager, group=group, name="Asta Mokytoja", certified=True)
    training_services.trainer_add(
        by=manager, group=group, name="Paulius Psichologas", certified=False
    )
    people = [
        training_services.participant_add(by=manager, group=group, candidate=candidate)
        for candidate in Candidate.objects.filter(centre=centre, stage=Stage.TRAINING)
    ]
    people.append(
        training_services.participant_add(by=manager, group=group, person_name="Rita Bendruomeninė")
    )
    topics = list(group.programme.topics.order_by("position"))
    for n in range(3):
        training_services.session_record(
            by=manager,
            group=group,
            held_on=today - dt.timedelta(days=63 - 14 * n),
            topics=topics[2 * n : 2 * n + 2],
            attended=people if n != 1 else people[:-1],
            today=today,
        )
    add_staff_training(centre=centre, manager=manager, today=today)


def add_staff_training(*, centre: Organisation, manager: User, today: dt.date) -> None:
    """A training group for specialists at the home centre, held in full, with the
    certificates of those who attended every topic: the staff target group of the training
    figures."""
    programme = Programme.objects.get(code="specialists")
    group = training_services.group_create(
        by=manager,
        centre=centre,
        programme=programme,
        name=f"Specialistų mokymai {today:%Y}",
        starts_on=today - dt.timedelta(days=40),
    )
    training_services.trainer_add(by=manager, group=group, name="Jonas Lektorius", certified=True)
    names = ["Inga Psichologė", "Tomas Socialinis", "Daiva Koordinatorė", "Laura Atvejo"]
    people = [
        training_services.participant_add(by=manager, group=group, person_name=name)
        for name in names
    ]
    for n, topic in enumerate(programme.topics.order_by("position")):
        training_services.session_record(
            by=manager,
            group=group,
            held_on=today - dt.timedelta(days=35 - 10 * n),
            topics=[topic],
            attended=people if n != 1 else people[1:],
            today=today,
        )
    for n, person in enumerate(people[1:], start=1):
        training_services.certificate_record(
            by=manager, participant=person, on=today - dt.timedelta(days=10), number=f"SP-{n}"
        )

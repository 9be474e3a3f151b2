"""Demo data: centres in five cities, one login per role, and families with stories.

Everything is written through the registry's services, exactly as the pages would write
it, so the demo also proves that the planner (``plan.py``) keeps the services' rules.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation

from globa.accounts.models import Membership, Position, Role, User
from globa.accounts.services import administration_group
from globa.devdata import names, orgs
from globa.devdata.demo_assessments import add_people
from globa.devdata.demo_carers import (
    add_candidates,
    add_ready_carer,
    add_training,
    add_waiting_siblings,
)
from globa.devdata.demo_cases import add_cases
from globa.devdata.demo_contracts import add_service_contracts
from globa.devdata.demo_integration import add_integration
from globa.devdata.demo_quality import add_surveys
from globa.devdata.demo_workday import (
    add_request_from_another_centre,
    add_workday,
    give_on_call_phones,
)
from globa.devdata.generate import add_contracts, capacity_limits, municipalities_by_county
from globa.devdata.plan import (
    ADOPTIVE,
    COMMUNITY_HOME,
    FAMILY_HOME,
    GUARDIAN_NON_RELATIVE,
    GUARDIAN_RELATIVE,
    INSTITUTION,
    ON_CALL,
    PERMANENT,
    AdultRow,
    AssignmentRow,
    CentreSpec,
    ChildRow,
    HomeSpec,
    HouseholdRow,
    OwnChildRow,
    PlacementRow,
    Planner,
    RelativeRow,
    SiblingGroupRow,
    World,
)
from globa.lib import clock, personal_code
from globa.lib.collation import lt
from globa.lib.dates import add_years
from globa.lib.dbscope import system_scope
from globa.organisations.models import Organisation
from globa.registry import services
from globa.registry.models import CarerHousehold, Child, Placement, SiblingGroup
from globa.registry.selectors import placements_active_on
from globa.support import selectors as support_selectors
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service
from globa.support.services import provide_services

DEMO_PASSWORD = orgs.DEMO_PASSWORD
HOME_CENTRE = orgs.VILNIUS_CENTRES[0]
Echo = Callable[[str], None]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    first_name: str
    last_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


DEMO_LOGINS = (
    DemoLogin("koordinatorius", Role.COORDINATOR, HOME_CENTRE, "Eglė", "Kazlauskienė"),
    DemoLogin("specialistas", Role.SPECIALIST, HOME_CENTRE, "Jurgita", "Paulauskienė"),
    DemoLogin("atvejo.vadybininkas", Role.CASE_MANAGER, HOME_CENTRE, "Tomas", "Navickas"),
    DemoLogin("vadovas", Role.CENTRE_MANAGER, HOME_CENTRE, "Rūta", "Sakalauskienė"),
    DemoLogin("savivaldybe", Role.MUNICIPALITY_OFFICER, names.VILNIUS, "Vaida", "Mikalauskienė"),
    DemoLogin("stebesena", Role.NATIONAL_MONITOR, orgs.NATIONAL_AUTHORITY, "Laima", "Žemaitienė"),
    DemoLogin(
        "administratorius", Role.ADMINISTRATOR, orgs.NATIONAL_AUTHORITY, "Andrius", "Baranauskas"
    ),
    DemoLogin(
        "duomenu.apsauga", Role.DATA_PROTECTION_OFFICER, HOME_CENTRE, "Dovilė", "Jankauskienė"
    ),
)

# The care centres: Vilnius city's five, and one in each of four other cities.
DEMO_CENTRES = (
    *((names.VILNIUS, name, Organisation.Sector.NGO) for name in orgs.VILNIUS_CENTRES),
    ("Kauno miesto savivaldybė", "Kauno miesto globos centras", Organisation.Sector.PUBLIC),
    (
        "Klaipėdos miesto savivaldybė",
        "Klaipėdos miesto globos centras „Švyturys“",
        Organisation.Sector.NGO,
    ),
    ("Šiaulių miesto savivaldybė", "Šiaulių miesto globos centras", Organisation.Sector.PUBLIC),
    ("Alytaus miesto savivaldybė", "Alytaus miesto globos centras", Organisation.Sector.PUBLIC),
)
DEMO_HOMES = (
    (names.VILNIUS, "Vilniaus vaikų globos namai „Pušynėlis“", INSTITUTION, "public"),
    ("Kauno miesto savivaldybė", "Kauno vaikų globos namai „Ąžuolėlis“", INSTITUTION, "public"),
    (names.VILNIUS, "Bendruomeniniai vaikų globos namai „Svirnelis“", COMMUNITY_HOME, "ngo"),
    (
        "Kauno miesto savivaldybė",
        "Kauno bendruomeniniai vaikų globos namai „Saulėtas kiemas“",
        COMMUNITY_HOME,
        "ngo",
    ),
)


def logins_table() -> str:
    """The demo logins as a plain-text table (username, role, organisation)."""
    rows = [("username", "role", "organisation")]
    rows += [(login.username, login.role_label, login.organisation) for login in DEMO_LOGINS]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append(f"Password for all: {DEMO_PASSWORD}")
    return "\n".join(lines)


def has_data() -> bool:
    """Whether any care centre exists (the demo or generated data is there)."""
    with system_scope():
        return Organisation.objects.filter(kind=Organisation.Kind.CARE_CENTRE).exists()


def load_demo(*, today: dt.date, seed: int = 2026, echo: Echo = print) -> None:
    """Load the demo in one transaction: organisations, staff, households and children."""
    rng = random.Random(seed)
    # The demo's own texts (reasons, notes) are written in Lithuanian, as staff would.
    with translation.override("lt"), system_scope():
        demo = _Demo(rng)
        echo(f"{len(demo.centres)} centres, {len(demo.users)} accounts")
        world = Planner(
            centres=demo.centre_specs(),
            homes=[HomeSpec(h.id, h.kind, h.county_id) for h in demo.homes],
            municipalities_by_county=municipalities_by_county(demo.municipalities),
            limits=capacity_limits(today),
            today=today,
            seed=seed,
        ).plan()
        replay(world, demo, today=today)
        replay(stories(demo, today), demo, today=today)
        contacts = add_contacts(demo, rng, today=today)
        echo(f"{contacts} service deliveries")
        echo(f"{add_groups(demo, rng, today=today)} group sessions")
        cases = add_cases(
            organisation=demo.home_centre,
            case_manager=demo.logins["atvejo.vadybininkas"],
            today=today,
        )
        echo(f"{cases} early-intervention cases")
        people = add_candidates(
            centre=demo.home_centre, manager=demo.logins["vadovas"], today=today
        )
        echo(f"{people} people in the carer pipeline")
        add_training(centre=demo.home_centre, manager=demo.logins["vadovas"], today=today)
        echo(f"{add_contracts(seed=seed, today=today)} on-call contracts")
        add_ready_carer(
            centre=demo.home_centre,
            coordinator=demo.logins["koordinatorius"],
            manager=demo.logins["vadovas"],
            today=today,
        )
        add_waiting_siblings(centre=demo.home_centre, today=today)
        people_assessed = add_people(centre=demo.home_centre, logins=demo.logins, today=today)
        echo(f"{people_assessed} assessments of children, staff and carer families")
        visits, sent = add_workday(
            centre=demo.home_centre,
            coordinator=demo.logins["koordinatorius"],
            manager=demo.logins["vadovas"],
            today=today,
        )
        echo(f"{visits} visits planned, {sent} notifications")
        give_on_call_phones()
        add_request_from_another_centre(centre=demo.home_centre, today=today)
        add_integration(
            centre=demo.home_centre,
            manager=demo.logins["vadovas"],
            administrator=demo.logins["administratorius"],
            today=today,
        )
        echo(f"{add_population(demo, rng, today=today)} child population figures (synthetic)")
        echo(f"{add_transformation(demo, rng, today=today)} institution transformation plans")
        answered = add_surveys(
            centres=demo.centres,
            managers=demo.managers,
            home_centre=demo.home_centre,
            today=today,
            seed=seed,
        )
        echo(f"{answered} carer households answered the satisfaction surveys")
        contracts = add_service_contracts(
            officer=demo.logins["savivaldybe"], today=today, seed=seed
        )
        echo(f"{contracts} service contracts of the municipality")
        echo(f"{add_reviews(demo, today=today)} quality review visits")
        echo(f"{Child.objects.count()} children, {CarerHousehold.objects.count()} households")


def add_reviews(demo: _Demo, *, today: dt.date) -> int:
    """Quality review visits of the national service to two centres, with findings and
    follow-up actions: one done, one open, one overdue at the home centre; and a part-time
    psychologist there, so the staffing figures show FTE beside heads."""
    from globa.monitoring.models import ReviewAction, ReviewFinding, ReviewVisit

    monitor = demo.logins["stebesena"]
    manager = demo.logins["vadovas"]
    specialist = (
        Membership.objects.filter(organisation=demo.home_centre, position=Position.PSYCHOLOGIST)
        .order_by("pk")
        .first()
    )
    if specialist is not None:
        specialist.fte = Decimal("0.5")
        specialist.save(update_fields=["fte"])
    other = next(c for c in demo.centres if c.pk != demo.home_centre.pk)
    visits = (
        (demo.home_centre, 75, "Globos koordinatorių darbas su budinčiais globotojais"),
        (other, 40, "Pagalba giminaičiams globėjams, mokymai"),
    )
    for centre, ago, scope in visits:
        visit = ReviewVisit.objects.create(
            centre=centre,
            visited_on=today - dt.timedelta(days=ago),
            visitors=f"{monitor.get_full_name()}, Tomas Vaitkus",
            scope=scope,
            recorded_by=monitor,
            recorded_at=clock.now(),
        )
        ReviewFinding.objects.create(
            visit=visit,
            centre=centre,
            area=ReviewFinding.Area.CARER_SUPPORT,
            severity=ReviewFinding.Severity.GOOD,
            text="Koordinatoriai lankosi pas budinčius globotojus kas dvi savaites.",
        )
        ReviewFinding.objects.create(
            visit=visit,
            centre=centre,
            area=ReviewFinding.Area.STAFFING,
            severity=ReviewFinding.Severity.MAJOR,
            text="Trūksta psichologo konsultacijoms globėjams.",
        )
        ReviewAction.objects.create(
            visit=visit,
            centre=centre,
            description="Įdarbinti psichologą bent puse etato.",
            due_on=today - dt.timedelta(days=ago - 30),
            status=ReviewAction.Status.DONE,
            done_on=today - dt.timedelta(days=ago - 25),
            done_by=manager if centre.pk == demo.home_centre.pk else demo.managers[centre.pk],
            done_note="Psichologė įdarbinta puse etato.",
        )
        ReviewAction.objects.create(
            visit=visit,
            centre=centre,
            description="Parengti atokvėpio paslaugų tvarką ir ją aptarti su globėjais.",
            due_on=today - dt.timedelta(days=10),
        )
        ReviewAction.objects.create(
            visit=visit,
            centre=centre,
            description="Atnaujinti globėjų mokymų planą ateinantiems metams.",
            due_on=today + dt.timedelta(days=45),
        )
    return len(visits)


POPULATION_SOURCE = "Sintetiniai demonstraciniai duomenys, ne tikra statistika"


def add_population(demo: _Demo, rng: random.Random, *, today: dt.date) -> int:
    """Children's population by municipality for the last three years, for the rates per
    100,000 children: synthetic figures, labelled so in their source."""
    from globa.monitoring.models import ChildPopulation

    rows = []
    for municipality in demo.municipalities.values():
        big = "miesto" in municipality.name
        base = rng.randint(30_000, 110_000) if big else rng.randint(2_000, 15_000)
        for year in range(today.year - 2, today.year + 1):
            children = int(base * (1 - 0.01 * (today.year - year)))
            rows.append(
                ChildPopulation(
                    municipality=municipality,
                    year=year,
                    children=children,
                    source=POPULATION_SOURCE,
                )
            )
    ChildPopulation.objects.bulk_create(rows)
    return len(rows)


# Institutions being transformed besides the demo's two homes: (municipality, name).
TRANSFORMED = (
    ("Šiaulių miesto savivaldybė", "Šiaulių vaikų globos namai „Berželis“"),
    ("Panevėžio miesto savivaldybė", "Panevėžio specialieji vaikų globos namai"),
    ("Klaipėdos miesto savivaldybė", "Klaipėdos vaikų globos namai „Smiltelė“"),
)
# Each plan's path: (status, days before today it was reached), oldest first.
TRANSFORMATION_PATHS = (
    (("preparing", 900), ("prepared", 700), ("approved", 600), ("in_progress", 500)),
    (("preparing", 800), ("prepared", 500), ("approved", 300)),
    (("preparing", 400), ("prepared", 120)),
    (("preparing", 200),),
    (
        ("preparing", 1100),
        ("prepared", 1000),
        ("approved", 950),
        ("in_progress", 900),
        ("done", 60),
    ),
)


def add_transformation(demo: _Demo, rng: random.Random, *, today: dt.date) -> int:
    """Institutions being transformed with their plans in different statuses, milestones
    (one overdue) and the counts of residents assessed, with plans and moved on."""
    from globa.monitoring.models import (
        TransformationMilestone,
        TransformationPlan,
        TransformationResidents,
        TransformationStatusChange,
    )

    institutions = [h for h in demo.homes if h.kind == INSTITUTION]
    for town, name in TRANSFORMED:
        home = orgs.organisation(rng, name, INSTITUTION, demo.municipalities[town], "public")
        home.save()
        institutions.append(home)
    for n, (institution, path) in enumerate(zip(institutions, TRANSFORMATION_PATHS, strict=True)):
        status, ago = path[-1]
        plan = TransformationPlan.objects.create(
            institution=institution,
            status=status,
            status_since=today - dt.timedelta(days=ago),
            places_to_close=30 + 10 * n,
            notes="Planas rengiamas kartu su savivaldybe ir gyventojais.",
            created_at=clock.now(),
        )
        for step, days in path:
            TransformationStatusChange.objects.create(
                plan=plan,
                institution=institution,
                status=step,
                changed_on=today - dt.timedelta(days=days),
            )
        start = today - dt.timedelta(days=path[0][1])
        milestones = (
            ("Įvertinti visų gyventojų poreikius", 90, True),
            ("Parengti individualius gyventojų planus", 180, len(path) > 2),
            ("Atidaryti bendruomeninius vaikų globos namus", 540, status == "done"),
        )
        for title, after, done in milestones:
            due = start + dt.timedelta(days=after)
            TransformationMilestone.objects.create(
                plan=plan,
                institution=institution,
                title=title,
                due_on=due,
                done_on=min(due, today) if done else None,
            )
        if len(path) < 2:
            continue
        for k, (kind, count) in enumerate(
            (("assessed", 12 + n), ("with_plan", 8 + n), ("to_family", 3), ("to_community", 5))
        ):
            for quarter in range(1, 4):
                day = start + dt.timedelta(days=60 * k + 90 * quarter)
                if day > today:
                    break
                TransformationResidents.objects.create(
                    plan=plan, institution=institution, kind=kind, counted_on=day, count=count
                )
    return len(institutions)


class _Demo:
    """The organisations and staff of the demo, saved."""

    def __init__(self, rng: random.Random) -> None:
        self.municipalities = orgs.municipalities()
        authority = orgs.national_authority()
        centres = [
            orgs.organisation(
                rng, name, Organisation.Kind.CARE_CENTRE, self.municipalities[municipality], sector
            )
            for municipality, name, sector in DEMO_CENTRES
        ]
        homes = [
            orgs.organisation(rng, name, kind, self.municipalities[municipality], sector)
            for municipality, name, kind, sector in DEMO_HOMES
        ]
        self.centres = Organisation.objects.bulk_create(centres)
        provide_services(self.centres)
        self.homes = Organisation.objects.bulk_create(homes)
        self.home_centre = self.centres[0]
        by_name = {
            **{o.name: o for o in self.centres},
            **self.municipalities,
            authority.name: authority,
        }
        people = orgs.People(rng, User.objects.values_list("username", flat=True))
        pairs: list[tuple[User, Organisation, str]] = []
        self.logins: dict[str, User] = {}
        for login in DEMO_LOGINS:
            user = people.user(login.first_name, login.last_name, username=login.username)
            user.is_staff = login.role == Role.ADMINISTRATOR
            self.logins[login.username] = user
            pairs.append((user, by_name[login.organisation], login.role))
        # Every centre gets a manager, three coordinators, specialists and a case manager;
        # the demo logins fill those places in the home centre.
        self.staff: dict[int, dict[str, list[User]]] = {}
        for centre in self.centres:
            roles: dict[str, list[User]] = {}
            home = centre is self.home_centre
            for role, count in (
                (Role.CENTRE_MANAGER, 1),
                (Role.COORDINATOR, 3),
                (Role.SPECIALIST, 2),
                (Role.CASE_MANAGER, 1),
            ):
                members = [u for u, org, r in pairs if home and org is centre and r == role]
                while len(members) < count:
                    user = people.user()
                    members.append(user)
                    pairs.append((user, centre, role))
                roles[role] = members
            self.staff[centre.id] = roles
        for municipality, _name, _sector in DEMO_CENTRES[len(orgs.VILNIUS_CENTRES) :]:
            pairs.append(
                (people.user(), self.municipalities[municipality], Role.MUNICIPALITY_OFFICER)
            )
        orgs.save_staff(pairs)
        self._give_admin_rights(self.logins["administratorius"])
        self.users = {user.pk: user for user, _, _ in pairs}
        self.organisations = {o.id: o for o in [*self.centres, *self.homes]}
        self.managers = {c.id: self.staff[c.id][Role.CENTRE_MANAGER][0] for c in self.centres}

    def _give_admin_rights(self, user: User) -> None:
        user.groups.add(administration_group())

    def centre_specs(self) -> list[CentreSpec]:
        specs = []
        for index, centre in enumerate(self.centres):
            vilnius = index < len(orgs.VILNIUS_CENTRES)
            staff = self.staff[centre.id]
            households = (
                {
                    GUARDIAN_RELATIVE: 4,
                    GUARDIAN_NON_RELATIVE: 3,
                    ON_CALL: 2,
                    PERMANENT: 1,
                    ADOPTIVE: 1,
                }
                if vilnius
                else {GUARDIAN_RELATIVE: 3, GUARDIAN_NON_RELATIVE: 2, ON_CALL: 1, PERMANENT: 1}
            )
            specs.append(
                CentreSpec(
                    id=centre.id,
                    municipality_id=centre.municipality_id or 0,
                    municipality_name=centre.municipality.name if centre.municipality else "",
                    county_id=centre.county_id,
                    manager_id=staff[Role.CENTRE_MANAGER][0].pk,
                    coordinator_ids=[u.pk for u in staff[Role.COORDINATOR]],
                    households=households,
                    in_care=10 if vilnius else 6,
                    left_care=16 if vilnius else 7,
                    after_18=1 if vilnius else 0,
                    favourite_coordinator_id=self.logins["koordinatorius"].pk,
                )
            )
        return specs


# Writing a planned world through the services ---------------------------------------------


CONTACT_HISTORY_DAYS = 120
HOME_VISIT_NOTES = [
    "Aptarta vaiko adaptacija mokykloje.",
    "Globėjai pasakoja apie miego sunkumus; sutarta dėl psichologo konsultacijos.",
    "Vaikas džiaugiasi susitikimais su močiute.",
    "Aptartas atokvėpio poreikis vasarą.",
    "",
]


def add_contacts(demo: _Demo, rng: random.Random, *, today: dt.date) -> int:
    """The last months of coordinators' contacts with their households, through the service:
    a home visit with the household and the children placed there, about as often as the
    contact rule asks, a few late; now and then a psychologist's consultation for a child."""
    rules = support_selectors.contact_rules()
    services_by_code = {service.code: service for service in Service.objects.all()}
    count = 0
    households = (
        CarerHousehold.objects.filter(status=CarerHousehold.Status.ACTIVE)
        .prefetch_related("assignments")
        .order_by(*lt("name"))
    )
    for household in households:
        assignment = next((a for a in household.assignments.all() if a.ended_on is None), None)
        interval = rules.get(household.kind)
        if assignment is None or interval is None:
            continue
        coordinator = demo.users[assignment.coordinator_id]
        specialists = demo.staff[household.centre_id][Role.SPECIALIST]
        day = today - dt.timedelta(days=CONTACT_HISTORY_DAYS - rng.randrange(interval))
        # The children placed there now, while they were there (records are kept on the day).
        placed = list(placements_active_on(household, today).select_related("child"))
        # One household in four has been waiting for a visit longer than the rule allows.
        last_day = today - dt.timedelta(days=int(interval * 1.4)) if rng.random() < 0.25 else today
        while day <= last_day:
            children = [p.child for p in placed if p.started_on <= day]
            count += len(
                support_services.record_contact(
                    by=coordinator,
                    provider_id=household.centre_id,
                    contact=support_services.Contact(
                        service=services_by_code["coordinator_assistance"],
                        delivered_on=day,
                        minutes=rng.choice((45, 60, 60, 90, 120)),
                        form=DeliveryForm.HOME_VISIT if rng.random() < 0.8 else DeliveryForm.PHONE,
                        notes=rng.choice(HOME_VISIT_NOTES),
                    ),
                    household=household,
                    children=children,
                    today=today,
                    home_visit=support_services.HomeVisitFacts(
                        safety="none",
                        children_seen=children,
                        children_seen_alone=children[:1] if day.day % 2 else [],
                        next_steps="Kitas vizitas pagal planą.",
                    ),
                )
            )
            if children and rng.random() < 0.3:
                count += len(
                    support_services.record_contact(
                        by=rng.choice(specialists),
                        provider_id=household.centre_id,
                        contact=support_services.Contact(
                            service=services_by_code["psychological_consultation"],
                            delivered_on=day,
                            minutes=60,
                            form=DeliveryForm.OFFICE,
                            notes="Konsultacijos pastabos (matomos tik specialistų komandai).",
                        ),
                        children=[rng.choice(children)],
                        today=today,
                    )
                )
            # Mostly on time; one household in five falls behind.
            late = rng.random() < 0.2
            day += dt.timedelta(
                days=int(interval * (rng.uniform(1.1, 1.8) if late else rng.uniform(0.5, 1.0)))
            )
    return count


GROUP_TOPICS = [
    "Vaiko adaptacija naujoje šeimoje",
    "Ryšiai su vaiko tėvais ir artimaisiais",
    "Kaip kalbėtis su vaiku apie jo istoriją",
    "Atokvėpis ir rūpinimasis savimi",
    "Paauglystės iššūkiai",
    "Mokykla, pamokos ir namų darbai",
]


def add_groups(demo: _Demo, rng: random.Random, *, today: dt.date) -> int:
    """A mutual-help group for carers in every centre, run by one of its specialists (in the
    home centre, the demo specialist), meeting about every four weeks in the last months;
    attendance through the service, so each participant receives the group's service."""
    mutual_help = Service.objects.get(code="mutual_help_group")
    since = today - dt.timedelta(days=CONTACT_HISTORY_DAYS)
    count = 0
    for centre in demo.centres:
        facilitator = demo.staff[centre.id][Role.SPECIALIST][0]
        group = support_services.create_group(
            by=demo.managers[centre.id],
            provider_id=centre.id,
            details=support_services.GroupDetails(
                name="Globėjų savitarpio pagalbos grupė",
                service=mutual_help,
                facilitator=facilitator,
                description="Susitinkame kas keturias savaites ketvirtadienio vakarą centre.",
            ),
            today=today,
        )
        households = CarerHousehold.objects.filter(
            centre=centre, status=CarerHousehold.Status.ACTIVE
        ).order_by(*lt("name"))[:8]
        members = [
            support_services.add_group_member(
                by=facilitator, group=group, household=household, today=since
            )
            for household in households
        ]
        day = since + dt.timedelta(days=rng.randrange(7))
        while members and day <= today:
            support_services.record_session(
                by=facilitator,
                group=group,
                details=support_services.SessionDetails(
                    held_on=day,
                    minutes=rng.choice((90, 90, 120)),
                    form=DeliveryForm.OFFICE if rng.random() < 0.8 else DeliveryForm.REMOTE,
                    facilitator=facilitator,
                    topic=rng.choice(GROUP_TOPICS),
                ),
                attended=[m for m in members if rng.random() < 0.7] or members[:1],
                today=today,
            )
            count += 1
            day += dt.timedelta(days=28)
    return count


def replay(world: World, demo: _Demo, *, today: dt.date) -> None:
    """Write the planned rows with the services, placements in the order of their days."""
    _Replay(world, demo, today).run()


class _Replay:
    def __init__(self, world: World, demo: _Demo, today: dt.date) -> None:
        self.world = world
        self.users = demo.users
        self.organisations = demo.organisations
        self.managers = demo.managers
        self.today = today
        self.municipalities = {
            m.id: m for m in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        }
        self.children: dict[Any, Child] = {}
        self.households: dict[Any, CarerHousehold] = {}
        self.first_assignment: dict[Any, AssignmentRow] = {}
        for assignment in sorted(world.assignments, key=lambda a: a.started_on):
            self.first_assignment.setdefault(assignment.household_id, assignment)

    def run(self) -> None:
        self.add_children()
        self.add_households()
        self.add_history()
        self.set_statuses()

    def add_children(self) -> None:
        groups = {
            row.id: SiblingGroup.objects.create(id=row.id, centre_id=row.centre_id, label=row.label)
            for row in self.world.sibling_groups
        }
        entered: dict[Any, dt.date] = {}
        for placement in self.world.placements:
            entered[placement.child_id] = min(
                placement.started_on, entered.get(placement.child_id, placement.started_on)
            )
        for row in self.world.children:
            data = row._asdict()
            data.update(
                municipality=self.municipalities[row.municipality_id],
                sibling_group=groups[row.sibling_group_id] if row.sibling_group_id else None,
                # A child who has left is placed first, then marked as left.
                status=Child.Status.IN_CARE if row.status == Child.Status.LEFT_CARE else row.status,
            )
            # Registered as of the day the child came into care: the history is replayed.
            self.children[row.id] = services.child_create(
                by=self.managers[row.centre_id],
                centre=self.organisations[row.centre_id],
                data=data,
                today=entered.get(row.id, self.today),
            )
        for relative in self.world.relatives:
            child = self.children[relative.child_id]
            services.relative_add(
                by=self.managers[child.centre_id],
                child=child,
                data=_without(relative._asdict(), "id", "child_id", "centre_id"),
            )

    def add_households(self) -> None:
        for row in self.world.households:
            data = row._asdict()
            data.update(
                municipality=self.municipalities[row.municipality_id],
                status=CarerHousehold.Status.ACTIVE,
            )
            first = self.first_assignment[row.id]
            self.households[row.id] = services.household_create(
                by=self.managers[row.centre_id],
                centre=self.organisations[row.centre_id],
                coordinator=self.users[first.coordinator_id],
                data=data,
                today=first.started_on,
            )
        for adult in self.world.adults:
            household = self.households[adult.household_id]
            services.household_adult_add(
                by=self.managers[household.centre_id],
                household=household,
                data=_without(adult._asdict(), "id", "household_id", "centre_id"),
            )
        for own in self.world.own_children:
            household = self.households[own.household_id]
            services.household_own_child_add(
                by=self.managers[household.centre_id],
                household=household,
                data=_without(own._asdict(), "id", "household_id", "centre_id"),
            )

    def add_history(self) -> None:
        """Placements and coordinator changes, day by day, so every check sees that day."""
        events: list[tuple[dt.date, int, int, PlacementRow | AssignmentRow]] = []
        for seq, planned in enumerate(self.world.placements):
            # Ends come before starts on the same day: a place freed can be taken again.
            events.append((planned.started_on, 1, seq, planned))
            if planned.ended_on:
                events.append((planned.ended_on, 0, seq, planned))
        for seq, assignment in enumerate(self.world.assignments):
            if self.first_assignment[assignment.household_id] is not assignment:
                events.append((assignment.started_on, 2, seq, assignment))
        started: dict[Any, Placement] = {}
        for day, order, _seq, row in sorted(events, key=lambda e: e[:3]):
            if isinstance(row, AssignmentRow):
                services.coordinator_assign(
                    by=self.managers[row.centre_id],
                    household=self.households[row.household_id],
                    coordinator=self.users[row.coordinator_id],
                    reason=row.reason,
                    today=day,
                )
            elif order == 1:
                started[row.id] = self.start(row)
            else:
                placement = started[row.id]
                services.placement_end(
                    by=self.managers[row.centre_id],
                    placement=placement,
                    ended_on=day,
                    end_reason=row.end_reason,
                    version=placement.version,
                    today=self.today,
                )

    def start(self, row: PlacementRow) -> Placement:
        return services.placement_start(
            by=self.managers[row.centre_id],
            child=self.children[row.child_id],
            kind=row.kind,
            started_on=row.started_on,
            household=self.households[row.household_id] if row.household_id else None,
            institution=self.organisations[row.institution_id] if row.institution_id else None,
            is_emergency=row.is_emergency,
            notes=row.notes,
            today=self.today,
        )

    def set_statuses(self) -> None:
        """Statuses that would have refused the placements above come last."""
        left = [
            self.children[row.id].pk
            for row in self.world.children
            if row.status == Child.Status.LEFT_CARE
        ]
        Child.objects.filter(pk__in=left).update(status=Child.Status.LEFT_CARE)
        closed_on = {
            a.household_id: a.ended_on
            for a in sorted(self.world.assignments, key=lambda a: a.started_on)
        }
        for row in self.world.households:
            if row.status == CarerHousehold.Status.ACTIVE:
                continue
            household = self.households[row.id]
            CarerHousehold.objects.filter(pk=household.pk).update(status=row.status)
            if row.status == CarerHousehold.Status.CLOSED:
                household.assignments.filter(ended_on__isnull=True).update(
                    ended_on=closed_on[row.id]
                )


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in keys}


# Families with stories, in the demo coordinator's caseload --------------------------------


class _Stories:
    """A small hand-written world: named people whose records tell the typical journeys."""

    def __init__(self, demo: _Demo, today: dt.date) -> None:
        self.demo = demo
        self.today = today
        self.rng = random.Random(7)
        self.world = World()
        self.centre = demo.home_centre
        self.manager = demo.managers[self.centre.id]
        self.serial = 400

    def ago(self, days: int = 0, *, years: int = 0) -> dt.date:
        return add_years(self.today, -years) - dt.timedelta(days=days)

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def code(self, birth: dt.date, sex: str) -> str:
        while True:
            self.serial += 1
            code = personal_code.make(birth, sex, self.serial)
            if not Child.objects.filter(personal_code=code).exists():
                return code

    def household(
        self,
        name: str,
        kind: str,
        *,
        since: dt.date,
        adults: list[tuple[str, str, str, int]],
        own: tuple[tuple[str, int], ...] = (),
        coordinators: tuple[tuple[User, dt.date], ...],
        languages: tuple[str, ...] = ("lietuvių",),
        related: bool = False,
    ) -> Any:
        household_id = self.new_id()
        centre = self.centre
        self.world.households.append(
            HouseholdRow(
                household_id,
                centre.id,
                centre.municipality_id or 0,
                name,
                kind,
                "active",
                names.address(self.rng, names.VILNIUS),
                list(languages),
                0,
                17,
                True,
                kind != ON_CALL,
            )
        )
        self.world.household_since[household_id] = since
        for first, last, sex, age in adults:
            birth = add_years(since, -age) - dt.timedelta(days=self.rng.randint(0, 300))
            self.world.adults.append(
                AdultRow(
                    self.new_id(),
                    household_id,
                    centre.id,
                    first,
                    last,
                    birth,
                    personal_code.make(birth, sex, self.rng.randrange(1000)),
                    names.phone(self.rng),
                    f"{names.fold(first)}.{names.fold(last)}@pastas.example",
                    related,
                )
            )
        for first, age in own:
            birth = self.ago(self.rng.randint(0, 300), years=age)
            self.world.own_children.append(
                OwnChildRow(self.new_id(), household_id, centre.id, first, birth, True)
            )
        starts = [day for _, day in coordinators]
        for index, (coordinator, day) in enumerate(coordinators):
            ended = starts[index + 1] if index + 1 < len(starts) else None
            reason = (
                "šeima užregistruota" if index == 0 else "perskirstytas koordinatorių darbo krūvis"
            )
            self.world.assignments.append(
                AssignmentRow(
                    self.new_id(),
                    household_id,
                    centre.id,
                    coordinator.pk,
                    day,
                    ended,
                    self.manager.pk,
                    reason,
                )
            )
        return household_id

    def child(
        self,
        first: str,
        last: str,
        sex: str,
        birth: dt.date,
        *,
        group: Any = None,
        status: str = "in_care",
        legal: str = "temporary_care",
        passport: str = "",
        extended_until: dt.date | None = None,
        decision: str = "",
        special_needs: str = "",
    ) -> Any:
        child_id = self.new_id()
        self.world.children.append(
            ChildRow(
                child_id,
                self.centre.id,
                self.centre.municipality_id or 0,
                first,
                last,
                sex,
                birth,
                None if passport else self.code(birth, sex),
                passport,
                "Ukraina" if passport else "",
                legal,
                status,
                bool(special_needs),
                special_needs,
                group,
                extended_until,
                decision,
            )
        )
        return child_id

    def group(self, label: str) -> Any:
        group_id = self.new_id()
        self.world.sibling_groups.append(SiblingGroupRow(group_id, self.centre.id, label))
        return group_id

    def relative(
        self, child: Any, first: str, last: str, relation: str, contact: str, notes: str = ""
    ) -> None:
        self.world.relatives.append(
            RelativeRow(
                self.new_id(),
                child,
                self.centre.id,
                first,
                last,
                relation,
                contact,
                names.phone(self.rng),
                notes,
            )
        )

    def place(
        self,
        child: Any,
        start: dt.date,
        end: dt.date | None = None,
        reason: str = "",
        *,
        household: Any = None,
        institution: Organisation | None = None,
        kind: str = "temporary",
        emergency: bool = False,
        notes: str = "",
    ) -> None:
        self.world.placements.append(
            PlacementRow(
                self.new_id(),
                child,
                self.centre.id,
                household,
                institution.id if institution else None,
                kind,
                start,
                end,
                reason,
                emergency,
                notes,
                self.manager.pk,
            )
        )


def stories(demo: _Demo, today: dt.date) -> World:
    """The demo coordinator's families: grandparents, an on-call carer with infants, a
    family-type home, a family that took in Ukrainian children, a young man supported
    after 18 and an adoption."""
    s = _Stories(demo, today)
    me = demo.logins["koordinatorius"]
    colleague = next(u for u in demo.staff[s.centre.id][Role.COORDINATOR] if u is not me)
    institution = next(h for h in demo.homes if h.kind == INSTITUTION)
    male, female = names.MALE, names.FEMALE

    # Grandparents caring for two grandchildren whose parents cannot.
    grandparents = s.household(
        "Petrauskų šeima",
        GUARDIAN_RELATIVE,
        since=s.ago(60, years=3),
        related=True,
        adults=[("Antanas", "Petrauskas", male, 60), ("Danutė", "Petrauskienė", female, 58)],
        coordinators=((me, s.ago(60, years=3)),),
    )
    petrauskai = s.group("Petrauskų vaikai")
    matas = s.child("Matas", "Petrauskas", male, s.ago(100, years=9), group=petrauskai)
    emilija = s.child("Emilija", "Petrauskaitė", female, s.ago(40, years=6), group=petrauskai)
    for child in (matas, emilija):
        s.place(child, s.ago(years=3), household=grandparents)
        s.relative(
            child,
            "Inga",
            "Petrauskienė",
            "mother",
            "supervised",
            "Susitikimai vyksta globos centre kas dvi savaites.",
        )
        s.relative(
            child,
            "Tomas",
            "Petrauskas",
            "father",
            "restricted",
            "Teismo sprendimu bendravimas ribojamas.",
        )

    # An on-call carer: emergencies, infants, children kept out of institutions.
    on_call = s.household(
        "Rasa Vaitkienė",
        ON_CALL,
        since=s.ago(years=5),
        adults=[("Rasa", "Vaitkienė", female, 39)],
        own=(("Kotryna", 15),),
        coordinators=((colleague, s.ago(years=5)), (me, s.ago(400))),
    )
    family_home = s.household(
        "Grigonių šeimyna",
        FAMILY_HOME,
        since=s.ago(years=8),
        adults=[("Darius", "Grigonis", male, 41), ("Jurgita", "Grigonienė", female, 39)],
        own=(("Ieva", 12), ("Joris", 9)),
        coordinators=((colleague, s.ago(years=8)), (me, s.ago(200))),
    )
    adoptive = s.household(
        "Urbonų šeima",
        ADOPTIVE,
        since=s.ago(500),
        adults=[("Marius", "Urbonas", male, 37), ("Giedrė", "Urbonienė", female, 35)],
        coordinators=((me, s.ago(500)),),
    )
    # Lėja: an institution, then an on-call carer, now a family-type home.
    leja = s.child("Lėja", "Kairytė", female, s.ago(30, years=7), legal="permanent_care")
    s.place(leja, s.ago(years=3), s.ago(730), "moved", institution=institution, kind="permanent")
    s.place(leja, s.ago(730), s.ago(400), "moved", household=on_call, emergency=True)
    s.place(leja, s.ago(400), household=family_home, kind="permanent")
    s.relative(leja, "Vilma", "Kairienė", "mother", "to_be_agreed")
    # Jokūbas: from the on-call carer to adoption.
    jokubas = s.child(
        "Jokūbas", "Adomaitis", male, s.ago(100, years=3), status="left_care", legal="adopted"
    )
    s.place(
        jokubas,
        s.ago(760),
        s.ago(430),
        "moved",
        household=on_call,
        emergency=True,
        notes="Kūdikis perduotas iš ligoninės.",
    )
    s.place(jokubas, s.ago(430), s.ago(60), "adopted", household=adoptive, kind="pre_adoption")
    # Austėja: back home after three months.
    austeja = s.child("Austėja", "Jankauskaitė", female, s.ago(200, years=10), status="left_care")
    s.place(austeja, s.ago(300), s.ago(200), "reunified", household=on_call, emergency=True)
    s.relative(austeja, "Kristina", "Jankauskienė", "mother", "regular")
    # Placed now with the on-call carer: a toddler and an infant.
    gabija = s.child("Gabija", "Jonaitė", female, s.ago(150, years=3))
    s.place(
        gabija,
        s.ago(45),
        household=on_call,
        emergency=True,
        notes="Paimta iš šeimos pagal policijos pranešimą.",
    )
    s.relative(gabija, "Lina", "Jonaitė", "mother", "supervised")
    kajus = s.child("Kajus", "Mockus", male, s.ago(150))
    s.place(
        kajus,
        s.ago(120),
        household=on_call,
        emergency=True,
        notes="Kūdikis perduotas iš ligoninės.",
    )
    s.relative(kajus, "Aistė", "Mockutė", "mother", "to_be_agreed")
    # The family-type home's other children.
    simkai = s.group("Šimkų vaikai")
    for first, last, sex, years in (("Nojus", "Šimkus", male, 11), ("Ugnė", "Šimkutė", female, 9)):
        child = s.child(
            first, last, sex, s.ago(80, years=years), group=simkai, legal="permanent_care"
        )
        s.place(child, s.ago(years=4), household=family_home, kind="permanent")
        s.relative(child, "Renata", "Šimkienė", "mother", "regular")
        s.relative(
            child,
            "Genovaitė",
            "Šimkienė",
            "grandparent",
            "regular",
            "Skambina vaikui sekmadieniais.",
        )
    rokas = s.child(
        "Rokas",
        "Norkus",
        male,
        s.ago(20, years=14),
        legal="permanent_care",
        special_needs="Dėmesio ir aktyvumo sutrikimas (ADHD).",
    )
    s.place(rokas, s.ago(years=5), household=family_home, kind="permanent")
    smilte = s.child("Smiltė", "Vaičiulytė", female, s.ago(250, years=12), legal="permanent_care")
    s.place(smilte, s.ago(years=6), household=family_home, kind="permanent")

    # A family that took in a Ukrainian sister and brother in the spring of 2022.
    ukrainians = s.household(
        "Žukauskų šeima",
        GUARDIAN_NON_RELATIVE,
        since=dt.date(2021, 9, 1),
        adults=[("Mindaugas", "Žukauskas", male, 43), ("Kristina", "Žukauskienė", female, 41)],
        own=(("Gustė", 16),),
        languages=("lietuvių", "ukrainiečių", "rusų"),
        coordinators=((me, dt.date(2021, 9, 1)),),
    )
    kovalenko = s.group("Kovalenko broliai ir seserys")
    for first, sex, years, passport in (
        ("Olena", female, 12, "FT482913"),
        ("Dmytro", male, 8, "FT482914"),
    ):
        child = s.child(
            first, "Kovalenko", sex, s.ago(70, years=years), group=kovalenko, passport=passport
        )
        s.place(child, dt.date(2022, 4, 11), household=ukrainians)
        s.relative(
            child,
            "Iryna",
            "Kovalenko",
            "mother",
            "remote",
            "Gyvena Ukrainoje, bendrauja vaizdo skambučiais.",
        )

    # A young man who stays with his permanent carers after 18, by a decision.
    permanent = s.household(
        "Balčiūnų šeima",
        PERMANENT,
        since=s.ago(years=8),
        adults=[("Gintaras", "Balčiūnas", male, 50), ("Dalia", "Balčiūnienė", female, 47)],
        coordinators=((me, s.ago(years=8)),),
    )
    birth = s.ago(120, years=19)
    turns_18 = add_years(birth, 18)
    mantas = s.child(
        "Mantas",
        "Stankevičius",
        male,
        birth,
        status="after_18",
        legal="permanent_care",
        extended_until=add_years(birth, 21) - dt.timedelta(days=30),
        decision=f"Vilniaus miesto savivaldybės administracijos direktoriaus "
        f"{turns_18 - dt.timedelta(days=30):%Y-%m-%d} įsakymas Nr. A30-1187",
    )
    s.place(
        mantas, s.ago(years=9), s.ago(years=7), "moved", institution=institution, kind="permanent"
    )
    s.place(mantas, s.ago(years=7), household=permanent, kind="permanent")
    s.relative(
        mantas,
        "Jonas",
        "Stankevičius",
        "father",
        "remote",
        "Gyvena užsienyje, bendrauja vaizdo skambučiais.",
    )
    return s.world

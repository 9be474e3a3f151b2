"""The carer journey and training over the history: people who asked each centre about
becoming carers, year by year, moving through the stages (many inquiries, fewer trained,
fewer approved), and the centres' training groups: GIMK core groups for those people, a
continuing course for carers, a course for relatives now and then, and a training of the
centre's specialists, with trainers, sessions, who attended and certificates.

Everything is planned in memory and inserted with ``generate.bulk_insert`` (under row-level
security, with the audit trigger). It keeps the services' rules: a person moves on only
from the stage they are in, an approval has its decision, an exit its reason; a session is
held on or after its group's start and by today, covers topics of its programme; a
certificate goes to someone who attended every topic, and takes a person in training on to
the suitability assessment that day; each attendance at GIMK training is a delivery of the
centre's training service to the person, given by the centre's manager (the training of
staff is none).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count

from globa.accounts.models import Membership, Role
from globa.carers.models import CONTRACT_INTERESTS, ExitReason, Interest, Source, Stage
from globa.devdata import history, names
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold
from globa.support.models import DeliveryForm, Service
from globa.training.models import STAFF_KINDS, Programme
from globa.training.selectors import TRAINING_SERVICE

BulkInsert = Callable[[str, Sequence[NamedTuple]], None]

TABLES = (
    "carers_candidate",
    "carers_stagechange",
    "carers_traininggroup",
    "carers_trainer",
    "carers_participant",
    "carers_trainingsession",
    "carers_trainingsession_topics",
    "support_delivery",
    "carers_attendance",
)
# Inquiries a year per household the centre has: how many people ask, for the carers it keeps.
INQUIRIES_PER_HOUSEHOLD = 0.4
INTERESTS = (Interest.GUARDIAN, Interest.ON_CALL, Interest.PERMANENT, Interest.ADOPTION)
INTEREST_WEIGHTS = (45, 25, 15, 15)
CONSENT = "Asmuo sutiko, kad centras tvarkytų jo duomenis."
QUESTIONS = (
    "Norėčiau sužinoti, kaip tapti globėju.",
    "Kokie mokymai reikalingi ir kada prasideda kita grupė?",
    "Domina budinčio globotojo veikla.",
    "Ar galime globoti giminaičio vaiką?",
    "",
)


class CandidateRow(NamedTuple):
    id: uuid.UUID
    centre_id: int
    municipality_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    interests: list[str]
    question: str
    source: str
    consent_text: str
    consent_at: dt.datetime
    submission: uuid.UUID | None
    stage: str
    stage_since: dt.date
    resume_stage: str
    exit_reason: str
    approval_number: str
    approval_date: dt.date | None


class StageChangeRow(NamedTuple):
    id: uuid.UUID
    candidate_id: uuid.UUID
    centre_id: int
    from_stage: str
    to_stage: str
    on: dt.date
    by_id: int | None
    at: dt.datetime
    note: str
    exit_reason: str


class GroupRow(NamedTuple):
    id: uuid.UUID
    centre_id: int
    programme_id: int
    name: str
    starts_on: dt.date
    created_by_id: int


class TrainerRow(NamedTuple):
    id: uuid.UUID
    group_id: uuid.UUID
    centre_id: int
    name: str
    certified: bool


class ParticipantRow(NamedTuple):
    id: uuid.UUID
    group_id: uuid.UUID
    centre_id: int
    candidate_id: uuid.UUID | None
    person_name: str
    certificate_on: dt.date | None
    certificate_number: str


class SessionRow(NamedTuple):
    id: uuid.UUID
    group_id: uuid.UUID
    centre_id: int
    held_on: dt.date
    recorded_by_id: int


class SessionTopicRow(NamedTuple):
    trainingsession_id: uuid.UUID
    topic_id: int


class DeliveryRow(NamedTuple):
    id: uuid.UUID
    contact: uuid.UUID
    provider_id: int
    service_id: int
    delivered_on: dt.date
    minutes: int
    form: str
    given_by_id: int
    recorded_by_id: int
    person_name: str
    notes: str
    recorded_at: dt.datetime


class AttendanceRow(NamedTuple):
    id: uuid.UUID
    session_id: uuid.UUID
    participant_id: uuid.UUID
    centre_id: int
    delivery_id: uuid.UUID | None


@dataclass
class _Person:
    """A prospective carer being planned: the row's fields, the moves so far."""

    row: CandidateRow
    moves: list[tuple[str, dt.date, str]] = field(default_factory=list)
    completes: bool = True


@dataclass(frozen=True)
class _Programme:
    id: int
    code: str
    kind: str
    topics: list[tuple[int, str, int]]  # id, title, minutes


@dataclass(frozen=True)
class _Centre:
    id: int
    municipality_id: int
    manager_id: int
    households: int
    staff: list[str]


class _Journey:
    def __init__(self, rng: random.Random, today: dt.date, start: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.start = start
        self.rows: dict[str, list[Any]] = {table: [] for table in TABLES}
        self.numbers: dict[tuple[str, int], int] = defaultdict(int)
        self.service_id = Service.objects.get(code=TRAINING_SERVICE).pk
        self.programmes = {}
        for programme in Programme.objects.prefetch_related("topics").order_by("code"):
            topics = [
                (t.pk, t.title_lt, int(t.hours * 60))
                for t in sorted(programme.topics.all(), key=lambda t: t.position)
            ]
            self.programmes[programme.code] = _Programme(
                programme.pk, programme.code, programme.kind, topics
            )

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def name(self, sex: str | None = None) -> tuple[str, str]:
        rng = self.rng
        sex = sex or (names.FEMALE if rng.random() < 0.7 else names.MALE)
        first = names.first_name(rng, sex, adult=True)
        return first, names.surname(rng.choice(names.SURNAMES), sex, married=rng.random() < 0.7)

    def number(self, prefix: str, on: dt.date) -> str:
        self.numbers[(prefix, on.year)] += 1
        return f"{prefix}-{on:%y}-{self.numbers[(prefix, on.year)]}"

    # The people -----------------------------------------------------------------------------

    def inquiries(self, centre: _Centre) -> list[_Person]:
        """The centre's inquiries, oldest first, each moved as far as the info meeting (or
        out); where they go from there depends on the training groups."""
        rng = self.rng
        people = []
        for first_day, last_day in history.years(self.start, self.today):
            days = (last_day - first_day).days + 1
            count = round(
                centre.households * INQUIRIES_PER_HOUSEHOLD * days / 365 * rng.uniform(0.8, 1.2)
            )
            for asked in sorted(
                first_day + dt.timedelta(days=rng.randrange(days)) for _ in range(count)
            ):
                people.append(self.person(centre, asked))
        return people

    def person(self, centre: _Centre, asked: dt.date) -> _Person:
        rng = self.rng
        first, last = self.name()
        interests = [rng.choices(INTERESTS, INTEREST_WEIGHTS)[0]]
        if rng.random() < 0.2:
            other = rng.choice(INTERESTS)
            if other not in interests:
                interests.append(other)
        public = rng.random() < 0.6
        row = CandidateRow(
            self.new_id(),
            centre.id,
            centre.municipality_id,
            first,
            last,
            f"{names.fold(first)}.{names.fold(last)}{rng.randrange(100)}@example.lt",
            names.phone(rng),
            [str(i) for i in interests],
            rng.choice(QUESTIONS),
            Source.PUBLIC_FORM if public else Source.STAFF,
            CONSENT,
            dt.datetime.combine(asked, dt.time(rng.randrange(7, 20)), tzinfo=dt.UTC),
            self.new_id() if public else None,
            Stage.INQUIRY,
            asked,
            "",
            "",
            "",
            None,
        )
        person = _Person(row, [(Stage.INQUIRY, asked, "")])
        if rng.random() < 0.65:
            self.move(person, Stage.INFO_MEETING, rng.randrange(5, 30))
            person.completes = rng.random() < 0.85
            if rng.random() < 0.3:
                self.leave(person, rng.randrange(10, 90), ExitReason.CHANGED_MIND)
        else:
            reason = rng.choice((ExitReason.NO_CONTACT, ExitReason.CHANGED_MIND))
            self.leave(person, rng.randrange(10, 60), reason)
        return person

    def move(self, person: _Person, stage: str, after: int, note: str = "") -> None:
        person.moves.append((stage, person.moves[-1][1] + dt.timedelta(days=after), note))

    def leave(self, person: _Person, after: int, reason: str) -> None:
        self.move(person, Stage.EXITED, after, reason)

    def afterwards(self, person: _Person) -> None:
        """From the suitability assessment on: approval (or not), contract, active carer."""
        rng = self.rng
        if rng.random() < 0.04:
            self.move(person, Stage.PAUSED, rng.randrange(10, 40), "Šeimos aplinkybės")
            return
        if rng.random() < 0.25:
            reason = rng.choice((ExitReason.NOT_SUITABLE, ExitReason.CHANGED_MIND))
            self.leave(person, rng.randrange(20, 60), reason)
            return
        self.move(person, Stage.APPROVAL, rng.randrange(20, 60))
        if CONTRACT_INTERESTS & set(person.row.interests):
            self.move(person, Stage.CONTRACT, rng.randrange(10, 60))
            self.move(person, Stage.ACTIVE, rng.randrange(0, 30))
        else:
            self.move(person, Stage.ACTIVE, rng.randrange(10, 60))

    def write_person(self, person: _Person, by: int) -> None:
        """The moves up to today, and the person as they stand after the last."""
        moves = [m for m in person.moves if m[1] <= self.today]
        stage: str = Stage.INQUIRY
        previous, decision = "", None
        resume, reason = "", ""
        for index, (to, on, note) in enumerate(moves):
            exit_reason = note if to == Stage.EXITED else ""
            self.rows["carers_stagechange"].append(
                StageChangeRow(
                    self.new_id(),
                    person.row.id,
                    person.row.centre_id,
                    previous,
                    to,
                    on,
                    # An inquiry sent through the public form is recorded by nobody.
                    None if to == Stage.INQUIRY and person.row.source == Source.PUBLIC_FORM else by,
                    # Recorded in the order made, also when two fall on one day.
                    dt.datetime.combine(on, dt.time(8, index), tzinfo=dt.UTC),
                    "" if to == Stage.EXITED else note,
                    exit_reason,
                )
            )
            if to in (Stage.PAUSED, Stage.EXITED):
                resume, reason = previous, exit_reason
            if to == Stage.APPROVAL:
                decision = on
            stage, previous = to, to
        since = moves[-1][1]
        self.rows["carers_candidate"].append(
            person.row._replace(
                stage=stage,
                stage_since=since,
                resume_stage=resume,
                exit_reason=reason,
                approval_number=self.number("BV", decision) if decision else "",
                approval_date=decision,
            )
        )

    # Training --------------------------------------------------------------------------------

    def starts(self, first: dt.date, per_year: float) -> list[dt.date]:
        """When a centre's groups of a course begin, about ``per_year`` times a year."""
        gap = max(45, min(182, round(365 / max(per_year, 1))))
        days, day = [], first + dt.timedelta(days=self.rng.randrange(10, 40))
        while day <= self.today:
            days.append(day)
            day += dt.timedelta(days=gap + self.rng.randrange(-10, 11))
        return days

    def group(
        self,
        centre: _Centre,
        code: str,
        name: str,
        starts_on: dt.date,
        people: Sequence[tuple[uuid.UUID | None, str, float, _Person | None]],
        *,
        every: int,
        per_session: int,
    ) -> None:
        """A group with its trainers, sessions (``per_session`` topics every ``every`` days,
        those held by today), attendance and certificates. ``people`` are (candidate, name,
        the chance of coming to a session, the person being planned or None)."""
        rng = self.rng
        programme = self.programmes[code]
        group_id = self.new_id()
        rows = self.rows
        rows["carers_traininggroup"].append(
            GroupRow(group_id, centre.id, programme.id, name, starts_on, centre.manager_id)
        )
        for certified in (True, False)[: rng.randint(1, 2)]:
            first, last = self.name()
            rows["carers_trainer"].append(
                TrainerRow(self.new_id(), group_id, centre.id, f"{first} {last}", certified)
            )
        topics = programme.topics
        chunks = [topics[i : i + per_session] for i in range(0, len(topics), per_session)]
        sessions = []
        for n, chunk in enumerate(chunks):
            held_on = starts_on + dt.timedelta(days=n * every)
            if held_on > self.today:
                break
            sessions.append((self.new_id(), held_on, chunk, self.new_id()))
        # How many sessions each person came to in a row before leaving (all: they stayed).
        last_day = starts_on + dt.timedelta(days=(len(chunks) - 1) * every)
        gives_service = programme.kind not in STAFF_KINDS
        for candidate_id, person_name, chance, person in people:
            participant_id = self.new_id()
            stays = person is None or person.completes
            leaves_after = len(chunks) if stays else rng.randrange(1, len(chunks))
            came = [
                (n, s)
                for n, s in enumerate(sessions)
                if n < leaves_after and (person is not None or rng.random() < chance)
            ]
            certificate_on = None
            number = ""
            if len(came) == len(chunks):
                certificate_on = min(last_day + dt.timedelta(days=rng.randrange(0, 8)), self.today)
                number = self.number("GIMK" if gives_service else "MOK", certificate_on)
            label = person_name or (
                f"{person.row.first_name} {person.row.last_name}" if person else ""
            )
            rows["carers_participant"].append(
                ParticipantRow(
                    participant_id,
                    group_id,
                    centre.id,
                    candidate_id,
                    person_name,
                    certificate_on,
                    number,
                )
            )
            for _n, (session_id, held_on, chunk, contact) in came:
                delivery_id = None
                if gives_service:
                    delivery_id = self.new_id()
                    titles = ", ".join(title for _, title, _ in chunk)
                    rows["support_delivery"].append(
                        DeliveryRow(
                            delivery_id,
                            contact,
                            centre.id,
                            self.service_id,
                            held_on,
                            sum(minutes for _, _, minutes in chunk),
                            DeliveryForm.OFFICE,
                            centre.manager_id,
                            centre.manager_id,
                            label[:200],
                            f"{name}: {titles}",
                            dt.datetime.combine(held_on, dt.time(16), tzinfo=dt.UTC),
                        )
                    )
                rows["carers_attendance"].append(
                    AttendanceRow(self.new_id(), session_id, participant_id, centre.id, delivery_id)
                )
            if person is not None:
                if certificate_on is not None:
                    note = f"Mokymai baigti, pažymėjimas {number}."
                    person.moves.append((Stage.ASSESSMENT, certificate_on, note))
                    self.afterwards(person)
                elif not stays and came and len(came) >= leaves_after:
                    left_on = came[-1][1][1] + dt.timedelta(days=rng.randrange(3, 15))
                    reason = rng.choice((ExitReason.CHANGED_MIND, ExitReason.FAMILY_CIRCUMSTANCES))
                    person.moves.append((Stage.EXITED, left_on, reason))
        for session_id, held_on, chunk, _contact in sessions:
            rows["carers_trainingsession"].append(
                SessionRow(session_id, group_id, centre.id, held_on, centre.manager_id)
            )
            for topic_id, _, _ in chunk:
                rows["carers_trainingsession_topics"].append(SessionTopicRow(session_id, topic_id))

    def centre(self, centre: _Centre) -> None:
        rng = self.rng
        people = self.inquiries(centre)
        # GIMK core groups for the people past the info meeting who go on.
        trainees = [
            p
            for p in people
            if len(p.moves) > 1
            and p.moves[1][0] == Stage.INFO_MEETING
            and p.moves[-1][0] != Stage.EXITED
        ]
        years = max(1.0, (self.today - self.start).days / 365)
        starts = self.starts(self.start, len(trainees) / years / 10)
        groups: dict[dt.date, list[_Person]] = defaultdict(list)
        for person in trainees:
            ready = person.moves[-1][1] + dt.timedelta(days=7)
            start = next((day for day in starts if day >= ready), None)
            if start is None:
                continue
            person.moves.append((Stage.TRAINING, start, ""))
            groups[start].append(person)
        in_year: dict[int, int] = defaultdict(int)
        for start, members in sorted(groups.items()):
            in_year[start.year] += 1
            listed: list[tuple[uuid.UUID | None, str, float, _Person | None]] = [
                (p.row.id, "", 1.0, p) for p in members
            ]
            for _ in range(rng.choice((0, 0, 1, 2))):
                first, last = self.name()
                listed.append((None, f"{first} {last}", 0.9, None))
            self.group(
                centre,
                "gimk-core",
                f"GIMK {start:%Y} Nr. {in_year[start.year]}",
                start,
                listed,
                every=7,
                per_session=2,
            )
        for first_day, _last_day in history.years(self.start, self.today):
            year = first_day.year
            if centre.households:
                carers = [
                    (None, " ".join(self.name()), 0.85, None) for _ in range(rng.randint(4, 12))
                ]
                on = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(0, 200))
                if self.start <= on <= self.today:
                    self.group(
                        centre,
                        "continuing",
                        f"Tęstiniai mokymai {year}",
                        on,
                        carers,
                        every=30,
                        per_session=1,
                    )
                if rng.random() < 0.5:
                    relatives = [
                        (None, " ".join(self.name()), 0.85, None) for _ in range(rng.randint(4, 10))
                    ]
                    on = dt.date(year, 4, 1) + dt.timedelta(days=rng.randrange(0, 200))
                    if self.start <= on <= self.today:
                        self.group(
                            centre,
                            "gimk-relatives",
                            f"Giminaičių mokymai {year}",
                            on,
                            relatives,
                            every=14,
                            per_session=1,
                        )
            if centre.staff:
                staff = rng.sample(centre.staff, min(len(centre.staff), rng.randint(3, 8)))
                on = dt.date(year, 2, 1) + dt.timedelta(days=rng.randrange(0, 250))
                if self.start <= on <= self.today:
                    self.group(
                        centre,
                        "specialists",
                        f"Specialistų mokymai {year}",
                        on,
                        [(None, s, 0.9, None) for s in staff],
                        every=21,
                        per_session=1,
                    )
        for person in people:
            person.moves.sort(key=lambda m: m[1])
            self.write_person(person, centre.manager_id)


def _centres() -> list[_Centre]:
    households = dict(
        CarerHousehold.objects.values("centre_id")
        .annotate(n=Count("id"))
        .values_list("centre_id", "n")
    )
    managers: dict[int, int] = {}
    staff: dict[int, list[str]] = defaultdict(list)
    for org, user, role, first, last in (
        Membership.objects.filter(is_active=True, organisation__kind=Organisation.Kind.CARE_CENTRE)
        .order_by("id")
        .values_list("organisation_id", "user_id", "role", "user__first_name", "user__last_name")
    ):
        if role == Role.CENTRE_MANAGER:
            managers.setdefault(org, user)
        elif role in (Role.SPECIALIST, Role.COORDINATOR, Role.CASE_MANAGER):
            staff[org].append(f"{first} {last}")
    return [
        _Centre(
            c.id, c.municipality_id or c.id, managers[c.id], households.get(c.id, 0), staff[c.id]
        )
        for c in Organisation.objects.filter(kind=Organisation.Kind.CARE_CENTRE).order_by("id")
        if c.id in managers
    ]


def add_journey(*, seed: int, today: dt.date, insert: BulkInsert) -> dict[str, int]:
    """The carer journey and the centres' training over the history; returns row counts."""
    journey = _Journey(random.Random(seed + 21), today, history.history_start(today))
    for centre in _centres():
        journey.centre(centre)
    counts = {}
    for table in TABLES:
        insert(table, journey.rows[table])
        # The service records of the history are counted apart.
        counts["training deliveries" if table == "support_delivery" else table] = len(
            journey.rows[table]
        )
    return counts

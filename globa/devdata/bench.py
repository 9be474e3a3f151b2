"""The page benchmark: server time and queries of the pages people open most.

Requests go through Django's test client, so they pass every middleware (sessions, the
row-level security scope, the access log) and render the real templates, but no network
or web server: the time measured is the application's and the database's.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import math
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from globa.accounts.models import User
from globa.devdata import names
from globa.devdata.generate import Tier, registry_counts
from globa.lib import clock
from globa.lib.collation import lt
from globa.lib.dbscope import system_scope
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement

P95_TARGET_MS = 50.0
QUERIES_TARGET = 15
PAGES = (
    "children_search",
    "child_page",
    "household_page",
    "coordinator_start",
    "record_contact",
    "case_page",
    "assessment_form",
    "assessment_save",
    "assessment_result",
    "api_children",
    "api_child",
    "floor",
)
Echo = Callable[[str], None]


class BenchError(Exception):
    """The benchmark cannot run: a page is missing or answers with an error."""


@dataclass(frozen=True)
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int

    @property
    def meets_target(self) -> bool:
        return self.p95_ms <= P95_TARGET_MS and self.queries <= QUERIES_TARGET


@dataclass(frozen=True)
class Subjects:
    """Whom and what the benchmark opens: the busiest coordinator and their records."""

    coordinator: User
    caseload: int
    child_id: str
    child_placements: int
    household_id: str
    household_placements: int
    query: str
    query_matches: int
    case_manager: User | None = None
    case_id: str = ""
    case_actions: int = 0
    assessments: AssessmentSubjects | None = None


@dataclass(frozen=True)
class AssessmentSubjects:
    """A draft of the largest instrument with its largest domain, and the done assessment
    with the longest history, and who opens each."""

    drafter: User
    draft_id: str
    domain: str
    items: int
    reader: User
    result_id: str
    history: int


def pick_assessments() -> AssessmentSubjects | None:
    """The open draft of the instrument with the most items (its largest domain), and the
    done assessment whose subject has the most done assessments with that instrument."""
    from globa.assessments.models import Assessment, Status
    from globa.assessments.registry import definition_of

    with system_scope():
        drafts = Assessment.objects.filter(status=Status.DRAFT).select_related(
            "instrument_version", "assessor"
        )
        best = None
        for draft in drafts.order_by("instrument_version_id", "id").distinct(
            "instrument_version_id"
        ):
            size = len(definition_of(draft.instrument_version).items)
            if best is None or size > best[1]:
                best = (draft, size)
        if best is None:
            return None
        draft = best[0]
        definition = definition_of(draft.instrument_version)
        domain = max(definition.domains, key=lambda d: (len(d.items), d.code))
        done = Assessment.objects.filter(
            status__in=[Status.COMPLETED, Status.APPROVED],
            instrument_version__instrument_id=draft.instrument_version.instrument_id,
        ).values_list(
            "id",
            "subject_kind",
            "family_case_id",
            "child_id",
            "household_id",
            "staff_id",
            "assessed_on",
        )
        by_subject: dict[tuple[Any, ...], list[tuple[Any, Any]]] = {}
        for pk, *subject, day in done:
            by_subject.setdefault(tuple(subject), []).append((day, pk))
        if not by_subject:
            return None
        longest = max(by_subject.values(), key=lambda rows: (len(rows), max(rows)))
        latest = Assessment.objects.select_related("assessor").get(pk=max(longest)[1])
        return AssessmentSubjects(
            drafter=draft.assessor,
            draft_id=str(draft.pk),
            domain=domain.code,
            items=len(domain.items),
            reader=latest.assessor,
            result_id=str(latest.pk),
            history=len(longest),
        )


def pick_case() -> tuple[User, str, int] | None:
    """The open case with the most actions, and its case manager."""
    from globa.cases.models import FamilyCase, Stage

    with system_scope():
        case = (
            FamilyCase.objects.exclude(stage=Stage.CLOSURE)
            .annotate(n=Count("actions"))
            .order_by("-n", "id")
            .values("id", "case_manager_id", "n")
            .first()
        )
        if case is None:
            return None
        return User.objects.get(pk=case["case_manager_id"]), str(case["id"]), case["n"]


def pick_subjects() -> Subjects:
    """The coordinator with the largest caseload, their busiest household and child, and
    the most common surname of their centre (without diacritics) to search for."""
    with system_scope():
        busiest = (
            CoordinatorAssignment.objects.filter(ended_on__isnull=True)
            .values("coordinator_id", "centre_id")
            .annotate(n=Count("id"))
            .order_by("-n", "coordinator_id")
            .first()
        )
        if busiest is None:
            raise BenchError("No coordinator has a caseload: run `globa generate --tier …` first.")
        coordinator = User.objects.get(pk=busiest["coordinator_id"])
        households = CarerHousehold.objects.filter(
            assignments__coordinator=coordinator, assignments__ended_on__isnull=True
        )
        household = (
            households.annotate(n=Count("placements"))
            .order_by("-n", "id")
            .values("id", "n")
            .first()
        )
        placed_here = Placement.objects.filter(household__in=households, ended_on__isnull=True)
        child = (
            Child.objects.filter(pk__in=placed_here.values("child_id"))
            .annotate(n=Count("placements"))
            .order_by("-n", "id")
            .values("id", "n")
            .first()
        ) or (
            Child.objects.filter(centre_id=busiest["centre_id"])
            .annotate(n=Count("placements"))
            .order_by("-n", "id")
            .values("id", "n")
            .first()
        )
        surname = (
            Child.objects.filter(centre_id=busiest["centre_id"])
            .values("last_name")
            .annotate(n=Count("id"))
            .order_by("-n", *lt("last_name"))
            .first()
        )
        if household is None or child is None or surname is None:
            raise BenchError("The busiest coordinator's centre has no children or households.")
        query = names.fold(surname["last_name"])
        case = pick_case()
        return Subjects(
            assessments=pick_assessments(),
            case_manager=case[0] if case else None,
            case_id=case[1] if case else "",
            case_actions=case[2] if case else 0,
            coordinator=coordinator,
            caseload=busiest["n"],
            child_id=str(child["id"]),
            child_placements=child["n"],
            household_id=str(household["id"]),
            household_placements=household["n"],
            query=query,
            query_matches=surname["n"],
        )


def page_urls(subjects: Subjects) -> dict[str, str]:
    return {
        "children_search": f"{reverse('registry:children')}?q={subjects.query}",
        "child_page": reverse("registry:child", kwargs={"child_id": subjects.child_id}),
        "household_page": reverse(
            "registry:household", kwargs={"household_id": subjects.household_id}
        ),
        "coordinator_start": reverse("home:start"),
        "record_contact": reverse(
            "support:household_contact", kwargs={"household_id": subjects.household_id}
        ),
        "api_children": "/api/v1/children/",
        "api_child": f"/api/v1/children/{subjects.child_id}/",
        "floor": reverse("home:ping"),
        **(
            {"case_page": reverse("cases:case", kwargs={"case_id": subjects.case_id})}
            if subjects.case_id
            else {}
        ),
        **(assessment_urls(subjects.assessments) if subjects.assessments else {}),
    }


def assessment_urls(found: AssessmentSubjects) -> dict[str, str]:
    form = reverse(
        "assessments:domain", kwargs={"assessment_id": found.draft_id, "domain": found.domain}
    )
    return {
        "assessment_form": form,
        "assessment_save": form,
        "assessment_result": reverse(
            "assessments:assessment", kwargs={"assessment_id": found.result_id}
        ),
    }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


Action = Callable[[], None]


def measure(client: Client, name: str, url: str, *, repeat: int, warmup: int) -> Result:
    """Time ``repeat`` requests after ``warmup``; count queries in separate requests, since
    recording queries costs time of its own. A request's preparation (fetching the form a
    person would already have open) is neither timed nor counted."""
    prepare = PREPARE.get(name, _prepare_get)
    for _ in range(warmup):
        prepare(client, name, url)()
    times = []
    for _ in range(repeat):
        action = prepare(client, name, url)
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    queries = 0
    for _ in range(3):
        action = prepare(client, name, url)
        with CaptureQueriesContext(connections["default"]) as captured:
            action()
        queries = max(queries, len(captured.captured_queries))
    return Result(
        name=name,
        p50_ms=round(statistics.median(times), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        queries=queries,
    )


def _prepare_get(client: Client, name: str, url: str) -> Action:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"{name}: GET {url} answered {response.status_code}")

    return get


def _prepare_contact(client: Client, name: str, url: str) -> Action:
    """A home visit to the household and every child placed there, as the quick entry on
    the household page sends it (htmx; the answer is the refreshed contacts section)."""
    form = client.get(url, HTTP_HX_REQUEST="true")
    if form.status_code != 200:
        raise BenchError(f"{name}: GET {url} answered {form.status_code}")
    data = _contact_data(form.content.decode())

    def post() -> None:
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        if response.status_code != 200 or b'class="messages"' not in response.content:
            raise BenchError(f"{name}: POST {url} did not record ({response.status_code})")

    return post


def _contact_data(form_html: str) -> dict[str, Any]:
    """The quick-entry form's defaults: every recipient ticked, today, an hour, a home visit
    without concerns."""
    recipients = re.findall(r'name="recipients" value="([^"]+)"', form_html)
    service = re.search(r'<option value="(\d+)" selected>', form_html)
    if not recipients or service is None:
        raise BenchError("record_contact: the form has no recipients or no default service")
    return {
        "service": service.group(1),
        "delivered_on": clock.today().isoformat(),
        "minutes": "60",
        "mode": "home_visit",
        "recipients": recipients,
        "notes": "",
        # A home visit's record: no concerns about the children's safety.
        "safety": "none",
        # Each repetition records the same service on the same day: confirmed as another.
        "confirm_same": "on",
    }


def _prepare_save(client: Client, name: str, url: str) -> Action:
    """Saving one domain as one goes (htmx, every item given a level): the answer is the
    saving status and the refreshed domain list."""
    form = client.get(url)
    if form.status_code != 200:
        raise BenchError(f"{name}: GET {url} answered {form.status_code}")
    html = form.content.decode()
    data: dict[str, str] = {}
    for field, value in re.findall(r'name="(item_[a-z0-9_]+)" value="(-?\d+)"', html):
        data.setdefault(field, value)
    if not data:
        raise BenchError(f"{name}: the form has no items")

    def post() -> None:
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        if response.status_code != 200 or b'class="saving failed"' in response.content:
            raise BenchError(f"{name}: POST {url} did not save ({response.status_code})")

    return post


def _prepare_after_change(client: Client, name: str, url: str) -> Action:
    """One service record of the year before changes first (its duration, a minute up or
    down in turn), as records change all day: only what reads the service records is
    counted again."""
    with system_scope(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE support_delivery SET minutes = CASE WHEN minutes %% 2 = 0 "
            "THEN minutes + 1 ELSE minutes - 1 END "
            "WHERE id = (SELECT id FROM support_delivery "
            "WHERE delivered_on >= %s ORDER BY delivered_on, id LIMIT 1)",
            [dt.date(clock.today().year - 1, 1, 1)],
        )
    return _prepare_get(client, name, url)


PREPARE: dict[str, Callable[[Client, str, str], Action]] = {
    "record_contact": _prepare_contact,
    "assessment_save": _prepare_save,
    "dashboard_national_after_change": _prepare_after_change,
}


def captured_queries(client: Client, name: str, url: str) -> list[dict[str, Any]]:
    """The queries of one request, to see what dominates a slow page."""
    action = PREPARE.get(name, _prepare_get)(client, name, url)
    with CaptureQueriesContext(connection) as captured:
        action()
    return list(captured.captured_queries)


def tier_mismatch(tier: Tier, counts: dict[str, int]) -> list[str]:
    """How the database differs from the tier's figures by more than a third."""
    expected = {
        "centres": sum(tier.centres_per_municipality().values()),
        "children in care": tier.in_care,
        "children": tier.children_total,
        "households": tier.households,
    }
    return [
        f"{what}: {counts[what]:,} (the tier has ~{figure:,})"
        for what, figure in expected.items()
        if not figure * 0.75 <= counts[what] <= figure * 1.33
    ]


def run(tier: Tier, *, repeat: int = 50, warmup: int = 5, echo: Echo = print) -> list[Result]:
    """Measure every page as the busiest coordinator, in production mode (DEBUG off)."""
    counts = registry_counts()
    mismatch = tier_mismatch(tier, counts)
    if mismatch:
        echo(f"Warning: the data does not look like the {tier.name} tier: " + "; ".join(mismatch))
        echo(f"(run `globa generate --tier {tier.name} --reset` first)")
    subjects = pick_subjects()
    echo(
        f"As {subjects.coordinator.username} (caseload {subjects.caseload} households); "
        f"child with {subjects.child_placements} placements; household with "
        f"{subjects.household_placements} placements; search “{subjects.query}” "
        f"({subjects.query_matches} children with that surname)"
    )
    if subjects.case_manager is not None:
        echo(
            f"Case page as {subjects.case_manager.username}: the open case with the most "
            f"actions ({subjects.case_actions})"
        )
    else:
        echo("No open early-intervention case: the case page is not measured.")
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        clients = {name: _client(subjects.coordinator) for name in PAGES}
        if subjects.case_manager is not None:
            clients["case_page"] = _client(subjects.case_manager)
        if subjects.assessments is not None:
            found = subjects.assessments
            echo(
                f"Assessment form: a draft's largest domain ({found.items} items) as "
                f"{found.drafter.username}; result with {found.history} assessments over time "
                f"as {found.reader.username}"
            )
            clients["assessment_form"] = clients["assessment_save"] = _client(found.drafter)
            clients["assessment_result"] = _client(found.reader)
        else:
            echo("No draft assessment: the assessment pages are not measured.")
        urls = page_urls(subjects)
        return [
            measure(clients[name], name, urls[name], repeat=repeat, warmup=warmup)
            for name in PAGES
            if name in urls
        ]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def table(results: list[Result]) -> str:
    lines = [
        f"{'page':<18} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target (p95 ≤ {P95_TARGET_MS:.0f} ms, ≤ {QUERIES_TARGET} queries)"
    ]
    for r in results:
        verdict = "met" if r.meets_target else "MISSED"
        lines.append(f"{r.name:<18} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.queries:>8}  {verdict}")
    return "\n".join(lines)


def write_json(
    path: Path,
    tier: str,
    results: list[Result],
    matching: list[MatchResult] | None = None,
    imported: ImportResult | None = None,
    monitoring: list[MonitoringResult] | None = None,
) -> None:
    data = {
        "tier": tier,
        "results": [asdict(r) for r in results],
        "matching": [asdict(r) for r in matching or []],
        "import": asdict(imported) if imported is not None else None,
        "monitoring": [asdict(r) for r in monitoring or []],
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# Emergency matching -------------------------------------------------------------------------

MATCH_TARGETS_MS = {"national": 20.0, "stress": 100.0}
BATCH_TARGET_MS = 2000.0
BATCH_SIZE = 100


@dataclass(frozen=True)
class MatchResult:
    name: str
    p50_ms: float
    p95_ms: float
    carers: int
    target_ms: float

    @property
    def meets_target(self) -> bool:
        return self.p95_ms <= self.target_ms


def run_matching(
    tier: Tier, *, repeat: int = 50, warmup: int = 5, echo: Echo = print
) -> list[MatchResult]:
    """Rank every on-call carer in the country for one child (the whole network, as a
    national coordinator of emergencies would), and assign a night of 100 children at once.
    Timed in the system scope, so that every carer counts."""
    from globa.oncall import selectors as carer_selectors

    today = clock.today()
    target = MATCH_TARGETS_MS.get(tier.name, MATCH_TARGETS_MS["stress"])
    results: list[MatchResult] = []
    with system_scope():
        children = list(
            Child.objects.filter(status=Child.Status.IN_CARE)
            .select_related("municipality")
            .order_by("id")[: BATCH_SIZE * 3]
        )
        if not children:
            echo("No child in care: matching is not measured.")
            return []
        child = children[0]
        ranking = carer_selectors.ranking_for([child], today)
        # As the production entry point does once the application is loaded (globa/wsgi.py).
        gc.freeze()
        carers = len(ranking.ranked) + len(ranking.excluded)
        times = _timed(lambda: carer_selectors.ranking_for([child], today), repeat, warmup)
        results.append(
            MatchResult(
                "match_one_child",
                round(statistics.median(times), 1),
                round(percentile(times, 0.95), 1),
                carers,
                target,
            )
        )
        batch = _batch(children)
        night_times = _timed(
            lambda: carer_selectors.night(batch, today, batch[0].centre_id),
            max(3, repeat // 10),
            1,
        )
        results.append(
            MatchResult(
                f"match_night_{len(batch)}",
                round(statistics.median(night_times), 1),
                round(percentile(night_times, 0.95), 1),
                carers,
                BATCH_TARGET_MS,
            )
        )
    echo(
        f"Matching against {carers} on-call carers; a night of {len(batch)} children "
        f"({len(carer_selectors.units_of(batch))} children or sibling groups)"
    )
    return results


def _batch(children: list[Child]) -> list[Child]:
    """A hundred children of one centre if it has them, else from the whole list."""
    by_centre: dict[int, list[Child]] = {}
    for child in children:
        by_centre.setdefault(child.centre_id, []).append(child)
    largest = max(by_centre.values(), key=len)
    return largest[:BATCH_SIZE] if len(largest) >= BATCH_SIZE else children[:BATCH_SIZE]


def _timed(action: Callable[[], object], repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def matching_table(results: list[MatchResult]) -> str:
    lines = [f"{'matching':<18} {'p50 ms':>8} {'p95 ms':>8} {'carers':>8}  target"]
    for r in results:
        verdict = "met" if r.meets_target else "MISSED"
        lines.append(
            f"{r.name:<18} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.carers:>8}  "
            f"p95 ≤ {r.target_ms:.0f} ms {verdict}"
        )
    return "\n".join(lines)


# Import ----------------------------------------------------------------------------------

IMPORT_ROWS = 10_000
IMPORT_TARGET_S = 60.0


@dataclass(frozen=True)
class ImportResult:
    name: str
    rows: int
    seconds: float
    errors: int

    @property
    def meets_target(self) -> bool:
        return self.seconds <= IMPORT_TARGET_S


def import_file(coordinator: str, rows: int = IMPORT_ROWS) -> bytes:
    """A workbook of ``rows`` children new to the registry, each with a placement history
    (one ended placement in an institution-free household of the file, one current)."""
    from openpyxl import Workbook

    from globa.imports import layout
    from globa.lib import personal_code

    book = Workbook(write_only=True)
    children = book.create_sheet(layout.CHILDREN.title)
    households = book.create_sheet(layout.HOUSEHOLDS.title)
    placements = book.create_sheet(layout.PLACEMENTS.title)
    children.append(layout.CHILDREN.headers)
    households.append(layout.HOUSEHOLDS.headers)
    placements.append(layout.PLACEMENTS.headers)
    today = clock.today()
    family_count = rows // 2
    for n in range(family_count):
        households.append(
            [
                f"B{n}",
                f"Importo šeima {n}",
                "guardian_non_relative",
                f"Gatvė {n}",
                "Vilniaus miesto savivaldybė",
                coordinator,
            ]
            + [""] * 10
        )
    for n in range(rows):
        birth = dt.date(2009 + n % 16, 1 + n % 12, 1 + n % 28)
        sex = "M" if n % 2 else "F"
        code = personal_code.make(birth, sex, n)
        children.append(
            [
                code,
                "",
                "",
                "Vardas",
                f"Importuotas{n}",
                "vyras" if sex == "M" else "moteris",
                birth.isoformat(),
                "Vilniaus miesto savivaldybė",
                "laikinoji globa",
                "ne",
                "",
            ]
        )
        start = max(birth + dt.timedelta(days=30), today - dt.timedelta(days=2000))
        middle = start + dt.timedelta(days=365)
        placements.append(
            [
                code,
                f"B{(n + 1) % family_count}",
                "",
                "laikinoji globa",
                start.isoformat(),
                middle.isoformat(),
                "other",
                "ne",
            ]
        )
        placements.append(
            [
                code,
                f"B{n % family_count}",
                "",
                "laikinoji globa",
                (middle + dt.timedelta(days=1)).isoformat(),
                "",
                "",
                "ne",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(rows: int = IMPORT_ROWS, echo: Echo = print) -> ImportResult | None:
    """Time the dry run of a file of 10,000 children with their placements, as the manager
    of the busiest coordinator's centre would upload it (nothing is saved)."""
    from globa.accounts.models import Membership, Role
    from globa.imports import layout, validation
    from globa.lib.dbscope import system_scope
    from globa.testing import as_user

    subjects = pick_subjects()
    with system_scope():
        membership = (
            Membership.objects.filter(user=subjects.coordinator, role=Role.COORDINATOR)
            .select_related("organisation")
            .first()
        )
        manager = (
            Membership.objects.filter(
                organisation=membership.organisation if membership else None,
                role=Role.CENTRE_MANAGER,
                is_active=True,
            )
            .select_related("user")
            .first()
        )
    if membership is None or manager is None:
        echo("No centre manager to import as: the import is not measured.")
        return None
    content = import_file(subjects.coordinator.username, rows)
    started = time.perf_counter()
    with as_user(manager.user):
        sheets = layout.read(content, "bench.xlsx")
        known = validation.known_for(manager.user, membership.organisation, clock.today())
        report = validation.check(sheets, known)
    seconds = time.perf_counter() - started
    echo(
        f"Import dry run: {rows:,} children and {2 * rows:,} placements as "
        f"{manager.user.username}: {seconds:.1f} s, {len(report.errors)} errors found"
    )
    name = "import_validate_10k" if rows == IMPORT_ROWS else f"import_validate_{rows}"
    return ImportResult(name, rows, round(seconds, 1), len(report.errors))


def import_table(result: ImportResult) -> str:
    verdict = "met" if result.meets_target else "MISSED"
    return (
        f"{'check':<20} {'rows':>8} {'seconds':>8}  target (≤ {IMPORT_TARGET_S:.0f} s)\n"
        f"{result.name:<20} {result.rows:>8} {result.seconds:>8.1f}  {verdict}"
    )


# Monitoring ----------------------------------------------------------------------------------

DASHBOARD_TARGET_MS = {"national": 300.0, "municipality": 300.0, "stress": 2000.0}
FLOOR_RATIO_TARGET = 1.5
# The monitoring functions timed one by one (globa/core/sql/00_functions.sql).
SOURCES = (
    "children",
    "households",
    "services",
    "contracts",
    "training",
    "assessments",
    "cases",
    "carers",
    "transformation",
    "survey",
)
EXPORT_TARGET_S = 5.0


@dataclass(frozen=True)
class MonitoringResult:
    name: str
    p50_ms: float
    p95_ms: float
    target_ms: float
    note: str = ""
    # The SQL floor's row: the dashboard's p95, which must stay within target_ms (1.5 x the
    # floor's p95); the floor itself has no target.
    compared_ms: float | None = None

    @classmethod
    def of(cls, page: Result, target_ms: float) -> MonitoringResult:
        """A page's timing as a row, with its queries as the note."""
        return cls(page.name, page.p50_ms, page.p95_ms, target_ms, f"{page.queries} queries")

    @property
    def meets_target(self) -> bool:
        if self.compared_ms is not None:
            return self.compared_ms <= self.target_ms
        return self.p95_ms <= self.target_ms


# The figures of the national dashboard for a year, by municipality, written by hand from the
# raw rows in one statement (the floor the dashboard is compared with): children in care by
# type of care at the year's end, entries and exits, children with on-call carers, services
# and people served by service and sector, training groups and people certified,
# assessments, plans, cases opened and closed, the carer funnel, funding by service contracts,
# the survey's positive ratings and the residents counted in the institutions' transformation.
SQL_FLOOR = """
WITH p AS MATERIALIZED (
    SELECT p.child_id, c.municipality_id, p.started_on, p.ended_on, p.end_reason,
           coalesce(h.kind, o.kind) AS care_type, h.kind AS household_kind
      FROM registry_placement p
      JOIN registry_child c ON c.id = p.child_id
      LEFT JOIN registry_carerhousehold h ON h.id = p.household_id
      LEFT JOIN organisations_organisation o ON o.id = p.institution_id
     WHERE p.started_on <= %(end)s AND (p.ended_on IS NULL OR p.ended_on >= %(start)s)
)
SELECT 'in_care', municipality_id, care_type, count(*) FROM p
 WHERE ended_on IS NULL OR ended_on > %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'entries', municipality_id, care_type, count(*) FROM p
 WHERE started_on >= %(start)s AND NOT EXISTS (
       SELECT 1 FROM registry_placement q WHERE q.child_id = p.child_id AND q.ended_on = p.started_on)
 GROUP BY 2, 3
UNION ALL
SELECT 'exits', municipality_id, end_reason, count(*) FROM p
 WHERE ended_on BETWEEN %(start)s AND %(end)s AND NOT EXISTS (
       SELECT 1 FROM registry_placement q WHERE q.child_id = p.child_id AND q.started_on = p.ended_on)
 GROUP BY 2, 3
UNION ALL
SELECT 'kept_out', municipality_id, '', count(DISTINCT child_id) FROM p
 WHERE household_kind = 'on_call' AND (ended_on IS NULL OR ended_on > %(start)s) GROUP BY 2, 3
UNION ALL
SELECT 'deliveries', coalesce(o.municipality_id, o.id), s.code || '|' || o.sector, count(*)
  FROM support_delivery d JOIN support_service s ON s.id = d.service_id
  JOIN organisations_organisation o ON o.id = d.provider_id
 WHERE d.delivered_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'people', m, category, sum(n) FROM (
    SELECT coalesce(o.municipality_id, o.id) AS m, s.code || '|' || o.sector AS category,
           count(DISTINCT coalesce(d.child_id::text, 'h' || d.household_id::text,
                 'g' || d.group_member_id::text, 'n' || nullif(d.person_name, ''),
                 'd' || d.id::text)) AS n
      FROM support_delivery d JOIN support_service s ON s.id = d.service_id
      JOIN organisations_organisation o ON o.id = d.provider_id
     WHERE d.delivered_on BETWEEN %(start)s AND %(end)s GROUP BY d.provider_id, 1, 2) x
 GROUP BY 2, 3
UNION ALL
SELECT 'groups', coalesce(o.municipality_id, o.id), '', count(DISTINCT g.id)
  FROM carers_trainingsession t JOIN carers_traininggroup g ON g.id = t.group_id
  JOIN organisations_organisation o ON o.id = g.centre_id
 WHERE t.held_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'certified', coalesce(o.municipality_id, o.id), '', count(*)
  FROM carers_participant pa JOIN carers_traininggroup g ON g.id = pa.group_id
  JOIN organisations_organisation o ON o.id = g.centre_id
 WHERE pa.certificate_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'assessments', coalesce(o.municipality_id, o.id), a.subject_kind, count(*)
  FROM assessments_assessment a JOIN organisations_organisation o ON o.id = a.organisation_id
 WHERE a.assessed_on BETWEEN %(start)s AND %(end)s AND a.status IN ('completed', 'approved')
 GROUP BY 2, 3
UNION ALL
SELECT 'plans', coalesce(o.municipality_id, o.id), pl.kind, count(*)
  FROM plans_plan pl JOIN organisations_organisation o ON o.id = pl.organisation_id
 WHERE pl.starts_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'cases_opened', municipality_id, referral_source, count(*) FROM cases_familycase
 WHERE referred_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'cases_closed', municipality_id, outcome, count(*) FROM cases_familycase
 WHERE closed_on BETWEEN %(start)s AND %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'funnel', c.municipality_id, s.to_stage, count(DISTINCT s.candidate_id)
  FROM carers_stagechange s JOIN carers_candidate c ON c.id = s.candidate_id
 WHERE s.on BETWEEN %(start)s AND %(end)s
   AND s.to_stage IN ('inquiry', 'training', 'approval', 'active')
 GROUP BY 2, 3
UNION ALL
SELECT 'funding', municipality_id, category, round(sum(share))::bigint FROM (
    SELECT c.municipality_id, s.code || '|' || o.sector AS category,
           round(c.amount * (least(coalesce(c.ended_on, c.ends_on), %(end)s)
                             - greatest(c.starts_on, %(start)s) + 1)
                 / ((c.ends_on - c.starts_on + 1)
                    * (SELECT count(*) FROM monitoring_servicecontract_services y
                        WHERE y.servicecontract_id = c.id)), 2) AS share
      FROM monitoring_servicecontract c
      JOIN organisations_organisation o ON o.id = c.provider_id
      JOIN monitoring_servicecontract_services x ON x.servicecontract_id = c.id
      JOIN support_service s ON s.id = x.service_id
     WHERE c.starts_on <= %(end)s AND coalesce(c.ended_on, c.ends_on) >= %(start)s) f
 GROUP BY 2, 3
UNION ALL
SELECT 'survey_positive', coalesce(o.municipality_id, o.id), '',
       count(*) FILTER (WHERE x.rating >= 4)
  FROM monitoring_surveyanswer a JOIN monitoring_surveyround r ON r.id = a.round_id
  JOIN organisations_organisation o ON o.id = r.centre_id
 CROSS JOIN LATERAL (VALUES (a.reachable), (a.support), (a.training), (a.respite),
                            (a.respect)) x (rating)
 WHERE r.ends_on BETWEEN %(start)s AND %(end)s AND x.rating IS NOT NULL
 GROUP BY 2, 3
UNION ALL
SELECT 'transformation_residents', coalesce(o.municipality_id, o.id), t.kind, sum(t.count)
  FROM monitoring_transformationresidents t
  JOIN organisations_organisation o ON o.id = t.institution_id
 WHERE t.counted_on BETWEEN %(start)s AND %(end)s
 GROUP BY 2, 3
"""


def _monitors() -> tuple[User | None, User | None, int | None]:
    """A national monitor, and the officer of the municipality with the most children."""
    from globa.accounts.models import Membership, Role

    with system_scope():
        national = (
            Membership.objects.filter(role=Role.NATIONAL_MONITOR, is_active=True)
            .select_related("user")
            .first()
        )
        busiest = (
            Child.objects.values("municipality_id")
            .annotate(n=Count("id"))
            .order_by("-n", "municipality_id")
            .first()
        )
        officer = (
            Membership.objects.filter(
                role=Role.MUNICIPALITY_OFFICER,
                is_active=True,
                organisation_id=busiest["municipality_id"],
            )
            .select_related("user")
            .first()
            if busiest
            else None
        )
    return (
        national.user if national else None,
        officer.user if officer else None,
        busiest["municipality_id"] if busiest else None,
    )


def run_monitoring(
    tier: Tier, *, repeat: int = 20, warmup: int = 2, echo: Echo = print
) -> list[MonitoringResult]:
    """The national dashboard for last year (every indicator, the country by municipality),
    a municipality's, the hand-written SQL of the same national figures, and the national
    year's XLSX export."""
    from globa.monitoring import compute, exports, permissions, selectors
    from globa.monitoring.compute import COUNTRY, MUNICIPALITY, Area
    from globa.monitoring.periods import Period

    national, officer, municipality_id = _monitors()
    if national is None:
        echo("No national monitor: the dashboards are not measured.")
        return []
    year = clock.today().year - 1
    period = Period.year(year)
    query = f"?period=year&year={year}"
    target = DASHBOARD_TARGET_MS.get(tier.name, DASHBOARD_TARGET_MS["stress"])
    results: list[MonitoringResult] = []
    # Counted afresh once (as after any change of the records), without the page.
    with system_scope():
        started = time.perf_counter()
        selectors.count_dashboard(permissions.national(), period)
        cold_ms = (time.perf_counter() - started) * 1000
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        national_page = measure(
            _client(national),
            "dashboard_national",
            reverse("monitoring:country") + query,
            repeat=repeat,
            warmup=warmup,
        )
        results.append(
            MonitoringResult(
                "dashboard_national",
                national_page.p50_ms,
                national_page.p95_ms,
                target,
                f"{national_page.queries} queries; counted afresh {cold_ms:.0f} ms",
            )
        )
        # Counted afresh on every request, as the first request after any change of the
        # records: the figures are not kept.
        with override_settings(GLOBA_MONITORING_CACHE_SECONDS=0):
            fresh = measure(
                _client(national),
                "dashboard_national_fresh",
                reverse("monitoring:country") + query,
                repeat=max(3, repeat // 4),
                warmup=1,
            )
        results.append(MonitoringResult.of(fresh, target))
        # After one service record changes: the page is counted again, but only the sources
        # that read the service records are (the others are kept by source).
        after = measure(
            _client(national),
            "dashboard_national_after_change",
            reverse("monitoring:country") + query,
            repeat=max(3, repeat // 4),
            warmup=1,
        )
        results.append(MonitoringResult.of(after, target))
        if officer is not None and municipality_id is not None:
            page = measure(
                _client(officer),
                "dashboard_municipality",
                reverse("monitoring:dashboard", args=["municipality", municipality_id]) + query,
                repeat=repeat,
                warmup=warmup,
            )
            results.append(MonitoringResult.of(page, target))
    with system_scope():
        params = {"start": period.start, "end": period.end}

        def floor() -> None:
            with connection.cursor() as cursor:
                cursor.execute(SQL_FLOOR, params)
                cursor.fetchall()

        times = _timed(floor, repeat, warmup)
        floor_p95 = round(percentile(times, 0.95), 1)
        floor_p95 = max(floor_p95, 0.1)
        results.append(
            MonitoringResult(
                "dashboard_sql_floor",
                round(statistics.median(times), 1),
                floor_p95,
                round(floor_p95 * FLOOR_RATIO_TARGET, 1),
                f"dashboard p95 / floor p95 = {national_page.p95_ms / floor_p95:.2f} "
                f"(target ≤ {FLOOR_RATIO_TARGET}); counted afresh: "
                f"{fresh.p95_ms / floor_p95:.2f}",
                compared_ms=national_page.p95_ms,
            )
        )

        def export() -> None:
            board = selectors.dashboard(permissions.national(), period, with_charts=False)
            exports.xlsx(board, "bench")

        # Each source's counts for the year by municipality, as the national dashboard asks
        # for them (the services read a year of service records; the contracts, the survey
        # and the transformation are the figures the pages above include).
        area = Area(COUNTRY)
        for source in SOURCES:

            def count(source: str = source) -> None:
                compute.facts(source, period, area, MUNICIPALITY)

            source_times = _timed(count, max(3, repeat // 4), 1)
            results.append(
                MonitoringResult(
                    f"source_{source}",
                    round(statistics.median(source_times), 1),
                    round(percentile(source_times, 0.95), 1),
                    target,
                    f"globa_monitoring_{source}",
                )
            )

        export_times = _timed(export, max(2, repeat // 10), 1)
        results.append(
            MonitoringResult(
                "export_national_xlsx",
                round(statistics.median(export_times), 1),
                round(percentile(export_times, 0.95), 1),
                EXPORT_TARGET_S * 1000,
            )
        )
    return results


def monitoring_table(results: list[MonitoringResult]) -> str:
    lines = [f"{'monitoring':<24} {'p50 ms':>8} {'p95 ms':>8}  target"]
    for r in results:
        verdict = "met" if r.meets_target else "MISSED"
        if r.compared_ms is not None:
            verdict = f"(floor) {verdict}: {r.note}"
        else:
            verdict = f"p95 ≤ {r.target_ms:.0f} ms {verdict} {r.note}".rstrip()
        lines.append(f"{r.name:<24} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f}  {verdict}")
    return "\n".join(lines)

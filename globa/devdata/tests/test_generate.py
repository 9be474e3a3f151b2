"""``globa generate`` and ``globa bench`` on a tiny tier."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from globa.devdata import bench, checks
from globa.devdata.generate import TIERS, registry_counts, split
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.registry.models import CarerHousehold, Child, Placement

pytestmark = pytest.mark.django_db


def generate(tier: str = "municipality", scale: float = 0.02) -> str:
    out = StringIO()
    call_command(
        "generate", tier=tier, scale=scale, today=clock.today(), no_analyze=True, stdout=out
    )
    return out.getvalue()


def test_it_generates_a_consistent_tiny_municipality_tier() -> None:
    output = generate()
    assert "registry_child" in output
    counts = registry_counts()
    assert counts["centres"] == 5
    assert counts["children in care"] == 30
    assert counts["children"] == 140
    assert counts["households"] == 24
    with system_scope():
        assert checks.problems(clock.today()) == []
        assert Placement.objects.filter(is_emergency=True, household__kind="on_call").exists()
        assert CarerHousehold.objects.filter(kind="on_call").count() == 2


def test_it_generates_cases_whose_history_agrees_with_their_stage() -> None:
    from globa.cases.models import FamilyCase, Stage, TeamMember

    generate(scale=0.2)  # large enough for every centre to have a case manager
    with system_scope():
        cases = list(FamilyCase.objects.prefetch_related("stages"))
        assert len(cases) >= 10
        for case in cases:
            last = list(case.stages.all())[-1]
            assert (last.stage, last.started_on) == (case.stage, case.stage_since)
            assert case.referred_on <= case.stage_since <= clock.today()
            assert (
                (case.closed_on is not None) == (case.stage == Stage.CLOSURE) == bool(case.outcome)
            )
        assert {c.stage for c in cases} >= {Stage.MONITORING, Stage.CLOSURE}
        # Ids came from the tables' sequences: the application adds rows without collisions.
        TeamMember.objects.create(
            case=cases[0], organisation_id=cases[0].organisation_id, name="Nauja", agency_kind="ngo"
        )


def test_it_generates_a_tiny_national_tier_in_every_municipality() -> None:
    generate("national", scale=0.01)
    counts = registry_counts()
    assert counts["centres"] == 66
    with system_scope():
        assert Child.objects.values("municipality").distinct().count() > 30
        assert checks.problems(clock.today()) == []


def test_it_refuses_a_database_that_has_data() -> None:
    generate()
    with pytest.raises(CommandError, match="--reset"):
        generate()


def test_bench_measures_every_page_and_writes_the_json(tmp_path: Path) -> None:
    generate(scale=0.2)  # with case managers, for the case page
    path = tmp_path / "bench.json"
    out = StringIO()
    call_command(
        "bench", tier="municipality", repeat=2, warmup=1, import_rows=300, json=path, stdout=out
    )
    data = json.loads(path.read_text())
    assert data["tier"] == "municipality"
    assert [r["name"] for r in data["results"]] == list(bench.PAGES)
    for result in data["results"]:
        assert set(result) == {"name", "p50_ms", "p95_ms", "queries"}
        assert result["queries"] > 0
    # Matching: one child against every on-call carer, and a night of several children.
    one, night = data["matching"]
    assert one["name"] == "match_one_child" and one["carers"] > 0 and one["p95_ms"] > 0
    assert night["name"].startswith("match_night_") and night["target_ms"] == 2000.0
    assert "Matching against" in out.getvalue()
    # The import's dry run: a file of new children with their placements, without errors.
    assert data["import"]["name"] == "import_validate_300" and data["import"]["errors"] == 0
    # Monitoring: the national and a municipality's dashboards, the SQL floor, the national one
    # counted afresh too and after one service record changes, each monitoring function on its
    # own, the export.
    assert [r["name"] for r in data["monitoring"]] == [
        "dashboard_national",
        "dashboard_national_fresh",
        "dashboard_national_after_change",
        "dashboard_municipality",
        "dashboard_sql_floor",
        *(f"source_{source}" for source in bench.SOURCES),
        "export_national_xlsx",
    ]
    assert all(r["p95_ms"] > 0 for r in data["monitoring"])
    # The tiny tier is not the municipality tier, and the bench says so.
    assert "does not look like" in out.getvalue()


def test_split_divides_in_proportion() -> None:
    assert split(10, [1, 1, 2]) == [3, 2, 5] or split(10, [1, 1, 2]) == [2, 3, 5]
    assert sum(split(1_234, [0.3, 5, 7.7, 1])) == 1_234


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile([3.0], 0.95) == 3.0


def test_tiers_follow_the_design() -> None:
    national = TIERS["national"]
    assert sum(national.centres_per_municipality().values()) == 66
    assert sum(TIERS["stress"].centres_per_municipality().values()) == 660
    assert TIERS["stress"].in_care == 10 * national.in_care


def test_it_generates_assessments_and_plans_that_keep_the_rules() -> None:
    from globa.assessments.models import Answer, Assessment
    from globa.plans.models import Goal, Plan

    output = generate(scale=0.2)
    assert "assessments:" in output
    with system_scope():
        done = Assessment.objects.filter(status__in=["completed", "approved"])
        kinds = set(done.values_list("subject_kind", flat=True))
        assert kinds == {"family", "child", "staff", "household"}
        assert Assessment.objects.filter(status="draft").exists()
        # Families assessed at intake and again at review, children more than once.
        assert done.filter(subject_kind="family", timepoint="review").exists()
        assert done.filter(scores__isnull=True).count() == 0
        # Every answer's item is of the version its assessment uses (the database checks it).
        assert Answer.objects.count() > 10 * done.count()
        assert Plan.objects.filter(kind="service_plan").exists()
        assert Goal.objects.filter(item__isnull=False).count() == Goal.objects.count()
        assert checks.problems(clock.today()) == []


def test_it_generates_ten_years_of_monitoring_history_that_keeps_the_rules() -> None:
    from django.db.models import Count, Max, Min, Q

    from globa.devdata.history import history_start, years
    from globa.monitoring.models import (
        ServiceContract,
        SurveyAnswer,
        SurveyLink,
        SurveyRound,
        TransformationMilestone,
        TransformationPlan,
        TransformationResidents,
    )
    from globa.organisations.models import Organisation
    from globa.support.models import Delivery

    today = clock.today()
    output = generate(scale=0.2)
    assert "service contracts:" in output
    start = history_start(today)
    # Ten years back, but not before the catalogue's services apply.
    assert start == max(dt.date(today.year - 9, 1, 1), dt.date(2020, 1, 1))
    with system_scope():
        span = Delivery.objects.aggregate(first=Min("delivered_on"), last=Max("delivered_on"))
        assert start <= span["first"] <= start + dt.timedelta(days=31)
        assert today - dt.timedelta(days=14) <= span["last"] <= today
        by_year = dict(Delivery.objects.values_list("delivered_on__year").annotate(n=Count("id")))
        every_year = [y.year for y, _ in years(start, today)]
        # This year's too, unless it began a few days ago.
        assert every_year[:-1] == sorted(by_year)[: len(every_year) - 1]
        assert set(by_year) <= set(every_year)
        # Every full year has about as many as the others (the history is not front-loaded).
        full = [by_year[y] for y in by_year if start.year < y < today.year]
        assert min(full) > max(full) / 2
        # Visits, services to children and providers' services to named people.
        assert Delivery.objects.filter(form="home_visit", household__isnull=False).exists()
        assert (
            Delivery.objects.filter(child__isnull=False)
            .exclude(service__code="coordinator_assistance")
            .exists()
        )
        providers = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER)
        assert set(providers.values_list("sector", flat=True)) == {"public", "ngo", "private"}
        assert Delivery.objects.filter(provider__in=providers).exclude(person_name="").exists()
        # Contracts: every year of the history, public, NGO and private providers.
        contracts = ServiceContract.objects.all()
        assert {c.starts_on.year for c in contracts} == {y.year for y, _ in years(start, today)}
        assert set(contracts.values_list("provider__sector", flat=True)) >= {"public", "ngo"}
        assert contracts.filter(ended_on__isnull=False).count() < contracts.count() / 4
        # The survey: a round a year per centre, answers only as many as links used.
        rounds = SurveyRound.objects.annotate(
            all_links=Count("links", distinct=True),
            used=Count("links", filter=Q(links__used=True), distinct=True),
        )
        assert rounds.count() >= 5 * (today.year - start.year)
        for survey in rounds:
            assert 0 < survey.used <= survey.all_links
        assert SurveyAnswer.objects.count() == SurveyLink.objects.filter(used=True).count()
        assert SurveyAnswer.objects.filter(reachable__isnull=False).exists()
        # Transformation plans with milestones and resident counts.
        assert TransformationPlan.objects.exists()
        assert TransformationMilestone.objects.exists()
        assert TransformationResidents.objects.exists()
        assert checks.history_problems(today) == []
        assert checks.problems(today) == []


def _figures(function: str, year: int) -> dict[tuple[str, str], int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT measure, category, sum(value) FROM {function}(%s, %s) GROUP BY 1, 2",  # noqa: S608
            [dt.date(year, 1, 1), dt.date(year, 12, 31)],
        )
        return {(measure, category): int(value) for measure, category, value in cursor}


def test_it_generates_the_carer_journey_and_training_the_figures_count() -> None:
    from globa.carers.models import Candidate
    from globa.training.models import Attendance, Participant, TrainingGroup

    today = clock.today()
    output = generate(scale=0.2)
    assert "prospective carers:" in output
    year = today.year - 1
    with system_scope():
        funnel = _figures("globa_monitoring_carers", year)
        inquiries, trained, approved = (
            funnel.get(("funnel", stage), 0) for stage in ("inquiry", "training", "approval")
        )
        # Many ask, fewer are trained, fewer approved.
        assert inquiries > trained > approved > 0
        assert {c.stage for c in Candidate.objects.all()} >= {"inquiry", "exited", "active"}
        training = _figures("globa_monitoring_training", year)
        for kind in ("core", "specialists"):
            assert training[("groups", kind)] > 0
            assert training[("attended", kind)] > 0
            assert training[("certified", kind)] > 0
        # Groups in every year of the history, GIMK attendance a delivery of the service.
        years = set(TrainingGroup.objects.values_list("starts_on__year", flat=True))
        assert years == set(range(max(today.year - 9, 2020), today.year + 1))
        assert Participant.objects.filter(candidate__isnull=False).exists()
        assert Attendance.objects.filter(delivery__service__code="carer_training").exists()
        assert checks.history_problems(today) == []
        assert checks.problems(today) == []


def test_generated_assessments_keep_the_improvement_the_assessments_app_computes() -> None:
    from globa.assessments import selectors
    from globa.assessments.models import Assessment
    from globa.assessments.services import in_cents

    generate(scale=0.2)
    with system_scope():
        done = Assessment.objects.filter(status__in=["completed", "approved"])
        assert done.filter(improvement__isnull=False).exists()
        # The latest of each child and family assessed more than once, as the app keeps them.
        checked = 0
        for kind in ("child", "family"):
            for assessment in (
                done.filter(subject_kind=kind, timepoint="review")
                .select_related("instrument_version")
                .order_by("id")[:40]
            ):
                expected = {
                    pk: in_cents(value) for pk, value in selectors.improvements(assessment).items()
                }
                stored = dict(done.filter(pk__in=expected).values_list("pk", "improvement"))
                assert stored == expected
                checked += 1
        assert checked > 40

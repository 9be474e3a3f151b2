"""Institution transformation: who records the plans (the national monitor, the municipality
officer of the institution's municipality; others 403, another municipality's 404), the
pages' refusals in Lithuanian and English, double submits and stale edits, the audit, and
the indicators counted by the database agreeing with a plain count for several periods and
areas, with a status change on a period's last day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role, User
from globa.audit.models import AuditChange
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring import compute
from globa.monitoring.compute import COUNTRY, COUNTY, MUNICIPALITY, Area
from globa.monitoring.indicators import BY_CODE, INDICATORS
from globa.monitoring.models import (
    TransformationMilestone,
    TransformationPlan,
    TransformationResidents,
    TransformationStatusChange,
)
from globa.monitoring.periods import Period
from globa.monitoring.tests import plain
from globa.organisations.models import Organisation
from globa.testing import CentreFactory, World, member, municipality

pytestmark = pytest.mark.django_db

CODES = [i for i in INDICATORS if i.source == "transformation"]


def _institution(name: str, town: str = "Vilniaus miesto savivaldybė") -> Organisation:
    return CentreFactory(
        name=name,
        kind=Organisation.Kind.INSTITUTION,
        sector=Organisation.Sector.PUBLIC,
        municipality=municipality(town),
    )


@pytest.fixture
def world() -> World:
    w = World()
    w.home_v = _institution("Vilniaus vaikų globos namai")  # type: ignore[attr-defined]
    w.home_k = _institution("Kauno vaikų globos namai", "Kauno miesto savivaldybė")  # type: ignore[attr-defined]
    return w


@pytest.fixture
def vilnius(world: World) -> User:
    return member(Role.MUNICIPALITY_OFFICER, municipality(), first_name="Vaida", last_name="V")


@pytest.fixture
def kaunas(world: World) -> User:
    return member(
        Role.MUNICIPALITY_OFFICER,
        municipality("Kauno miesto savivaldybė"),
        first_name="Kęstas",
        last_name="K",
    )


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _plan(institution: Organisation, status: str, since: dt.date) -> TransformationPlan:
    with system_scope():
        plan = TransformationPlan.objects.create(
            institution=institution,
            status=status,
            status_since=since,
            places_to_close=40,
            created_at=clock.now(),
        )
        TransformationStatusChange.objects.create(
            plan=plan, institution=institution, status=status, changed_on=since
        )
    return plan


def _create_form(institution: Organisation, **over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "submission": "6f1c1a52-8a8e-4d5e-9d64-0c3f4b2f9a11",
        "institution": institution.pk,
        "status": "preparing",
        "status_since": clock.today().isoformat(),
        "places_to_close": "60",
        "notes": "",
    }
    data.update(over)
    return data


def test_the_municipality_officer_records_a_plan_once(world: World, vilnius: User) -> None:
    client = world.client_for(vilnius)
    page = client.get(reverse("monitoring:transformation")).content.decode()
    assert "Vilniaus vaikų globos namai" in page
    assert "Kauno vaikų globos namai" not in page
    url = reverse("monitoring:transformation_create")
    first = client.post(url, _create_form(world.home_v))  # type: ignore[attr-defined]
    again = client.post(url, _create_form(world.home_v))  # type: ignore[attr-defined]
    assert first.status_code == again.status_code == 302
    with system_scope():
        plan = TransformationPlan.objects.get()
        assert plan.institution == world.home_v  # type: ignore[attr-defined]
        assert plan.changes.count() == 1
        assert AuditChange.objects.filter(
            table_name="monitoring_transformationplan", row_id=str(plan.pk)
        ).exists()
    assert first["Location"] == reverse("monitoring:transformation_plan", args=[plan.pk])
    # Another municipality's institution is not a choice.
    refused = _english(client).post(
        url,
        _create_form(world.home_k, submission="0b9d2f55-3c3e-4f7a-9a1d-2b9f8b1f2c01"),  # type: ignore[attr-defined]
    )
    assert refused.status_code == 200
    with system_scope():
        assert TransformationPlan.objects.count() == 1


def test_access_outsiders_404_other_roles_403(world: World, vilnius: User, kaunas: User) -> None:
    plan = _plan(world.home_v, "prepared", clock.today())  # type: ignore[attr-defined]
    urls = [
        reverse("monitoring:transformation_plan", args=[plan.pk]),
        reverse("monitoring:transformation_update", args=[plan.pk]),
        reverse("monitoring:milestone_create", args=[plan.pk]),
        reverse("monitoring:residents_create", args=[plan.pk]),
    ]
    for url in urls:
        assert world.client_for(vilnius).get(url).status_code == 200, url
        assert world.client_for(world.nora).get(url).status_code == 200, url
        assert world.client_for(kaunas).get(url).status_code == 404, url
        assert world.client_for(world.bob).get(url).status_code == 403, url
    for url in (reverse("monitoring:transformation"), reverse("monitoring:transformation_create")):
        assert world.client_for(world.bob).get(url).status_code == 403
        assert world.client_for(world.alice).get(url).status_code == 403
    page = world.client_for(kaunas).get(reverse("monitoring:transformation")).content.decode()
    assert "Vilniaus vaikų globos namai" not in page
    assert world.client_for(world.nora).get(reverse("monitoring:transformation")).status_code == 200


def test_status_changes_are_dated_and_stale_edits_refused(world: World, vilnius: User) -> None:
    start = clock.today() - dt.timedelta(days=30)
    plan = _plan(world.home_v, "preparing", start)  # type: ignore[attr-defined]
    client = _english(world.client_for(vilnius))
    url = reverse("monitoring:transformation_update", args=[plan.pk])
    data = {
        "version": "1",
        "status": "prepared",
        "status_since": (start - dt.timedelta(days=1)).isoformat(),
        "places_to_close": "40",
        "notes": "",
    }
    early = client.post(url, data)
    assert early.status_code == 200
    assert "cannot date from before the last change" in early.content.decode()
    future = client.post(url, {**data, "status_since": (clock.today() + dt.timedelta(days=1))})
    assert "cannot be in the future" in future.content.decode()
    data["status_since"] = clock.today().isoformat()
    done = client.post(url, data)
    assert done.status_code == 302
    stale = client.post(url, {**data, "status": "approved"})
    assert stale.status_code == 200
    assert "reload the page" in stale.content.decode()
    with system_scope():
        plan.refresh_from_db()
        assert plan.status == "prepared" and plan.version == 2
        assert list(plan.changes.values_list("status", flat=True)) == ["preparing", "prepared"]
    # The current status's date corrected: its change in the history with it.
    corrected = (clock.today() - dt.timedelta(days=2)).isoformat()
    assert client.post(url, {**data, "version": "2", "status_since": corrected}).status_code == 302
    with system_scope():
        plan.refresh_from_db()
        assert plan.status_since.isoformat() == corrected
        assert plan.changes.order_by("-changed_on").first().changed_on.isoformat() == corrected  # type: ignore[union-attr]
    lithuanian = world.client_for(vilnius).post(
        url, {**data, "version": "3", "status": "approved", "status_since": "2000-01-01"}
    )
    assert "Nauja būsena negali būti ankstesnė" in lithuanian.content.decode()


def test_milestones_and_residents(world: World, vilnius: User) -> None:
    plan = _plan(world.home_v, "approved", clock.today())  # type: ignore[attr-defined]
    client = _english(world.client_for(vilnius))
    due = clock.today() + dt.timedelta(days=60)
    once = {"submission": "9a3f6b1e-1d3a-4c55-8c3a-6f1f2a7e0b22", "title": "Open a group home"}
    url = reverse("monitoring:milestone_create", args=[plan.pk])
    assert client.post(url, {**once, "due_on": due.isoformat()}).status_code == 302
    assert client.post(url, {**once, "due_on": due.isoformat()}).status_code == 302
    missing = client.post(url, {"submission": "1a3f6b1e-1d3a-4c55-8c3a-6f1f2a7e0b22"})
    assert "Name the milestone." in missing.content.decode()
    with system_scope():
        milestone = TransformationMilestone.objects.get()
    change = reverse("monitoring:milestone_update", args=[plan.pk, milestone.pk])
    # Sent without the version it was read at (an old page): asked to reload, nothing saved.
    stale = client.post(change, {"title": "Changed", "due_on": due.isoformat()})
    assert stale.status_code == 200
    assert "Reload the page and try again." in stale.content.decode()
    assert "Hidden field" not in stale.content.decode()
    with system_scope():
        assert TransformationMilestone.objects.get().title == "Open a group home"
    assert (
        client.post(
            change,
            {
                "version": "1",
                "title": "Open a group home",
                "due_on": due.isoformat(),
                "done_on": clock.today().isoformat(),
            },
        ).status_code
        == 302
    )
    with system_scope():
        milestone.refresh_from_db()
        assert milestone.done_on == clock.today() and milestone.version == 2
    residents = reverse("monitoring:residents_create", args=[plan.pk])
    zero = client.post(
        residents,
        {
            "submission": "2b3f6b1e-1d3a-4c55-8c3a-6f1f2a7e0b22",
            "kind": "assessed",
            "counted_on": clock.today().isoformat(),
            "count": "0",
        },
    )
    assert "must be above 0" in zero.content.decode()
    ok = client.post(
        residents,
        {
            "submission": "3b3f6b1e-1d3a-4c55-8c3a-6f1f2a7e0b22",
            "kind": "to_family",
            "counted_on": clock.today().isoformat(),
            "count": "3",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("monitoring:transformation_plan", args=[plan.pk])).content.decode()
    assert "Open a group home" in page and "moved to a family" in page


def test_the_indicators_agree_with_a_plain_count(world: World) -> None:
    today = clock.today()
    year = today.year
    last_year = Period.year(year - 1)
    homes = [world.home_v, world.home_k]  # type: ignore[attr-defined]
    homes.append(_institution("Vilniaus specialieji globos namai"))
    _plan(homes[0], "preparing", last_year.start)
    _plan(homes[1], "preparing", last_year.start)
    third = _plan(homes[2], "prepared", last_year.start + dt.timedelta(days=10))
    with system_scope():
        first = TransformationPlan.objects.get(institution=homes[0])
        # Prepared on the year's last day: counted in that year; approved the day after.
        TransformationStatusChange.objects.create(
            plan=first, institution=homes[0], status="prepared", changed_on=last_year.end
        )
        TransformationStatusChange.objects.create(
            plan=first,
            institution=homes[0],
            status="approved",
            changed_on=last_year.end + dt.timedelta(days=1),
        )
        for day, kind, count in (
            (last_year.start, "assessed", 12),
            (last_year.end, "with_plan", 5),
            (last_year.end + dt.timedelta(days=1), "to_family", 2),
            (last_year.start + dt.timedelta(days=40), "to_community", 4),
        ):
            TransformationResidents.objects.create(
                plan=third, institution=homes[2], kind=kind, counted_on=day, count=count
            )
        periods = [
            last_year,
            Period.year(year),
            Period.month(last_year.end.year, 12),
            Period("custom", last_year.start - dt.timedelta(days=5), today),
        ]
        vilnius = municipality()
        areas = [
            Area(COUNTRY),
            Area(MUNICIPALITY, vilnius.pk),
            Area(COUNTY, vilnius.county_id),
            Area("centre", homes[2].pk),
        ]
        for period in periods:
            rows = plain.transformation(period)
            for area in areas:
                found = compute.facts("transformation", period, area)
                for indicator in CODES:
                    got = compute.value(indicator, found)
                    expected = plain.figure(indicator, rows, area)
                    assert (got.numerator, got.denominator) == expected, (
                        indicator.code,
                        period,
                        area,
                    )
        found = compute.facts("transformation", last_year, Area(COUNTRY))
        prepared = compute.value(BY_CODE["transformation_plans_prepared"], found)
        assert (prepared.numerator, prepared.denominator) == (2, 3)
        assert compute.value(BY_CODE["transformation_assessed"], found).numerator == 12
        assert compute.value(BY_CODE["transformation_with_plans"], found).numerator == 5
        assert compute.value(BY_CODE["transformation_moved"], found).numerator == 4
        before = compute.facts("transformation", Period.year(year - 2), Area(COUNTRY))
        assert compute.value(BY_CODE["transformation_plans"], before).numerator == 0


def test_the_dashboards_show_national_progress(world: World, vilnius: User) -> None:
    long_ago = clock.today() - dt.timedelta(days=400)
    _plan(world.home_v, "prepared", long_ago)  # type: ignore[attr-defined]
    _plan(world.home_k, "preparing", long_ago)  # type: ignore[attr-defined]
    country = _english(world.client_for(world.nora)).get(reverse("monitoring:country"))
    page = country.content.decode()
    assert "Institution transformation" in page
    assert "Transformation plans prepared" in page
    assert reverse("monitoring:transformation") in page
    own = municipality()
    local = _english(world.client_for(vilnius)).get(
        reverse("monitoring:dashboard", args=["municipality", own.pk])
    )
    assert "Transformation plans by status" in local.content.decode()
    # The centre manager's dashboard does not lead to the plans.
    centre = _english(world.client_for(world.bob)).get(
        reverse("monitoring:dashboard", args=["centre", world.centre_a.pk])
    )
    assert reverse("monitoring:transformation") not in centre.content.decode()


def test_the_annual_report_has_the_plans_prepared(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from globa.monitoring.models import Export

    _plan(world.home_v, "approved", clock.today() - dt.timedelta(days=400))  # type: ignore[attr-defined]
    client = _english(world.client_for(world.nora))
    client.post(reverse("monitoring:country_export"), {"report": "annual", "format": "xlsx"})
    export = Export.objects.get(requested_by=world.nora)
    assert export.status == Export.Status.READY
    book = load_workbook(io.BytesIO(bytes(export.content or b"")))
    text = " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    assert (
        "Transformation plans prepared" in text or "Parengti institucijų pertvarkos planai" in text
    )

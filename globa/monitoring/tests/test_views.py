"""The dashboards and their exports, through the doors a reader uses: who sees which area
(a municipality officer only their own, a national monitor the country and never a name,
the public only suppressed figures), outsiders 404, roles without figures 403, bad input."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from globa.accounts.models import Role, User
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring.models import Export
from globa.registry.models import HouseholdKind
from globa.testing import ChildFactory, HouseholdFactory, World, member, municipality, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    # Three children placed in Vilnius last year: small counts, suppressed for the public.
    household = HouseholdFactory(
        centre=w.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE, name="Slaptųjų šeima"
    )
    start = dt.date(clock.today().year - 1, 3, 1)
    for n in range(3):
        child = ChildFactory(centre=w.centre_a, first_name=f"Slaptas{n}", last_name="Vaikas")
        place(child, household, start + dt.timedelta(days=n))
    return w


@pytest.fixture
def officer(world: World) -> User:
    return member(
        Role.MUNICIPALITY_OFFICER, municipality(), first_name="Vaida", last_name="Savivaldybė"
    )


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_a_national_monitor_opens_the_country_and_sees_no_name(world: World) -> None:
    client = _english(world.client_for(world.nora))
    response = client.get(reverse("monitoring:index"))
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:country")
    page = client.get(reverse("monitoring:country")).content.decode()
    assert "Disclosure control" in page
    assert "Vilniaus miesto savivaldybė" in page
    for private in (
        "Slaptas0",
        "Vaikas",
        "Slaptųjų šeima",
        world.child.last_name,
        world.household.name,
    ):
        assert private not in page
    # A county narrows the table to its municipalities.
    vilnius = municipality()
    assert vilnius.county_id is not None
    narrowed = client.get(
        reverse("monitoring:country"), {"county": vilnius.county_id}
    ).content.decode()
    assert (
        "Vilniaus miesto savivaldybė" in narrowed
        and "Kauno miesto savivaldybė"
        not in narrowed.split('id="h-places"')[1].split("</table>")[0]
    )


def test_a_national_monitor_cannot_open_a_centre_or_a_municipality(world: World) -> None:
    client = world.client_for(world.nora)
    assert (
        client.get(reverse("monitoring:dashboard", args=["centre", world.centre_a.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("monitoring:dashboard", args=["municipality", municipality().pk])
        ).status_code
        == 404
    )


def test_a_municipality_officer_sees_only_their_municipality_exactly(
    world: World, officer: User
) -> None:
    client = _english(world.client_for(officer))
    vilnius = municipality()
    response = client.get(reverse("monitoring:index"))
    assert response["Location"] == reverse(
        "monitoring:dashboard", args=["municipality", vilnius.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Exact figures" in page
    assert world.centre_a.name in page  # every centre and provider of the municipality
    assert "Slaptas0" not in page and "Slaptųjų šeima" not in page
    kaunas = municipality("Kauno miesto savivaldybė")
    assert (
        client.get(reverse("monitoring:dashboard", args=["municipality", kaunas.pk])).status_code
        == 404
    )
    assert client.get(reverse("monitoring:country")).status_code == 404
    assert (
        client.get(reverse("monitoring:dashboard", args=["centre", world.centre_a.pk])).status_code
        == 404
    )


def test_a_centre_manager_sees_their_centre_and_no_other(world: World) -> None:
    client = world.client_for(world.bob)
    assert (
        client.get(reverse("monitoring:dashboard", args=["centre", world.centre_a.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("monitoring:dashboard", args=["centre", world.centre_b.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("monitoring:dashboard", args=["nowhere", world.centre_a.pk])).status_code
        == 404
    )


def test_roles_without_figures_are_refused(world: World) -> None:
    client = world.client_for(world.alice)
    assert client.get(reverse("monitoring:index")).status_code == 403
    assert client.get(reverse("monitoring:country")).status_code == 403
    assert Client().get(reverse("monitoring:country")).status_code == 302  # to the login


def test_the_public_sees_only_suppressed_figures(world: World) -> None:
    client = _english(Client())
    page = client.get(reverse("monitoring:public")).content.decode()
    assert "Disclosure control" in page
    # Three children in care in the country: a small count, never shown.
    headline = page.split('id="h-headline"')[1].split("</section>")[0]
    first = headline.split('class="big">')[1].split("</span>")[0]
    assert ">c<" in first
    for private in ("Slaptas0", "Vaikas", "Slaptųjų šeima", world.centre_a.name):
        assert private not in page
    data = client.get(reverse("monitoring:open_data")).content.decode("utf-8-sig")
    assert data.startswith("indicator,name,area,place")
    assert "children_in_care" in data and ",c," in data
    assert "Slaptas0" not in data


def test_the_public_page_refuses_a_custom_period_with_a_message(world: World) -> None:
    client = _english(Client())
    response = client.get(
        reverse("monitoring:public"),
        {"period": "custom", "start": "2025-01-01", "end": "2025-01-02"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = client.get(reverse("monitoring:public"), {"period": "year", "year": "abc"})
    assert response.status_code == 200 and "Enter a whole number" in response.content.decode()


def test_a_national_monitor_downloads_the_xlsx(world: World) -> None:
    client = _english(world.client_for(world.nora))
    response = client.post(
        reverse("monitoring:country_export") + f"?period=year&year={clock.today().year - 1}",
        {"report": "dashboard", "format": "xlsx"},
    )
    assert response.status_code == 302
    export = Export.objects.get(requested_by=world.nora)
    page = client.get(response["Location"]).content.decode()
    assert export.status == Export.Status.READY, (export.status, export.error, page[-3000:])
    assert "Download" in page
    file = client.get(reverse("monitoring:export_file", args=[export.pk]))
    assert file["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(file.content))
    assert {"About", "Indicators", "Definitions", "children_in_care"} <= set(book.sheetnames)
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert "suppressed" in about["Disclosure control"]
    values = [c for row in book["children_in_care"].iter_rows(values_only=True) for c in row]
    assert "c" in values and 3 not in values
    # Nobody else's.
    other = world.client_for(world.bob)
    assert other.get(reverse("monitoring:export", args=[export.pk])).status_code == 404
    assert other.get(reverse("monitoring:export_file", args=[export.pk])).status_code == 404
    assert other.get(reverse("monitoring:export", args=["not-an-id"])).status_code == 404


def test_a_municipality_officer_makes_the_annual_report_as_pdf(world: World, officer: User) -> None:
    client = world.client_for(officer)
    vilnius = municipality()
    response = client.post(
        reverse("monitoring:export_create", args=["municipality", vilnius.pk]),
        {"report": "annual", "format": "pdf"},
    )
    assert response.status_code == 302
    export = Export.objects.get(requested_by=officer)
    assert export.status == Export.Status.READY and export.report == "annual"
    file = client.get(reverse("monitoring:export_file", args=[export.pk]))
    assert file.content.startswith(b"%PDF")
    assert file["Content-Type"] == "application/pdf"
    csv_response = client.post(
        reverse("monitoring:export_create", args=["municipality", vilnius.pk]),
        {"report": "dashboard", "format": "csv"},
    )
    made = Export.objects.get(pk=csv_response["Location"].rstrip("/").split("/")[-1])
    assert bytes(made.content).decode("utf-8-sig").count("\n") > 20


def test_a_bad_export_request_is_refused_with_a_message(world: World) -> None:
    client = _english(world.client_for(world.nora))
    response = client.post(
        reverse("monitoring:country_export"), {"report": "dashboard", "format": "exe"}
    )
    assert response.status_code == 400
    assert "Choose a report and a format" in response.content.decode()
    assert not Export.objects.exists()
    assert (
        world.client_for(world.alice)
        .post(reverse("monitoring:country_export"), {"report": "dashboard", "format": "xlsx"})
        .status_code
        == 403
    )


def test_an_export_waiting_for_the_worker_shows_its_progress(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLOBA_TASKS_EAGER = False
    client = _english(world.client_for(world.nora))
    response = client.post(
        reverse("monitoring:country_export"), {"report": "annual", "format": "xlsx"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "every 2s" in page and "<progress" in page
    export = Export.objects.get(requested_by=world.nora)
    assert export.status == Export.Status.WAITING
    # The worker makes it (as the task queue would run it).
    from globa.monitoring.services import make

    make(str(export.pk), world.nora.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.READY and export.file_name.endswith(".xlsx")
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in fragment and "Download" in fragment


def test_the_start_page_of_a_monitor_shows_headline_figures(world: World, officer: User) -> None:
    page = _english(world.client_for(world.nora)).get(reverse("home:start")).content.decode()
    assert "Lithuania: figures for" in page
    assert "Children without parental care by type of care" in page
    page = _english(world.client_for(officer)).get(reverse("home:start")).content.decode()
    assert "Vilniaus miesto savivaldybė: figures for" in page
    page = _english(world.client_for(world.alice)).get(reverse("home:start")).content.decode()
    assert "figures for" not in page


def test_exports_older_than_a_week_are_forgotten(world: World, move_clock) -> None:  # type: ignore[no-untyped-def]
    from globa.monitoring.services import exports_forget

    client = world.client_for(world.nora)
    client.post(reverse("monitoring:country_export"), {"report": "dashboard", "format": "csv"})
    assert exports_forget() == 0
    move_clock(clock.today() + dt.timedelta(days=8))
    assert exports_forget() == 1
    assert not Export.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"period": "year", "year": "20\x0026"},
        {"period": "month", "year": "2026", "month": "13"},
        {"period": "quarter", "year": "99999999999999999999", "quarter": "5"},
        {"period": "custom", "start": "0001-01-01", "end": "9999-12-31"},
        {"period": "custom", "start": "2026-03-01", "end": "2026-02-01"},
        {"period": "custom", "start": "10000-01-01", "end": "2026-02-01"},
        {"period": "ą" * 100_000},
        {"county": "x\x00"},
        {"map": "<script>"},
    ],
)
def test_bad_periods_get_a_message_not_an_error(
    world: World, officer: User, query: dict[str, str]
) -> None:
    client = _english(world.client_for(officer))
    url = reverse("monitoring:dashboard", args=["municipality", municipality().pk])
    response = client.get(url, query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
    national = _english(world.client_for(world.nora)).get(reverse("monitoring:country"), query)
    assert national.status_code in (200, 404)  # an unknown county is not found
    assert Client().get(reverse("monitoring:public"), query).status_code == 200
    assert Client().get(reverse("monitoring:open_data"), query).status_code == 200


def test_a_custom_period_needs_both_days_in_order(world: World, officer: User) -> None:
    client = _english(world.client_for(officer))
    url = reverse("monitoring:dashboard", args=["municipality", municipality().pk])
    page = client.get(
        url, {"period": "custom", "start": "2026-03-01", "end": "2026-02-01"}
    ).content.decode()
    assert "The period must end on or after its first day." in page
    page = client.get(url, {"period": "custom", "start": "2026-03-01"}).content.decode()
    assert "Enter the first and the last day of the period." in page
    page = client.get(
        url, {"period": "custom", "start": "2000-01-01", "end": "2026-02-01"}
    ).content.decode()
    assert "at most ten years" in page


def test_figures_are_kept_ready_while_the_records_are_unchanged(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from globa.monitoring import compute, permissions, selectors
    from globa.monitoring.periods import Period

    view = permissions.national()
    period = Period.year(clock.today().year - 1)
    first = selectors.dashboard(view, period)
    with CaptureQueriesContext(connection) as again:
        second = selectors.dashboard(view, period)
    assert not any("globa_monitoring_" in q["sql"] for q in again.captured_queries)
    assert second.made_at == first.made_at
    assert second.figure("children_in_care").total.hidden  # three children: suppressed
    # The code that counts and shapes them changes (an upgrade): counted afresh, by source too.
    code = compute.code_version()
    compute.code_version.cache_clear()
    assert compute.code_version() == code  # the same files, the same version
    with monkeypatch.context() as patched:
        patched.setattr(compute, "code_version", lambda: "upgraded")
        with CaptureQueriesContext(connection) as upgraded:
            selectors.dashboard(view, period)
    assert any("globa_monitoring_children" in q["sql"] for q in upgraded.captured_queries)
    # A record changes: counted afresh.
    household = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
    for _ in range(3):
        place(ChildFactory(centre=world.centre_a), household, period.start)
    third = selectors.dashboard(view, period)
    assert third.made_at != first.made_at
    assert str(third.figure("children_in_care").total) == "6"


def test_the_public_may_narrow_the_figures_to_a_county(world: World) -> None:
    vilnius = municipality()
    client = _english(Client())
    page = client.get(reverse("monitoring:public"), {"county": vilnius.county_id}).content.decode()
    places = page.split('id="h-places"')[1].split("</table>")[0]
    assert "Vilniaus miesto savivaldybė" in places and "Kauno miesto savivaldybė" not in places
    assert "Vilniaus apskritis" in places  # its own row, under the municipalities
    data = client.get(reverse("monitoring:open_data"), {"county": vilnius.county_id})
    text = data.content.decode("utf-8-sig")
    assert "Vilniaus miesto savivaldybė" in text and "Kauno miesto savivaldybė" not in text
    unknown = client.get(reverse("monitoring:public"), {"county": "999999"})
    assert unknown.status_code == 200


def test_people_served_by_form_overlap_and_show_no_total(world: World, officer: User) -> None:
    from globa.support.models import Delivery, DeliveryForm, Service

    # One household served twice, in two forms: one person served, once in each form.
    day = clock.today() - dt.timedelta(days=1)
    with system_scope():
        for form in (DeliveryForm.choices[0][0], DeliveryForm.choices[1][0]):
            Delivery.objects.create(
                provider=world.centre_a,
                service=Service.objects.get(code="coordinator_assistance"),
                delivered_on=day,
                minutes=60,
                form=form,
                given_by=world.alice,
                recorded_by=world.alice,
                household=world.household,
            )
    client = _english(world.client_for(officer))
    page = client.get(
        reverse("monitoring:dashboard", args=["municipality", municipality().pk]),
        {"period": "year", "year": day.year},
    ).content.decode()

    def by_form(code: str) -> tuple[str, str]:
        """The head of the indicator's table by form, and what follows the table."""
        section = page.split(f'id="h-{code}"')[1].split('id="h-', 1)[0]
        table = section.split("By form of the service")[1]
        return table.split("</thead>")[0], table.split("</table>")[1][:400]

    services_head, services_after = by_form("services")
    people_head, people_after = by_form("people_served")
    # Two services, one in each form, and their total; one person, in each form, no total.
    assert "Total" in services_head and "more than one column" not in services_after
    assert "Total" not in people_head
    assert "One may be counted in more than one column" in people_after

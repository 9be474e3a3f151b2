"""The municipality's service contracts: only its officers keep them, the rules a contract
keeps, and the NGO share by funding counted from them, recomputed plainly, with contracts on
the edges of a period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role, User
from globa.audit.models import AuditChange
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring import compute
from globa.monitoring.compute import COUNTRY, MUNICIPALITY, Area
from globa.monitoring.indicators import BY_CODE
from globa.monitoring.models import ServiceContract
from globa.monitoring.periods import Period
from globa.monitoring.tests import plain
from globa.organisations.models import Organisation
from globa.support.models import Service
from globa.testing import CentreFactory, World, member, municipality

pytestmark = pytest.mark.django_db

CONTRACT_INDICATORS = ("contract_funding", "ngo_funding_share", "ngo_funding")


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def officer(world: World) -> User:
    return member(
        Role.MUNICIPALITY_OFFICER, municipality(), first_name="Vaida", last_name="Savivaldybė"
    )


@pytest.fixture
def public_provider(world: World) -> Organisation:
    return CentreFactory(name="Vilniaus socialinių paslaugų centras", sector="public")


def _services(provider: Organisation) -> list[Service]:
    with system_scope():
        return list(Service.objects.filter(provisions__organisation=provider).order_by("pk")[:2])


def _contract(
    provider: Organisation,
    starts_on: dt.date,
    ends_on: dt.date,
    amount: str,
    *,
    number: str,
    services: list[Service] | None = None,
    ended_on: dt.date | None = None,
    muni: Organisation | None = None,
) -> ServiceContract:
    by = User.objects.filter(is_superuser=False).order_by("pk").first()
    assert by is not None
    with system_scope():
        contract = ServiceContract.objects.create(
            municipality=muni or municipality(),
            provider=provider,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            ended_on=ended_on,
            amount=Decimal(amount),
            recorded_by=by,
            recorded_at=clock.now(),
        )
        contract.services.set(services or _services(provider))
    return contract


def _form(provider: Organisation, **changes: object) -> dict[str, object]:
    start = clock.today().replace(day=1)
    data: dict[str, object] = {
        "provider": provider.pk,
        "number": "SUT-2025/1",
        "services": [s.pk for s in _services(provider)],
        "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=364)).isoformat(),
        "amount": "12000.00",
        "notes": "",
    }
    data.update(changes)
    return data


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# Access ---------------------------------------------------------------------------------------


def test_the_officer_adds_edits_and_ends_a_contract(world: World, officer: User) -> None:
    client = _english(world.client_for(officer))
    vilnius = municipality()
    dashboard = client.get(reverse("monitoring:dashboard", args=["municipality", vilnius.pk]))
    listing = reverse("monitoring:contracts", args=[vilnius.pk])
    assert listing in dashboard.content.decode()
    assert "Funding by service contracts" in dashboard.content.decode()
    new = client.get(reverse("monitoring:contract_create", args=[vilnius.pk]))
    assert new.status_code == 200
    key = new.context["form"]["submission"].value()
    data = _form(world.centre_a, submission=str(key))
    url = reverse("monitoring:contract_create", args=[vilnius.pk])
    assert client.post(url, data).status_code == 302
    # A second send of the same form saves nothing more.
    assert client.post(url, data).status_code == 302
    with system_scope():
        contract = ServiceContract.objects.get()
    assert contract.recorded_by == officer and contract.amount == Decimal("12000.00")
    page = client.get(listing).content.decode()
    assert "SUT-2025/1" in page and world.centre_a.name in page
    edit = reverse("monitoring:contract_edit", args=[vilnius.pk, contract.pk])
    changed = _form(world.centre_a, amount="15000.50", version=contract.version)
    assert client.post(edit, changed).status_code == 302
    contract.refresh_from_db()
    assert contract.amount == Decimal("15000.50") and contract.version == 2
    # An edit from a stale page is refused.
    stale = client.post(edit, _form(world.centre_a, amount="1", version=1))
    assert "Someone else saved this record" in stale.content.decode()
    end = reverse("monitoring:contract_end", args=[vilnius.pk, contract.pk])
    day = contract.starts_on + dt.timedelta(days=30)
    assert client.post(end, {"ended_on": day.isoformat(), "version": 2}).status_code == 302
    contract.refresh_from_db()
    assert contract.ended_on == day
    with system_scope():
        changes = AuditChange.objects.filter(
            table_name="monitoring_servicecontract", row_id=contract.pk
        )
        assert changes.count() == 3
        assert set(changes.values_list("organisation_id", flat=True)) == {vilnius.pk}


def test_only_the_municipalitys_officers_keep_its_contracts(world: World, officer: User) -> None:
    vilnius = municipality()
    contract = _contract(
        world.centre_a, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "100", number="A-1"
    )
    urls = [
        reverse("monitoring:contracts", args=[vilnius.pk]),
        reverse("monitoring:contract_create", args=[vilnius.pk]),
        reverse("monitoring:contract_edit", args=[vilnius.pk, contract.pk]),
        reverse("monitoring:contract_end", args=[vilnius.pk, contract.pk]),
    ]
    kaunas_officer = member(Role.MUNICIPALITY_OFFICER, municipality("Kauno miesto savivaldybė"))
    for user, status in ((kaunas_officer, 404), (world.alice, 403), (world.nora, 403)):
        client = world.client_for(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
        assert client.post(urls[1], _form(world.centre_a)).status_code == status
    # Another municipality's contract is not found under this one.
    kaunas = municipality("Kauno miesto savivaldybė")
    other = _contract(
        world.centre_b, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "1", number="K", muni=kaunas
    )
    client = world.client_for(officer)
    edit_other = reverse("monitoring:contract_edit", args=[vilnius.pk, other.pk])
    assert client.get(edit_other).status_code == 404
    assert client.get(urls[0]).status_code == 200


# Rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2020-01-01"}, "The contract cannot end before it starts."),
        ({"amount": "-1"}, "The funding cannot be negative."),
        ({"number": "A-1"}, "The municipality already has a contract with this number."),
    ],
)
def test_a_wrong_contract_is_refused_with_a_message(
    world: World, officer: User, changes: dict[str, str], message: str
) -> None:
    _contract(world.centre_a, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "1", number="A-1")
    client = _english(world.client_for(officer))
    url = reverse("monitoring:contract_create", args=[municipality().pk])
    response = client.post(url, _form(world.centre_a, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    with system_scope():
        assert ServiceContract.objects.count() == 1


def test_the_provider_must_offer_the_service_types(world: World, officer: User) -> None:
    with system_scope():
        offered = {s.pk for s in Service.objects.filter(provisions__organisation=world.centre_a)}
        other = Service.objects.exclude(pk__in=offered).first()
    assert other is not None
    client = world.client_for(officer)
    url = reverse("monitoring:contract_create", args=[municipality().pk])
    response = client.post(url, _form(world.centre_a, services=[other.pk]))
    assert response.status_code == 200
    assert "neteikia" in response.content.decode()  # Lithuanian, the default language
    with system_scope():
        assert not ServiceContract.objects.exists()


def test_a_contract_is_ended_only_within_its_period(world: World, officer: User) -> None:
    contract = _contract(
        world.centre_a, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "1", number="A-1"
    )
    client = _english(world.client_for(officer))
    url = reverse("monitoring:contract_end", args=[municipality().pk, contract.pk])
    response = client.post(url, {"ended_on": "2026-01-01", "version": 1})
    assert "Choose a day from 2025-01-01 to 2025-12-31." in response.content.decode()
    contract.refresh_from_db()
    assert contract.ended_on is None


# The indicators ---------------------------------------------------------------------------------


def _figures(period: Period, area: Area) -> dict[str, tuple[int, int | None]]:
    found = compute.facts("contracts", period, area)
    result = {}
    for code in CONTRACT_INDICATORS:
        value = compute.value(BY_CODE[code], found)
        result[code] = (value.numerator, value.denominator)
    return result


def test_funding_agrees_with_a_plain_computation(
    world: World, public_provider: Organisation
) -> None:
    today = clock.today()
    year = today.year
    kaunas = municipality("Kauno miesto savivaldybė")
    services = _services(world.centre_a)
    _contract(
        world.centre_a, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), "36500", number="1"
    )
    _contract(
        world.centre_a,
        dt.date(year - 1, 7, 15),
        dt.date(year + 1, 3, 3),
        "123456.78",
        number="2",
        services=services[:1],
    )
    _contract(
        public_provider, dt.date(year - 2, 5, 5), dt.date(year, 6, 30), "99999.99", number="3"
    )
    _contract(
        public_provider,
        dt.date(year - 1, 2, 1),
        dt.date(year - 1, 11, 30),
        "5000",
        number="4",
        ended_on=dt.date(year - 1, 8, 17),
    )
    _contract(
        world.centre_b,
        dt.date(year - 1, 3, 1),
        dt.date(year, 2, 28),
        "777.77",
        number="1",
        muni=kaunas,
    )
    periods = [
        Period.year(year - 1),
        Period.quarter(year - 1, 3),
        Period.month(year - 1, 8),
        Period("custom", today - dt.timedelta(days=400), today),
    ]
    areas = [Area(COUNTRY), Area(MUNICIPALITY, municipality().pk), Area(MUNICIPALITY, kaunas.pk)]
    with system_scope():
        for period in periods:
            rows = plain.contracts(period)
            for area in areas:
                found = compute.facts("contracts", period, area)
                for code in CONTRACT_INDICATORS:
                    got = compute.value(BY_CODE[code], found)
                    expected = plain.figure(BY_CODE[code], rows, area)
                    assert (got.numerator, got.denominator) == expected, (code, period, area)
    whole_year = _figures(Period.year(year - 1), Area(MUNICIPALITY, municipality().pk))
    assert whole_year["contract_funding"][0] > 0
    assert 0 < whole_year["ngo_funding_share"][0] < whole_year["ngo_funding_share"][1]


def test_contracts_on_the_edges_of_a_period(world: World, public_provider: Organisation) -> None:
    period = Period.month(2025, 3)
    area = Area(MUNICIPALITY, municipality().pk)
    one = _services(world.centre_a)[:1]
    # Ends on the period's first day: one day of its 10 counts (10 EUR a day).
    _contract(
        world.centre_a, dt.date(2025, 2, 20), dt.date(2025, 3, 1), "100", number="a", services=one
    )
    # Starts on the last day: one day of its 10.
    _contract(
        world.centre_a, dt.date(2025, 3, 31), dt.date(2025, 4, 9), "1000", number="b", services=one
    )
    # Ended early on the day before the period: nothing counts.
    _contract(
        public_provider,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        "365000",
        number="c",
        services=_services(public_provider)[:1],
        ended_on=dt.date(2025, 2, 28),
    )
    # A whole public month: 31 of 31 days.
    _contract(
        public_provider,
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
        "890",
        number="d",
        services=_services(public_provider)[:1],
    )
    figures = _figures(period, area)
    assert figures["contract_funding"] == (10 + 100 + 890, None)
    assert figures["ngo_funding_share"] == (110, 1000)
    assert figures["ngo_funding"] == (110, None)
    value = compute.value(BY_CODE["ngo_funding_share"], compute.facts("contracts", period, area))
    assert value.value == Decimal("11.0")
    # The days before and after do not see the edge contracts' other days in this period.
    assert _figures(Period.month(2025, 2), area)["ngo_funding"] == (90, None)
    assert _figures(Period.month(2025, 4), area)["ngo_funding"] == (900, None)


def test_the_list_shows_the_share_by_funding_per_service_type(
    world: World, officer: User, public_provider: Organisation
) -> None:
    year = clock.today().year
    one = _services(world.centre_a)[:1]
    _contract(
        world.centre_a, dt.date(year, 1, 1), dt.date(year, 12, 31), "3000", number="n", services=one
    )
    _contract(
        public_provider,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        "1000",
        number="p",
        services=one,
    )
    client = _english(world.client_for(officer))
    page = client.get(reverse("monitoring:contracts", args=[municipality().pk])).content.decode()
    assert f"Funding by service type in {year}" in page
    assert '<td class="num">4,000</td>' in page and '<td class="num">75.0 %</td>' in page

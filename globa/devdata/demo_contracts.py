"""The demo municipality's service contracts with providers: its care centres (NGOs), a
public social services centre and a private provider, for last year and this one, so that
the municipality's dashboard shows the NGO and private providers' share by funding; and the
consultations the public and the private provider gave, so that the share by volume differs
from one service type to another."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from globa.accounts.models import Membership, Role, User
from globa.devdata import names
from globa.devdata.orgs import organisation
from globa.monitoring.models import ServiceContract
from globa.organisations.models import Organisation
from globa.support.models import Delivery, DeliveryForm, Service, ServiceProvision
from globa.support.services import provide_services

PUBLIC_PROVIDER = "Vilniaus miesto socialinių paslaugų centras"
PRIVATE_PROVIDER = "UAB „Šeimos gerovės paslaugos“"


def add_service_contracts(*, officer: User, today: dt.date, seed: int) -> int:
    """Contracts of Vilnius with its providers, recorded by its officer. Returns how many."""
    rng = random.Random(seed)
    vilnius = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, name=names.VILNIUS)
    providers = [
        organisation(rng, PUBLIC_PROVIDER, Organisation.Kind.PROVIDER, vilnius, "public"),
        organisation(rng, PRIVATE_PROVIDER, Organisation.Kind.PROVIDER, vilnius, "private"),
    ]
    public, private = Organisation.objects.bulk_create(providers)
    provide_services([public, private])
    centres = list(
        Organisation.objects.filter(
            municipality=vilnius, kind=Organisation.Kind.CARE_CENTRE
        ).order_by("pk")
    )
    contracts = 0
    for year in (today.year - 1, today.year):
        for index, provider in enumerate([public, private, *centres]):
            offered = list(
                Service.objects.filter(
                    provisions__in=ServiceProvision.objects.filter(organisation=provider)
                ).order_by("position", "code")
            )
            if not offered:
                continue
            chosen = rng.sample(offered, k=min(len(offered), rng.randint(1, 3)))
            base = 180_000 if provider == public else rng.randint(25_000, 90_000)
            contract = ServiceContract.objects.create(
                municipality=vilnius,
                provider=provider,
                number=f"SP-{year}/{index + 1:03d}",
                starts_on=dt.date(year, 1, 1),
                ends_on=dt.date(year, 12, 31),
                amount=Decimal(base) + Decimal(rng.randint(0, 99)) / 100,
                notes="Viešasis pirkimas, socialinių paslaugų teikimo sutartis.",
                recorded_by=officer,
                recorded_at=dt.datetime.combine(
                    dt.date(year, 1, 1) - dt.timedelta(days=10), dt.time(10), dt.UTC
                ),
            )
            contract.services.set(chosen)
            contracts += 1
    add_consultations(public, private, today=today, rng=rng)
    return contracts


# (provider's sector, service, consultations last year, this year so far)
CONSULTATIONS = (
    ("public", "psychological_consultation", 9, 14),
    ("public", "social_consultation", 16, 22),
    ("private", "psychological_consultation", 4, 6),
)


def add_consultations(
    public: Organisation, private: Organisation, *, today: dt.date, rng: random.Random
) -> None:
    """Consultations of the public and the private provider to people by name, given by a
    psychologist of each."""
    staff = {}
    for provider, first, last in ((public, "Aušra", "Viešoji"), (private, "Linas", "Privatus")):
        user = User.objects.create_user(
            username=f"psichologas.{provider.pk}", first_name=first, last_name=last
        )
        Membership.objects.create(user=user, organisation=provider, role=Role.SPECIALIST)
        staff[provider.sector] = (provider, user)
    services = {s.code: s for s in Service.objects.filter(code__in=[c[1] for c in CONSULTATIONS])}
    rows = []
    for sector, code, last_year, this_year in CONSULTATIONS:
        provider, user = staff[sector]
        start_of_year = dt.date(today.year, 1, 1)
        days = [
            *(start_of_year - dt.timedelta(days=rng.randint(1, 364)) for _ in range(last_year)),
            *(
                start_of_year + dt.timedelta(days=rng.randint(0, (today - start_of_year).days))
                for _ in range(this_year)
            ),
        ]
        for n, day in enumerate(days):
            rows.append(
                Delivery(
                    provider=provider,
                    service=services[code],
                    delivered_on=day,
                    minutes=60,
                    form=DeliveryForm.OFFICE,
                    given_by=user,
                    recorded_by=user,
                    person_name=f"Klientas {sector[:3].upper()}-{n % 9 + 1}",
                )
            )
    Delivery.objects.bulk_create(rows)

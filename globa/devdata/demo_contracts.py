"""The demo municipality's service contracts with providers: its care centres (NGOs), a
public social services centre and a private provider, for last year and this one, so that
the municipality's dashboard shows the NGO and private providers' share by funding."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from globa.accounts.models import User
from globa.devdata import names
from globa.devdata.orgs import organisation
from globa.monitoring.models import ServiceContract
from globa.organisations.models import Organisation
from globa.support.models import Service, ServiceProvision
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
    return contracts

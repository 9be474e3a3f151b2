"""Organisations and staff for demo and synthetic data: care centres, homes and people."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password

from globa.accounts.models import Membership, Position, Role, User, default_position
from globa.devdata import names
from globa.lib import clock
from globa.organisations.models import Organisation

NATIONAL_AUTHORITY = "Valstybės vaiko teisių apsaugos ir įvaikinimo tarnyba"
# The one password of every demo and synthetic account.
DEMO_PASSWORD = "globa-demo-2026"  # noqa: S105 (published in the README on purpose)

# Vilnius city's five care centres; all are run by NGOs there (the city's 2020 report:
# "globos centrų - 100 proc. NVO sektoriaus partnerių"). The names are made up.
VILNIUS_CENTRES = (
    "Vilniaus miesto globos centras „Šeimos židinys“",
    "Vilniaus globos centras „Pastogė“",
    "Globos centras „Vaikystės sodas“",
    "Vilniaus globos centras „Drauge“",
    "Globos centras „Užuovėja“",
)
CENTRE_NAMES = (
    "Šeimos židinys",
    "Pastogė",
    "Vaikystės sodas",
    "Drauge",
    "Užuovėja",
    "Saulėgrąža",
    "Tiltas",
    "Gija",
    "Viltis",
    "Paguoda",
    "Aušra",
    "Ąžuolas",
    "Švyturys",
    "Vaivorykštė",
    "Atžalynas",
    "Vilties žiburys",
    "Šeimų namai",
    "Pilnatis",
    "Delnai",
    "Sparnai",
)
HOME_NAMES = (
    "Svirnelis",
    "Saulėtas kiemas",
    "Pušynėlis",
    "Ąžuolėlis",
    "Obelėlė",
    "Kregždutė",
    "Lakštingala",
    "Bitutė",
    "Žiburėlis",
    "Vyturys",
    "Ramunėlė",
    "Gandriukas",
    "Liepaitė",
    "Upelis",
    "Varpelis",
    "Dobilas",
)


def municipalities() -> dict[str, Organisation]:
    """The 60 municipalities loaded by the migrations, by name."""
    return {m.name: m for m in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)}


def national_authority() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=NATIONAL_AUTHORITY,
        kind=Organisation.Kind.NATIONAL_AUTHORITY,
        defaults={"sector": Organisation.Sector.PUBLIC, "address": "Vilnius"},
    )
    return organisation


WORKING_HOURS = "I-IV 8.00-17.00, V 8.00-15.45"


def organisation(
    rng: random.Random, name: str, kind: str, municipality: Organisation, sector: str
) -> Organisation:
    """An unsaved organisation in the municipality, with an address and a phone number."""
    return Organisation(
        name=name,
        kind=kind,
        sector=sector,
        municipality=municipality,
        county_id=municipality.county_id,
        address=names.address(rng, municipality.name),
        phone=names.phone(rng),
        working_hours=WORKING_HOURS if kind == Organisation.Kind.CARE_CENTRE else "",
    )


def centre_names(municipality: str, count: int) -> list[str]:
    """Names for a municipality's care centres: one plain, several told apart by a name."""
    if municipality == names.VILNIUS and count <= len(VILNIUS_CENTRES):
        return list(VILNIUS_CENTRES[:count])
    stem = names.municipality_stem(municipality)
    if count == 1:
        return [f"{stem} globos centras"]
    result = []
    for index in range(count):
        if index < len(CENTRE_NAMES):
            result.append(f"{stem} globos centras „{CENTRE_NAMES[index]}“")
        else:
            result.append(f"{stem} globos centras Nr. {index + 1}")
    return result


class People:
    """Makes staff accounts with realistic, unique usernames and the demo password."""

    def __init__(self, rng: random.Random, taken: Iterable[str] = ()) -> None:
        self.rng = rng
        self.taken = set(taken)
        # Hashing is deliberately slow; one hash serves every synthetic account.
        self.password = make_password(DEMO_PASSWORD)

    def user(
        self,
        first_name: str | None = None,
        last_name: str | None = None,
        *,
        username: str | None = None,
        sex: str | None = None,
    ) -> User:
        """An unsaved staff account; names are drawn when not given."""
        rng = self.rng
        if first_name is None or last_name is None:
            # Most of the people in child welfare are women.
            sex = sex or (names.FEMALE if rng.random() < 0.82 else names.MALE)
            first_name = names.first_name(rng, sex, adult=True)
            last_name = names.surname(rng.choice(names.SURNAMES), sex, married=rng.random() < 0.75)
        if username is None:
            base = f"{names.fold(first_name)}.{names.fold(last_name)}".replace(" ", "")
            username = base
            number = 1
            while username in self.taken:
                number += 1
                username = f"{base}{number}"
        self.taken.add(username)
        return User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@darbas.example",
            password=self.password,
        )


def _position(role: str, number: int) -> str:
    """The usual position of the role; the specialists are psychologists and social workers
    in turn."""
    if role == Role.SPECIALIST:
        return Position.PSYCHOLOGIST if number % 2 else Position.SOCIAL_WORKER
    return default_position(role)


def _started(number: int, today: dt.date) -> dt.date:
    """The day a generated staff member began: spread over the twelve years before today, so
    that the staffing of earlier periods is smaller, as a service grows."""
    return today - dt.timedelta(days=(number * 367 + 30) % (12 * 365))


def save_staff(pairs: list[tuple[User, Organisation, str]]) -> None:
    """Save accounts and their memberships (user, organisation, role) in bulk."""
    users = list({id(user): user for user, _, _ in pairs}.values())
    User.objects.bulk_create(users, batch_size=2000)
    today = clock.today()
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation=org,
                role=role,
                position=_position(role, number),
                started_on=_started(number, today),
            )
            for number, (user, org, role) in enumerate(pairs)
        ],
        batch_size=2000,
    )

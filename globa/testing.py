"""Factories and named users for tests. Data is written in a system scope, as a command would;
requests run with the application role, as in a web process."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import factory
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client

from globa.accounts.models import Membership, Role, User, default_position
from globa.accounts.selectors import scope_for
from globa.lib import clock, personal_code
from globa.lib.dbscope import db_scope, system_scope
from globa.organisations.models import Organisation
from globa.registry.models import (
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    HouseholdKind,
    Placement,
    Sex,
)
from globa.support.services import provide_services

_serial = itertools.count(100)


@contextmanager
def as_system() -> Iterator[None]:
    """Read or write test data outside any user's scope."""
    with system_scope():
        yield


@contextmanager
def as_user(user: User) -> Iterator[None]:
    """Act in the user's scope, as a request by them would."""
    scope = scope_for(user)
    with db_scope(
        org_ids=scope.registry_org_ids,
        case_org_ids=scope.case_org_ids,
        user_id=user.pk,
        acting_org_id=scope.primary_org_id,
    ):
        yield


class ApplicationRoleMiddleware:
    """Runs each request of the test client with the application role, as a web process
    connects, though the test session connects with the system role: a page that needs more
    than the web's privileges (acting for the whole installation) fails in the tests too.
    Added first to the middleware by the test set-up (conftest.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        role = connection.ops.quote_name(settings.DATABASES["app"]["USER"])
        self._execute(f"SET ROLE {role}")
        try:
            return self.get_response(request)
        finally:
            self._execute("RESET ROLE")

    @staticmethod
    def _execute(statement: str) -> None:
        # On the driver's connection, below Django's cursors: the tests that count a page's
        # queries count the page's own.
        connection.ensure_connection()
        assert connection.connection is not None
        connection.connection.execute(statement)


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        with system_scope():
            return super()._create(model_class, *args, **kwargs)


def from_today(values: dict[str, Any], *, iso: bool = False) -> dict[str, Any]:
    """Parametrised cases give dates as days from today (a ``timedelta``): they are read
    from the clock when the test runs, not when its module is imported."""

    def day(value: Any) -> Any:
        if not isinstance(value, dt.timedelta):
            return value
        moved = clock.today() + value
        return moved.isoformat() if iso else moved

    return {key: day(value) for key, value in values.items()}


def municipality(name: str = "Vilniaus miesto savivaldybė") -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, name=name)


class CentreFactory(SystemFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Globos centras Nr. {n}")
    kind = Organisation.Kind.CARE_CENTRE
    sector = Organisation.Sector.NGO
    municipality = factory.LazyFunction(municipality)

    @factory.post_generation
    def services(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """A care centre provides the usual services unless told otherwise."""
        if create and self.kind == Organisation.Kind.CARE_CENTRE and extracted is not False:
            provide_services([self])


class UserFactory(SystemFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Rūta"
    last_name = factory.Sequence(lambda n: f"Darbuotoja{n}")


def member(role: str, organisation: Organisation, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(
        user=user, organisation=organisation, role=role, position=default_position(role)
    )
    return user


class ChildFactory(SystemFactory):
    class Meta:
        model = Child

    first_name = "Ieva"
    last_name = factory.Iterator(["Vaitkutė", "Kazlauskaitė", "Stankevičiūtė", "Žukauskaitė"])
    sex = Sex.FEMALE
    birth_date = dt.date(2015, 3, 14)
    personal_code = factory.LazyAttribute(
        lambda o: personal_code.make(o.birth_date, o.sex, next(_serial))
    )
    legal_status = Child.LegalStatus.TEMPORARY_CARE
    municipality = factory.LazyFunction(municipality)


class HouseholdFactory(SystemFactory):
    class Meta:
        model = CarerHousehold

    name = factory.Sequence(lambda n: f"Kazlauskų šeima {n}")
    kind = HouseholdKind.ON_CALL
    address = "Gedimino pr. 1, Vilnius"
    municipality = factory.LazyFunction(municipality)


def household_with(coordinator: User, centre: Organisation, **kwargs: Any) -> CarerHousehold:
    household = HouseholdFactory(centre=centre, **kwargs)
    with system_scope():
        CoordinatorAssignment.objects.create(
            household=household,
            centre=centre,
            coordinator=coordinator,
            started_on=dt.date(2024, 1, 1),
        )
    return household


def place(child: Child, household: CarerHousehold, started_on: dt.date, **kwargs: Any) -> Placement:
    with system_scope():
        return Placement.objects.create(
            child=child,
            centre_id=child.centre_id,
            household=household,
            started_on=started_on,
            kind=kwargs.pop("kind", Placement.Kind.TEMPORARY),
            **kwargs,
        )


class World:
    """Two centres and their people, as in every test: alice coordinates in centre A, bob
    manages it, carol is a specialist there (read-only), charlie coordinates in centre B and
    must see nothing of A, and nora monitors nationally (no personal data)."""

    def __init__(self) -> None:
        self.centre_a = CentreFactory(name="Vilniaus globos centras „Šeimos židinys“")
        self.centre_b = CentreFactory(
            name="Kauno globos centras", municipality=municipality("Kauno miesto savivaldybė")
        )
        self.alice = member(
            Role.COORDINATOR, self.centre_a, first_name="Alė", last_name="Kazlauskienė"
        )
        self.bob = member(
            Role.CENTRE_MANAGER, self.centre_a, first_name="Bronius", last_name="Petraitis"
        )
        self.carol = member(
            Role.SPECIALIST, self.centre_a, first_name="Karolina", last_name="Žukauskaitė"
        )
        self.charlie = member(
            Role.COORDINATOR, self.centre_b, first_name="Česlovas", last_name="Jankauskas"
        )
        national = CentreFactory(
            name="Valstybės vaiko teisių apsaugos ir įvaikinimo tarnyba",
            kind=Organisation.Kind.NATIONAL_AUTHORITY,
            sector=Organisation.Sector.PUBLIC,
        )
        self.nora = member(
            Role.NATIONAL_MONITOR, national, first_name="Nora", last_name="Stebėtoja"
        )
        self.household = household_with(self.alice, self.centre_a, name="Petrauskų šeima")
        self.child = ChildFactory(centre=self.centre_a, first_name="Ieva", last_name="Jonaitė")

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

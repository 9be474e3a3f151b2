"""The capacity rule is defined once (``globa_capacity``): the placement check refuses a child
exactly when on-call availability shows no free place, on generated data, around changes
of the rule's versions too."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.oncall import availability
from globa.oncall.availability import Status
from globa.oncall.models import Contract
from globa.registry.models import CapacityRule, CarerHousehold, Child, HouseholdKind
from globa.registry.selectors import capacity_rule_for
from globa.registry.services import check_capacity

pytestmark = pytest.mark.django_db


def versions(today: dt.date) -> tuple[dt.date, dt.date]:
    """The on-call rule changes twice: from ``tighter`` to ``gap`` carers take two children
    at most (four with their own); on ``gap`` no version is in force, from the day after it
    the shipped numbers apply again."""
    tighter, gap = today - dt.timedelta(days=40), today - dt.timedelta(days=20)
    shipped = CapacityRule.objects.get(household_kind=HouseholdKind.ON_CALL)
    CapacityRule.objects.filter(pk=shipped.pk).update(valid_to=tighter)
    CapacityRule.objects.create(
        household_kind=HouseholdKind.ON_CALL,
        name="Budintis globotojas: iki 2 vaikų, iki 4 su savais",
        valid_from=tighter,
        valid_to=gap,
        max_placed=2,
        max_total=4,
    )
    CapacityRule.objects.create(
        household_kind=HouseholdKind.ON_CALL,
        name="Budintis globotojas: iki 3 vaikų, iki 5 su savais",
        valid_from=gap + dt.timedelta(days=1),
        max_placed=3,
        max_total=5,
    )
    return tighter, gap


def allowed(household: CarerHousehold, day: dt.date) -> bool:
    """Whether the placement check lets one more child (no brother or sister there) in."""
    try:
        check_capacity(household, Child(sibling_group_id=None), day)
    except ValidationError:
        return False
    return True


def test_the_placement_check_and_availability_agree_on_generated_data() -> None:
    today = clock.today()
    call_command(
        "generate", tier="municipality", scale=0.2, today=today, no_analyze=True, stdout=StringIO()
    )
    with system_scope():
        tighter, gap = versions(today)
        # Contracts take up to six: what binds below is the rule, not the contract.
        Contract.objects.update(places=6)
        households = {h.pk: h for h in CarerHousehold.objects.filter(kind=HouseholdKind.ON_CALL)}
        outcomes = []
        for day in (
            tighter - dt.timedelta(days=1),
            tighter,
            gap,
            gap + dt.timedelta(days=1),
            today,
        ):
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM globa_capacity('on_call', %s)", [day])
                in_force = [row[0] for row in cursor.fetchall()]
            rule = capacity_rule_for(HouseholdKind.ON_CALL, day)
            assert in_force == ([rule.pk] if rule else [])
            for carer in availability.on_call_carers(day):
                if carer.status in (Status.NO_CONTRACT, Status.RESPITE):
                    continue  # no place whatever the rule says
                check = allowed(households[carer.household_id], day)
                assert check == (carer.free > 0), (day, carer)
                assert carer.places == (rule.max_placed if rule and rule.max_placed else 6)
                outcomes.append(check)
    # Both answers occurred: the comparison had carers with room and carers without.
    assert True in outcomes and False in outcomes

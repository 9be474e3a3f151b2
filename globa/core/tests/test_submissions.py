"""A creating form sent twice creates one record: the second send goes where the first went."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from typing import Any

import pytest
from django.urls import reverse

from globa.cases.models import FamilyCase
from globa.cases.tests.conftest import cases_world
from globa.lib import clock
from globa.registry.models import HouseholdAdult
from globa.registry.tests.conftest import english, world
from globa.reminders.models import Reminder
from globa.support.models import Delivery, Service
from globa.testing import World, as_system, municipality

__all__ = ["cases_world", "english", "world"]


def twice(client: Any, url: str, data: dict[str, Any]) -> tuple[Any, Any]:
    key = str(uuid.uuid4())
    return client.post(url, {**data, "submission": key}), client.post(
        url, {**data, "submission": key}
    )


def count(model: Any, **filters: Any) -> int:
    with as_system():
        return int(model.objects.filter(**filters).count())


def test_an_adult_sent_twice_is_added_once(world: World) -> None:
    url = reverse("registry:household_adult_create", kwargs={"household_id": world.household.pk})
    data = {"first_name": "Jonas", "last_name": "Dvigubas", "birth_date": "1980-02-03"}
    first, second = twice(world.client_for(world.alice), url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert count(HouseholdAdult, last_name="Dvigubas") == 1


def test_a_contact_sent_twice_is_recorded_once(world: World) -> None:
    url = reverse("support:household_contact", kwargs={"household_id": world.household.pk})
    with as_system():
        service = Service.objects.get(code="coordinator_assistance")
    data = {
        "service": service.pk,
        "delivered_on": clock.today().isoformat(),
        "minutes": 45,
        "mode": "home_visit",
        "recipients": ["household"],
        "notes": "",
        "person_name": "",
        "safety": "none",
    }
    first, second = twice(world.client_for(world.alice), url, data)
    assert first.status_code == second.status_code == 302
    assert count(Delivery, household=world.household) == 1


def test_a_case_sent_twice_is_opened_once(cases_world: World) -> None:
    w: Any = cases_world
    data = {
        "organisation": w.centre_a.pk,
        "family_name": "Dvigubų šeima",
        "municipality": municipality().pk,
        "referral_source": "school",
        "referred_on": clock.today().isoformat(),
        "referral_reason": "Priežastis.",
        "case_manager": w.vaida.pk,
    }
    first, second = twice(w.client_for(w.vaida), reverse("cases:create"), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] != reverse("cases:list")
    assert count(FamilyCase, family_name="Dvigubų šeima") == 1


def test_a_task_sent_twice_is_added_once(world: World) -> None:
    data = {"title": "Paskambinti", "due_on": (clock.today() + dt.timedelta(days=1)).isoformat()}
    twice(world.client_for(world.alice), reverse("reminders:task_add"), data)
    assert count(Reminder, title="Paskambinti") == 1


def test_a_refused_send_claims_nothing_so_the_corrected_form_saves(world: World) -> None:
    client = world.client_for(world.alice)
    url = reverse("registry:household_adult_create", kwargs={"household_id": world.household.pk})
    key = str(uuid.uuid4())
    refused = client.post(
        url,
        {
            "first_name": "Jonas",
            "last_name": "Taisytas",
            "birth_date": "2999-01-01",
            "submission": key,
        },
    )
    assert refused.status_code == 200
    corrected = client.post(
        url,
        {
            "first_name": "Jonas",
            "last_name": "Taisytas",
            "birth_date": "1980-01-01",
            "submission": key,
        },
    )
    assert corrected.status_code == 302
    assert count(HouseholdAdult, last_name="Taisytas") == 1


@pytest.mark.parametrize("name", ["registry:household_adult_create"])
def test_the_form_carries_its_key(world: World, name: str) -> None:
    page = world.client_for(world.alice).get(
        reverse(name, kwargs={"household_id": world.household.pk})
    )
    assert 'name="submission"' in page.content.decode()


# Two sends at the same moment need two connections and committed rows: this test writes
# through its own threads' connections and removes what it wrote.


@pytest.mark.django_db(databases=["default", "owner"])
def test_two_sends_at_the_same_moment_create_one_record(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connections, transaction
    from django.test import Client

    from globa.accounts.models import Role
    from globa.registry import services
    from globa.registry.tests.test_occupancy import in_thread, waiting_for_a_lock
    from globa.testing import CentreFactory, household_with, member

    def set_up() -> tuple[Any, Any]:
        centre = CentreFactory(services=False)
        coordinator = member(Role.COORDINATOR, centre, first_name="Dviguba", last_name="Siunta")
        return coordinator, household_with(coordinator, centre, name="Lygiagreti šeima")

    coordinator, household = in_thread(set_up)
    url = reverse("registry:household_adult_create", kwargs={"household_id": household.pk})
    data = {"first_name": "Jonas", "last_name": "Lygiagretus", "birth_date": "1980-02-03"}
    data["submission"] = str(uuid.uuid4())
    first_saving, release = threading.Event(), threading.Event()
    original = services.household_adult_add

    def slow_add(**kwargs: Any) -> Any:
        adult = original(**kwargs)
        if not first_saving.is_set():
            first_saving.set()
            release.wait(timeout=30)
        return adult

    monkeypatch.setattr(services, "household_adult_add", slow_add)
    responses: list[Any] = []

    def send() -> None:
        client = Client()
        client.force_login(coordinator)
        responses.append(client.post(url, data))

    threads = [threading.Thread(target=in_thread, args=(send,)) for _ in range(2)]
    try:
        threads[0].start()
        assert first_saving.wait(timeout=30)
        threads[1].start()
        deadline = time.monotonic() + 20
        while not waiting_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_for_a_lock()  # the second send waits on the first's key
        release.set()
        for thread in threads:
            thread.join(timeout=30)
        assert [r.status_code for r in responses] == [302, 302]
        assert responses[0]["Location"] == responses[1]["Location"]
        assert in_thread(lambda: count(HouseholdAdult, last_name="Lygiagretus")) == 1
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=30)

        def remove() -> None:
            with transaction.atomic(using="owner"), connections["owner"].cursor() as cursor:
                ids = {
                    "household": household.pk,
                    "centre": household.centre_id,
                    "user": coordinator.pk,
                }
                for statement in (
                    "DELETE FROM registry_householdadult WHERE household_id = %(household)s",
                    "DELETE FROM registry_coordinatorassignment WHERE household_id = %(household)s",
                    "DELETE FROM registry_carerhousehold WHERE id = %(household)s",
                    "DELETE FROM core_submission WHERE user_id = %(user)s",
                    "DELETE FROM audit_access WHERE user_id = %(user)s",
                    "DELETE FROM audit_change WHERE organisation_id = %(centre)s",
                    "DELETE FROM django_session",
                    "DELETE FROM accounts_membership WHERE user_id = %(user)s",
                    "DELETE FROM accounts_user WHERE id = %(user)s",
                    "DELETE FROM organisations_organisation WHERE id = %(centre)s",
                ):
                    cursor.execute(statement, ids)

        in_thread(remove)

"""A training session is recorded once and counted everywhere: each participant present
receives one delivery of the centre's GIMK training service, made, corrected and removed
with the attendance, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.carers import services as carer_services
from globa.carers.models import Candidate
from globa.lib import clock
from globa.support.models import Delivery, ServiceProvision
from globa.testing import World, as_system, as_user, municipality
from globa.training import services
from globa.training.models import (
    Attendance,
    Participant,
    Programme,
    Topic,
    TrainingGroup,
    TrainingSession,
)


def core_topics() -> list[Topic]:
    return list(Programme.objects.get(code="gimk-core").topics.order_by("position"))


@pytest.fixture
def group(world: World) -> TrainingGroup:
    with as_user(world.alice):
        return services.group_create(
            by=world.alice,
            centre=world.centre_a,
            programme=Programme.objects.get(code="gimk-core"),
            name="GIMK ruduo",
            starts_on=clock.today() - dt.timedelta(days=50),
        )


@pytest.fixture
def people(world: World, group: TrainingGroup) -> dict[str, Participant]:
    """Rūta from the pipeline, Ona by name, Jonas from the pipeline."""
    found = {}
    with as_user(world.alice):
        for first in ("Rūta", "Jonas"):
            candidate = carer_services.candidate_add(
                by=world.alice,
                centre=world.centre_a,
                inquiry=carer_services.Inquiry(
                    first, "Būsimoji", "r@example.lt", "", municipality(), ("guardian",)
                ),
                consent_text="Sutiko.",
                on=clock.today() - dt.timedelta(days=60),
            )
            found[first] = services.participant_add(
                by=world.alice, group=group, candidate=candidate
            )
        found["Ona"] = services.participant_add(
            by=world.alice, group=group, person_name="Ona Darbuotoja"
        )
    return found


def session_of(world: World, group: TrainingGroup, **changes: Any) -> TrainingSession:
    """Record a session as alice (in her scope, which the caller holds)."""
    values: dict[str, Any] = {
        "held_on": clock.today() - dt.timedelta(days=10),
        "topics": core_topics()[:2],
        **changes,
    }
    return services.session_record(by=world.alice, group=group, **values)


def record(world: World, group: TrainingGroup, **changes: Any) -> TrainingSession:
    with as_user(world.alice):
        return session_of(world, group, **changes)


def deliveries() -> list[Delivery]:
    with as_system():
        return list(Delivery.objects.select_related("service").order_by("person_name"))


def test_recording_a_session_gives_each_participant_present_one_training_delivery(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    held_on = clock.today() - dt.timedelta(days=10)
    session = record(world, group, held_on=held_on, attended=[people["Rūta"], people["Ona"]])
    found = deliveries()
    assert [d.person_name for d in found] == ["Ona Darbuotoja", "Rūta Būsimoji"]
    for delivery in found:
        assert delivery.service.code == "carer_training"
        assert delivery.provider_id == world.centre_a.pk
        assert delivery.delivered_on == held_on
        assert delivery.minutes == 6 * 60  # two topics of three hours
        assert delivery.given_by_id == delivery.recorded_by_id == world.alice.pk
        assert delivery.child_id is None and delivery.household_id is None
        assert delivery.notes.startswith("GIMK ruduo: ")
    assert len({d.contact for d in found}) == 1
    with as_system():
        linked = {a.participant_id: a.delivery_id for a in session.attendance.all()}
    assert set(linked) == {people["Rūta"].pk, people["Ona"].pk}
    assert set(linked.values()) == {d.pk for d in found}
    # Jonas did not come: nothing for him.
    assert not any("Jonas" in d.person_name for d in found)


def test_the_deliveries_are_the_centres_like_every_service_record(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    record(world, group, attended=[people["Rūta"]])
    with as_user(world.charlie):
        assert not Delivery.objects.exists()
    with as_user(world.bob):
        assert Delivery.objects.filter(service__code="carer_training").count() == 1


def test_correcting_a_session_moves_its_deliveries(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    session = record(world, group, attended=[people["Rūta"], people["Ona"]])
    [ona_before, ruta_before] = deliveries()
    new_day = clock.today() - dt.timedelta(days=9)
    with as_user(world.alice):
        services.session_change(
            by=world.alice,
            session=session,
            held_on=new_day,
            topics=core_topics()[:1],
            attended=[people["Rūta"], people["Jonas"]],
            version=session.version,
        )
    found = deliveries()
    assert [d.person_name for d in found] == ["Jonas Būsimoji", "Rūta Būsimoji"]
    jonas, ruta = found
    # Rūta's stays the same record and follows the session; Ona's went with her attendance.
    assert ruta.pk == ruta_before.pk
    assert not any(d.pk == ona_before.pk for d in found)
    assert {d.delivered_on for d in found} == {new_day}
    assert {d.minutes for d in found} == {3 * 60}
    assert jonas.contact == ruta.contact == ruta_before.contact
    with as_system():
        assert Attendance.objects.count() == 2
        assert set(Attendance.objects.values_list("delivery_id", flat=True)) == {
            jonas.pk,
            ruta.pk,
        }


def test_deleting_a_session_removes_its_deliveries(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    kept = record(world, group, attended=[people["Ona"]])
    session = record(world, group, attended=[people["Rūta"], people["Ona"]])
    with as_user(world.alice):
        services.session_delete(by=world.alice, session=session, version=session.version)
    with as_system():
        assert list(TrainingSession.objects.all()) == [kept]
        assert Attendance.objects.count() == 1
    assert len(deliveries()) == 1


def test_a_stale_correction_changes_nothing(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    session = record(world, group, attended=[people["Rūta"]])
    stale = session.version
    with as_user(world.alice):
        services.session_change(
            by=world.alice,
            session=session,
            held_on=session.held_on,
            topics=core_topics()[:2],
            attended=[people["Rūta"], people["Ona"]],
            version=stale,
        )
        with pytest.raises(ValidationError):
            services.session_change(
                by=world.alice,
                session=session,
                held_on=session.held_on,
                topics=core_topics()[:1],
                attended=[people["Jonas"]],
                version=stale,
            )
        with pytest.raises(ValidationError):
            services.session_delete(by=world.alice, session=session, version=stale)
    assert [d.person_name for d in deliveries()] == ["Ona Darbuotoja", "Rūta Būsimoji"]


def test_a_centre_that_does_not_provide_the_training_records_nothing(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    with as_system():
        ServiceProvision.objects.filter(
            organisation=world.centre_a, service__code="carer_training"
        ).delete()
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        session_of(world, group, attended=[people["Rūta"]])
    assert "does not provide" in str(error.value)
    with as_system():
        assert not TrainingSession.objects.exists() and not Attendance.objects.exists()
    assert deliveries() == []


def test_a_session_longer_than_a_service_may_be_is_refused(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        session_of(world, group, topics=core_topics()[:5], attended=[people["Rūta"]])
    assert "15 hours" in error.value.message_dict["topics"][0]
    with as_system():
        assert not TrainingSession.objects.exists()
    assert deliveries() == []


def test_a_failure_on_the_way_leaves_nothing_half_written(
    world: World,
    group: TrainingGroup,
    people: dict[str, Participant],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = record(world, group, attended=[people["Rūta"]])

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    # The deliveries are written, then saving the attendance fails.
    monkeypatch.setattr(Attendance.objects, "bulk_create", broken)
    with as_user(world.alice), pytest.raises(RuntimeError):
        session_of(world, group, attended=[people["Ona"], people["Jonas"]])
    with as_user(world.alice), pytest.raises(RuntimeError):
        services.session_change(
            by=world.alice,
            session=session,
            held_on=session.held_on - dt.timedelta(days=1),
            topics=core_topics()[:1],
            attended=[people["Jonas"]],
            version=session.version,
        )
    with as_system():
        assert list(TrainingSession.objects.all()) == [session]
        session.refresh_from_db()
        assert session.version == 1
        assert list(Attendance.objects.values_list("participant_id", flat=True)) == [
            people["Rūta"].pk
        ]
    [only] = deliveries()
    assert (only.person_name, only.minutes) == ("Rūta Būsimoji", 6 * 60)


def test_the_session_page_corrects_and_deletes(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    session = record(world, group, attended=[people["Rūta"], people["Ona"]])
    url = reverse("training:session_change", args=[group.pk, session.pk])
    delete = reverse("training:session_delete", args=[group.pk, session.pk])
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Correct the session" in page and "Ona Darbuotoja" in page
    assert url in client.get(reverse("training:training_group", args=[group.pk])).content.decode()
    # Others: another centre finds nothing, the specialist may not change it.
    assert world.client_for(world.charlie).get(url).status_code == 404
    assert world.client_for(world.carol).get(url).status_code == 403
    assert world.client_for(world.carol).post(delete, {"version": 1}).status_code == 403
    # Bad input: a clear error, nothing changed.
    bad = client.post(
        url, {"held_on": session.held_on.isoformat(), "attended": [people["Rūta"].pk], "version": 1}
    )
    assert bad.status_code == 200 and "Tick the topics" in bad.content.decode()
    topic = core_topics()[0]
    changed = client.post(
        url,
        {
            "held_on": session.held_on.isoformat(),
            "topics": [topic.pk],
            "attended": [people["Rūta"].pk],
            "version": 1,
        },
    )
    assert changed.status_code == 302
    assert [(d.person_name, d.minutes) for d in deliveries()] == [("Rūta Būsimoji", 180)]
    stale = client.post(delete, {"version": 1}, follow=True)
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()
    assert client.post(delete, {"version": 2}).status_code == 302
    assert deliveries() == []
    with as_system():
        assert not TrainingSession.objects.exists()
        assert Candidate.objects.count() == 2  # the people stay, only the session went


def test_a_correction_never_takes_a_certificate_away(
    world: World, group: TrainingGroup, people: dict[str, Participant]
) -> None:
    topics = core_topics()
    sessions = [
        record(world, group, topics=topics[3 * n : 3 * n + 3], attended=[people["Rūta"]])
        for n in range(3)
    ]
    with as_user(world.alice):
        services.certificate_record(
            by=world.alice, participant=people["Rūta"], on=clock.today(), number="GIMK-1"
        )
        first = sessions[0]
        with pytest.raises(ValidationError) as error:
            services.session_delete(by=world.alice, session=first, version=first.version)
        assert "Rūta Būsimoji already has a certificate" in str(error.value)
        first.refresh_from_db()  # the refused removal left the session as it was
        assert first.version == 1
        with pytest.raises(ValidationError):
            services.session_change(
                by=world.alice,
                session=first,
                held_on=first.held_on,
                topics=topics[:3],
                attended=[people["Ona"]],
                version=first.version,
            )
        first.refresh_from_db()
        # A correction that keeps her topics is fine.
        services.session_change(
            by=world.alice,
            session=first,
            held_on=first.held_on - dt.timedelta(days=1),
            topics=topics[:3],
            attended=[people["Rūta"], people["Ona"]],
            version=first.version,
        )
    with as_system():
        assert TrainingSession.objects.count() == 3
    assert len(deliveries()) == 4
    # Through the page: the refusal is shown on the session's page.
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    refused = client.post(
        reverse("training:session_delete", args=[group.pk, first.pk]),
        {"version": first.version},
        follow=True,
    )
    assert refused.redirect_chain[-1][0] == reverse(
        "training:session_change", args=[group.pk, first.pk]
    )
    assert "already has a certificate" in refused.content.decode()


def test_the_training_of_staff_is_counted_by_its_target_group_and_gives_no_service(
    world: World,
) -> None:
    from globa.monitoring import compute
    from globa.monitoring.indicators import BY_CODE
    from globa.monitoring.periods import Period

    programme = Programme.objects.get(code="specialists")
    assert not programme.gives_service
    held_on = clock.today() - dt.timedelta(days=5)
    with as_user(world.bob):
        staff = services.group_create(
            by=world.bob,
            centre=world.centre_a,
            programme=programme,
            name="Specialistų mokymai",
            starts_on=held_on - dt.timedelta(days=1),
        )
        person = services.participant_add(by=world.bob, group=staff, person_name="Inga Psichologė")
        topics = list(programme.topics.order_by("position"))
        session = services.session_record(
            by=world.bob, group=staff, held_on=held_on, topics=topics, attended=[person]
        )
        services.certificate_record(by=world.bob, participant=person, on=held_on, number="S-1")
        # Corrected: the date moves, still no service.
        services.session_change(
            by=world.bob,
            session=session,
            held_on=held_on - dt.timedelta(days=1),
            topics=topics,
            attended=[person],
            version=session.version,
        )
    assert deliveries() == []
    with as_system():
        assert Attendance.objects.get(session=session).delivery_id is None
        period = Period("custom", held_on - dt.timedelta(days=30), clock.today())
        found = compute.facts("training", period, compute.Area("centre", world.centre_a.pk))
    for code in ("training_groups", "people_trained", "attendance"):
        assert compute.breakdown(BY_CODE[code], found) == {0: {"specialists": 1}}, code

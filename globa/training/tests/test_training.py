"""GIMK training: groups of a programme, trainers, participants, sessions with topics and
attendance, completion computed from the topics attended, certificates only on completion,
and who sees and changes what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from globa.carers import services as carer_services
from globa.carers.models import Stage, StageChange
from globa.lib import clock
from globa.testing import World, as_system, as_user, municipality
from globa.training import selectors, services
from globa.training.models import (
    Attendance,
    Participant,
    Programme,
    TrainingGroup,
    TrainingSession,
)


def core() -> Programme:
    return Programme.objects.get(code="gimk-core")


def person(world: World, first: str = "Rūta") -> object:
    with as_user(world.bob):
        return carer_services.candidate_add(
            by=world.bob,
            centre=world.centre_a,
            inquiry=carer_services.Inquiry(
                first, "Būsimoji", "r@example.lt", "", municipality(), ("guardian",)
            ),
            consent_text="Sutiko.",
            on=clock.today() - dt.timedelta(days=60),
        )


@pytest.fixture
def group(world: World) -> TrainingGroup:
    with as_user(world.alice):
        return services.group_create(
            by=world.alice,
            centre=world.centre_a,
            programme=core(),
            name="GIMK ruduo",
            starts_on=clock.today() - dt.timedelta(days=50),
        )


def test_completion_is_computed_from_the_topics_attended(
    world: World, group: TrainingGroup
) -> None:
    ruta, jonas = person(world, "Rūta"), person(world, "Jonas")
    topics = list(core().topics.order_by("position"))
    assert len(topics) == 9
    with as_user(world.alice):
        a = services.participant_add(by=world.alice, group=group, candidate=ruta)  # type: ignore[arg-type]
        b = services.participant_add(by=world.alice, group=group, candidate=jonas)  # type: ignore[arg-type]
        # Three topics a session; Jonas misses the second session.
        for n in range(3):
            services.session_record(
                by=world.alice,
                group=group,
                held_on=clock.today() - dt.timedelta(days=40 - 7 * n),
                topics=topics[3 * n : 3 * n + 3],
                attended=[a, b] if n != 1 else [a],
            )
        done = {p.participant.pk: p for p in selectors.progress(group)}
    assert done[a.pk].complete and done[a.pk].attended == 3
    assert not done[b.pk].complete
    assert [t.position for t in done[b.pk].missing] == [4, 5, 6]
    # A certificate only for who attended every topic.
    with as_user(world.alice):
        with pytest.raises(ValidationError) as error:
            services.certificate_record(by=world.alice, participant=b, on=clock.today(), number="")
        assert "missing" in error.value.message_dict["on"][0]
        services.certificate_record(
            by=world.alice, participant=a, on=clock.today(), number="GIMK-12"
        )
        a.refresh_from_db()
        b.refresh_from_db()
    assert (a.certificate_on, a.certificate_number) == (clock.today(), "GIMK-12")
    assert b.certificate_on is None
    # The person's page shows it.
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("carers:candidate", args=[ruta.pk])).content.decode()  # type: ignore[attr-defined]
    assert "GIMK ruduo" in page and "9 / 9" in page and "complete" in page


def test_a_certificate_moves_a_person_in_training_on_to_the_assessment(
    world: World, group: TrainingGroup
) -> None:
    ruta, jonas = person(world, "Rūta"), person(world, "Jonas")
    with as_user(world.alice):
        for to in (Stage.INFO_MEETING, Stage.TRAINING):
            carer_services.candidate_move(
                by=world.alice,
                candidate=ruta,  # type: ignore[arg-type]
                move=carer_services.Move(to=to, on=clock.today() - dt.timedelta(days=55)),
                version=ruta.version,  # type: ignore[attr-defined]
            )
        a = services.participant_add(by=world.alice, group=group, candidate=ruta)  # type: ignore[arg-type]
        b = services.participant_add(by=world.alice, group=group, candidate=jonas)  # type: ignore[arg-type]
        # The programme in three sessions of three topics (a session lasts 12 hours at most).
        topics = list(core().topics.order_by("position"))
        for n in range(3):
            services.session_record(
                by=world.alice,
                group=group,
                held_on=clock.today() - dt.timedelta(days=30 - n),
                topics=topics[3 * n : 3 * n + 3],
                attended=[a, b],
            )
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"

    def certify(participant: Participant, number: str) -> str:
        url = reverse("training:certificate_add", args=[group.pk, participant.pk])
        response = client.post(
            url, {"on": clock.today().isoformat(), "number": number}, follow=True
        )
        assert response.status_code == 200
        return response.content.decode()

    page = certify(a, "GIMK-7")
    assert "Rūta Būsimoji moves on to the suitability assessment" in page
    with as_system():
        ruta.refresh_from_db()  # type: ignore[attr-defined]
        last = StageChange.objects.filter(candidate=ruta).order_by("-at").first()
    assert ruta.stage == Stage.ASSESSMENT  # type: ignore[attr-defined]
    assert last is not None
    assert (last.from_stage, last.to_stage, last.on, last.by) == (
        Stage.TRAINING,
        Stage.ASSESSMENT,
        clock.today(),
        world.alice,
    )
    assert "GIMK-7" in last.note
    # Someone not in the training stage keeps theirs.
    assert "moves on" not in certify(b, "GIMK-8")
    with as_system():
        jonas.refresh_from_db()  # type: ignore[attr-defined]
    assert jonas.stage == Stage.INQUIRY  # type: ignore[attr-defined]


def test_a_session_is_checked_and_saved_all_or_nothing(world: World, group: TrainingGroup) -> None:
    other = Programme.objects.get(code="disability").topics.first()
    with as_user(world.alice):
        ona = services.participant_add(by=world.alice, group=group, person_name="Ona Darbuotoja")
        for kw, field in (
            ({"topics": [other]}, "topics"),
            ({"topics": []}, "topics"),
            ({"attended": []}, "attended"),
            ({"held_on": clock.today() + dt.timedelta(days=1)}, "held_on"),
            ({"held_on": group.starts_on - dt.timedelta(days=1)}, "held_on"),
        ):
            values = {
                "held_on": clock.today(),
                "topics": [core().topics.first()],
                "attended": [ona],
                **kw,
            }
            with pytest.raises(ValidationError) as error:
                services.session_record(by=world.alice, group=group, **values)  # type: ignore[arg-type]
            assert field in error.value.message_dict
        assert not TrainingSession.objects.exists() and not Attendance.objects.exists()
        with pytest.raises(ValidationError):
            services.participant_add(by=world.alice, group=group)


def test_the_training_pages_and_who_may_use_them(world: World, group: TrainingGroup) -> None:
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    url = reverse("training:training_group", args=[group.pk])
    assert (
        client.post(
            reverse("training:trainer_add", args=[group.pk]),
            {"name": "Asta Mokytoja", "certified": "on"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("training:participant_add", args=[group.pk]), {"person_name": "Ona Darbuotoja"}
        ).status_code
        == 302
    )
    with as_system():
        ona = Participant.objects.get()
        topic = core().topics.first()
    assert topic is not None
    bad = client.post(
        reverse("training:session_add", args=[group.pk]), {"held_on": clock.today().isoformat()}
    )
    assert bad.status_code == 200 and "Tick the topics" in bad.content.decode()
    ok = client.post(
        reverse("training:session_add", args=[group.pk]),
        {"held_on": clock.today().isoformat(), "topics": [topic.pk], "attended": [ona.pk]},
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "Asta Mokytoja" in page and "certified" in page and "1 / 9" in page
    # Others: another centre does not find it; the specialist reads but does not change.
    assert world.client_for(world.charlie).get(url).status_code == 404
    carol = world.client_for(world.carol)
    assert carol.get(url).status_code == 200
    assert (
        carol.post(reverse("training:trainer_add", args=[group.pk]), {"name": "X"}).status_code
        == 403
    )
    assert carol.post(reverse("training:training"), {"name": "X"}).status_code == 403
    with as_user(world.carol), pytest.raises(PermissionDenied):
        services.trainer_add(by=world.carol, group=group, name="X", certified=False)
    with as_user(world.charlie):
        assert not TrainingGroup.objects.exists() and not Participant.objects.exists()


def test_a_group_is_started_through_the_page(world: World) -> None:
    client = world.client_for(world.bob)
    response = client.post(
        reverse("training:training"),
        {"programme": core().pk, "name": "GIMK pavasaris", "starts_on": clock.today().isoformat()},
    )
    assert response.status_code == 302
    with as_system():
        assert TrainingGroup.objects.get().centre == world.centre_a
    refused = client.post(
        reverse("training:training"),
        {"programme": core().pk, "name": " ", "starts_on": clock.today().isoformat()},
    )
    assert refused.status_code == 200
    with as_system():
        assert TrainingGroup.objects.count() == 1

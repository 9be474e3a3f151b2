"""The centre's pipeline: moves through the stages and their rules, the board with norms,
the funnel, inquiries taken by staff, the centre's settings, and who sees and changes what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from globa.audit.models import AccessLog, AuditChange
from globa.carers import selectors, services
from globa.carers.models import Candidate, InquiryRoute, Stage, StageChange, StageNorm
from globa.core.saving import ConcurrentEditError
from globa.lib import clock
from globa.oncall import selectors as oncall_selectors
from globa.oncall.models import MatchWeight
from globa.testing import World, as_system, as_user, household_with, municipality


def person(
    world: World, interests: tuple[str, ...] = ("on_call",), days_ago: int = 0, **kw: Any
) -> Candidate:
    with as_user(world.bob):
        return services.candidate_add(
            by=world.bob,
            centre=world.centre_a,
            inquiry=services.Inquiry(
                first_name=kw.pop("first_name", "Rūta"),
                last_name=kw.pop("last_name", "Būsimoji"),
                email="ruta@example.lt",
                phone="",
                municipality=municipality(),
                interests=interests,
            ),
            consent_text="Sutiko telefonu.",
            on=clock.today() - dt.timedelta(days=days_ago),
        )


def move(
    world: World, candidate: Candidate, to: str, on: dt.date | None = None, **kw: Any
) -> Candidate:
    """Move as the manager; a refusal is raised after the scope ends, so the test's
    transaction stays usable."""
    refused: ValidationError | None = None
    version = kw.pop("version", None)
    if to == Stage.APPROVAL and kw.get("approval_number") and kw.pop("assessed", True):
        # Approval rests on a completed suitability assessment (globa.assessments).
        suitability_assessed(world, candidate)
    with as_user(world.bob):
        candidate.refresh_from_db()
        try:
            services.candidate_move(
                by=world.bob,
                candidate=candidate,
                move=services.Move(to=to, on=on or clock.today(), **kw),
                version=candidate.version if version is None else version,
            )
        except ValidationError as error:
            refused = error
    if refused is not None:
        raise refused
    return candidate


def suitability_assessed(world: World, candidate: Candidate) -> None:
    from globa.assessments.models import Assessment
    from globa.assessments.tests.conftest import completed

    with as_system():
        if Assessment.objects.filter(candidate=candidate, status="completed").exists():
            return
        candidate.refresh_from_db()
    completed(world.bob, candidate, "carer_suitability", days_ago=0)


def journey(candidate: Candidate) -> list[str]:
    with as_system():
        return [
            c.to_stage for c in StageChange.objects.filter(candidate=candidate).order_by("on", "at")
        ]


def test_an_on_call_carer_goes_every_step_to_active(world: World) -> None:
    candidate = person(world, days_ago=100)
    assert services.moves(candidate)[0] == Stage.INFO_MEETING
    for days, stage in ((90, Stage.INFO_MEETING), (80, Stage.TRAINING), (30, Stage.ASSESSMENT)):
        move(world, candidate, stage, clock.today() - dt.timedelta(days=days))
    with pytest.raises(ValidationError) as error:
        move(world, candidate, Stage.APPROVAL, clock.today() - dt.timedelta(days=10))
    assert set(error.value.message_dict) == {"approval_number", "approval_date"}
    move(
        world,
        candidate,
        Stage.APPROVAL,
        clock.today() - dt.timedelta(days=10),
        approval_number="BV-123",
        approval_date=clock.today() - dt.timedelta(days=12),
    )
    # On-call carers sign a contract before they become active.
    assert services.moves(candidate)[0] == Stage.CONTRACT
    move(world, candidate, Stage.CONTRACT, clock.today() - dt.timedelta(days=5))
    move(world, candidate, Stage.ACTIVE)
    assert journey(candidate) == [
        Stage.INQUIRY,
        Stage.INFO_MEETING,
        Stage.TRAINING,
        Stage.ASSESSMENT,
        Stage.APPROVAL,
        Stage.CONTRACT,
        Stage.ACTIVE,
    ]
    with as_system():
        assert {c.by for c in StageChange.objects.filter(candidate=candidate)} == {world.bob}


def test_a_guardian_needs_no_contract(world: World) -> None:
    candidate = person(world, ("guardian",), days_ago=10)
    for stage in (Stage.INFO_MEETING, Stage.TRAINING, Stage.ASSESSMENT):
        move(world, candidate, stage, clock.today() - dt.timedelta(days=5))
    move(world, candidate, Stage.APPROVAL, approval_number="7", approval_date=clock.today())
    assert Stage.CONTRACT not in services.moves(candidate)
    assert services.moves(candidate)[0] == Stage.ACTIVE
    with pytest.raises(ValidationError) as error:
        move(world, candidate, Stage.CONTRACT)
    assert "cannot move to" in error.value.message_dict["to"][0]


def test_pause_exit_and_coming_back_are_new_moves(world: World) -> None:
    candidate = person(world, days_ago=20)
    move(world, candidate, Stage.INFO_MEETING, clock.today() - dt.timedelta(days=15))
    with pytest.raises(ValidationError) as error:
        move(world, candidate, Stage.PAUSED)
    assert "Say why the journey pauses" in error.value.message_dict["note"][0]
    move(world, candidate, Stage.PAUSED, clock.today() - dt.timedelta(days=10), note="Liga")
    assert services.moves(candidate) == [Stage.INFO_MEETING, Stage.EXITED]
    move(world, candidate, Stage.INFO_MEETING, clock.today() - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        move(world, candidate, Stage.EXITED)
    assert error.value.message_dict["exit_reason"] == ["Say why the person left."]
    move(world, candidate, Stage.EXITED, exit_reason="changed_mind")
    assert (candidate.stage, candidate.resume_stage, candidate.exit_reason) == (
        Stage.EXITED,
        Stage.INFO_MEETING,
        "changed_mind",
    )
    # Reopened where they left.
    assert services.moves(candidate) == [Stage.INFO_MEETING]
    move(world, candidate, Stage.INFO_MEETING, note="Vėl susidomėjo")
    assert (candidate.resume_stage, candidate.exit_reason) == ("", "")
    assert len(journey(candidate)) == 6


def test_going_back_needs_a_reason_and_dates_are_checked(world: World) -> None:
    candidate = person(world, days_ago=20)
    move(world, candidate, Stage.INFO_MEETING, clock.today() - dt.timedelta(days=10))
    move(world, candidate, Stage.TRAINING, clock.today() - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        move(world, candidate, Stage.INFO_MEETING)
    assert "earlier stage" in error.value.message_dict["note"][0]
    for on, message in (
        (clock.today() + dt.timedelta(days=1), "The date is in the future."),
        (clock.today() - dt.timedelta(days=6), "in this stage since"),
        (clock.today() - dt.timedelta(days=400), "more than a year ago"),
    ):
        with pytest.raises(ValidationError) as error:
            move(world, candidate, Stage.ASSESSMENT, on)
        assert message in error.value.message_dict["on"][0]
    move(world, candidate, Stage.INFO_MEETING, note="Nedalyvavo mokymuose")
    assert candidate.stage == Stage.INFO_MEETING


def test_a_stale_form_does_not_move_anyone(world: World) -> None:
    candidate = person(world)
    old = candidate.version
    move(world, candidate, Stage.INFO_MEETING)
    with pytest.raises(ConcurrentEditError):
        move(world, candidate, Stage.TRAINING, version=old)
    assert journey(candidate) == [Stage.INQUIRY, Stage.INFO_MEETING]


def test_the_database_keeps_the_stage_rules(world: World) -> None:
    candidate = person(world)
    with as_system():
        for bad in (
            {"stage": Stage.EXITED, "resume_stage": Stage.INQUIRY},  # no reason
            {"stage": Stage.ACTIVE},  # no approval decision
            {"stage": Stage.PAUSED},  # nowhere to resume
            {"interests": []},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                Candidate.objects.filter(pk=candidate.pk).update(**bad)


def test_the_board_shows_days_in_stage_and_who_is_stuck(world: World) -> None:
    late = person(world, first_name="Vėluojanti", days_ago=20)
    fresh = person(world, first_name="Nauja", days_ago=2)
    with as_user(world.alice):
        columns = {c.stage: c for c in selectors.board(world.centre_a.pk, clock.today())}
    inquiries = columns[Stage.INQUIRY]
    assert inquiries.norm == 14 and inquiries.stuck == 1
    assert [(c.first_name, c.days_in_stage, c.is_stuck) for c in inquiries.cards] == [  # type: ignore[attr-defined]
        ("Vėluojanti", 20, True),
        ("Nauja", 2, False),
    ]
    # The centre's own norm overrides the default.
    with as_user(world.bob):
        services.norm_set(by=world.bob, centre=world.centre_a, stage=Stage.INQUIRY, days=30)
    with as_user(world.alice):
        assert selectors.board(world.centre_a.pk, clock.today())[0].stuck == 0
    page = world.client_for(world.alice).get(reverse("carers:pipeline")).content.decode()
    assert "Vėluojanti" in page and "Nauja" in page
    assert late.pk and fresh.pk


def test_the_funnel_counts_reached_left_and_median_days(world: World) -> None:
    a = person(world, first_name="A", days_ago=40)
    b = person(world, first_name="B", days_ago=40)
    person(world, first_name="C", days_ago=40)
    move(world, a, Stage.INFO_MEETING, clock.today() - dt.timedelta(days=30))  # 10 days in inquiry
    move(world, b, Stage.INFO_MEETING, clock.today() - dt.timedelta(days=20))  # 20 days
    move(world, b, Stage.EXITED, clock.today() - dt.timedelta(days=10), exit_reason="no_contact")
    with as_user(world.bob):
        steps = {
            s.stage: s
            for s in selectors.funnel(
                world.centre_a.pk, clock.today() - dt.timedelta(days=60), clock.today()
            )
        }
    assert (steps[Stage.INQUIRY].reached, steps[Stage.INQUIRY].median_days) == (3, 15)
    assert (steps[Stage.INFO_MEETING].reached, steps[Stage.INFO_MEETING].left_here) == (2, 1)
    assert steps[Stage.TRAINING].reached == 0
    page = world.client_for(world.bob).get(reverse("carers:funnel")).content.decode()
    assert "Information meeting" in page or "Informacinis" in page


def test_staff_record_an_inquiry_with_consent(world: World) -> None:
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    data = {
        "first_name": "Jonas",
        "last_name": "Skambinęs",
        "phone": "+370 611 11111",
        "municipality": municipality().pk,
        "interests": ["guardian"],
        "on": clock.today().isoformat(),
    }
    refused = client.post(reverse("carers:candidate_add"), data)
    assert refused.status_code == 200 and "id_consent_error" in refused.content.decode()
    with as_system():
        assert not Candidate.objects.exists()
    response = client.post(reverse("carers:candidate_add"), {**data, "consent": "on"})
    assert response.status_code == 302
    with as_system():
        candidate = Candidate.objects.get()
    assert candidate.centre == world.centre_a and candidate.source == "staff"
    page = client.get(response["Location"]).content.decode()
    assert "Skambinęs" in page and "Save the move" in page


def test_moving_through_the_page(world: World) -> None:
    candidate = person(world)
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    url = reverse("carers:move", args=[candidate.pk])
    bad = client.post(
        url, {"to": Stage.ACTIVE, "on": clock.today().isoformat(), "version": candidate.version}
    )
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    ok = client.post(
        url,
        {"to": Stage.INFO_MEETING, "on": clock.today().isoformat(), "version": candidate.version},
    )
    assert ok.status_code == 302
    assert journey(candidate) == [Stage.INQUIRY, Stage.INFO_MEETING]


def test_who_sees_and_who_changes_the_pipeline(world: World) -> None:
    candidate = person(world)
    page = reverse("carers:candidate", args=[candidate.pk])
    move_url = reverse("carers:move", args=[candidate.pk])
    data = {"to": Stage.INFO_MEETING, "on": clock.today().isoformat(), "version": candidate.version}
    # Another centre's coordinator: not found, and their own board is empty.
    charlie = world.client_for(world.charlie)
    assert charlie.get(page).status_code == 404
    assert charlie.post(move_url, data).status_code == 404
    assert "Būsimoji" not in charlie.get(reverse("carers:pipeline")).content.decode()
    # The specialist sees, but does not move.
    carol = world.client_for(world.carol)
    assert carol.get(page).status_code == 200
    assert "Save the move" not in carol.get(page).content.decode()
    assert carol.post(move_url, data).status_code == 403
    assert carol.get(reverse("carers:candidate_add")).status_code == 403
    # The national monitor works with no centre's pipeline.
    assert world.client_for(world.nora).get(reverse("carers:pipeline")).status_code == 403
    assert world.client_for(world.nora).get(page).status_code == 404
    # A coordinator is not the one who sets routes and norms.
    assert world.client_for(world.alice).get(reverse("carers:settings")).status_code == 403
    # Odd ids are not found.
    assert (
        world.client_for(world.bob).get(reverse("carers:candidate", args=["x"])).status_code == 404
    )
    with as_user(world.carol), pytest.raises(PermissionDenied):
        services.candidate_move(
            by=world.carol,
            candidate=candidate,
            move=services.Move(Stage.INFO_MEETING, clock.today()),
            version=1,
        )


def test_every_view_of_a_person_is_logged(world: World) -> None:
    candidate = person(world)
    world.client_for(world.carol).get(reverse("carers:candidate", args=[candidate.pk]))
    with as_system():
        log = AccessLog.objects.get(candidate=candidate)
    assert (log.user, log.organisation) == (world.carol, world.centre_a)


def test_row_level_security_keeps_people_to_their_centre(world: World) -> None:
    person(world)
    with as_user(world.charlie):
        assert Candidate.objects.count() == 0
        assert StageChange.objects.count() == 0
    with as_user(world.alice):
        assert Candidate.objects.count() == 1


def test_the_manager_sets_routes_and_norms(world: World) -> None:
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    url = reverse("carers:settings")
    vilnius = world.centre_a.municipality
    assert vilnius is not None
    response = client.post(
        url,
        {
            "form": "route",
            "municipality": vilnius.pk,
            "interest": "on_call",
            "centre": world.centre_a.pk,
        },
    )
    assert response.status_code == 302
    assert InquiryRoute.objects.get().centre == world.centre_a
    # A municipality the manager has no centre in is not theirs to route.
    kaunas = municipality("Kauno miesto savivaldybė")
    refused = client.post(
        url,
        {"form": "route", "municipality": kaunas.pk, "interest": "", "centre": world.centre_a.pk},
    )
    assert refused.status_code == 200 and InquiryRoute.objects.count() == 1
    response = client.post(url, {"form": "norms", "inquiry": "7", "training": ""})
    assert response.status_code == 302
    assert dict(StageNorm.objects.filter(centre=world.centre_a).values_list("stage", "days")) == {
        "inquiry": 7
    }
    bad = client.post(url, {"form": "norms", "inquiry": "0"})
    assert bad.status_code == 200 and "Nothing was saved" in bad.content.decode()
    assert dict(StageNorm.objects.filter(centre=world.centre_a).values_list("stage", "days")) == {
        "inquiry": 7
    }


def test_the_manager_sets_the_weights_through_the_page(world: World) -> None:
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    url = reverse("carers:settings")
    bad = client.post(url, {"form": "weights", "language": "11"})
    assert bad.status_code == 200 and "Nothing was saved" in bad.content.decode()
    assert not MatchWeight.objects.filter(centre=world.centre_a).exists()
    assert client.post(url, {"form": "weights", "language": "6", "near": ""}).status_code == 302
    assert oncall_selectors.weights_for(world.centre_a.pk)["language"] == 6
    assert oncall_selectors.weights_for(world.centre_a.pk)["near"] == 3  # the default
    assert (
        world.client_for(world.alice).post(url, {"form": "weights", "near": "0"}).status_code == 403
    )


def test_the_manager_sets_what_the_public_pages_show(world: World) -> None:
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    url = f"{reverse('carers:settings')}?centre={world.centre_a.pk}"
    details = {
        "form": "details",
        "address": "Gedimino pr. 9, Vilnius",
        "phone": "+370 5 200 0000",
        "email": "info@zidinys.lt",
        "website": "zidinys.lt",
        "working_hours": "I-IV 8.00-17.00, V 8.00-15.45",
    }
    refused = client.post(url, {**details, "email": "ne adresas"})
    assert refused.status_code == 200 and "valid email" in refused.content.decode()
    world.centre_a.refresh_from_db()
    assert world.centre_a.phone == ""
    assert client.post(url, details).status_code == 302
    public = Client()
    public.cookies["django_language"] = "en"
    page = public.get(reverse("carers:centre", args=[world.centre_a.uuid])).content.decode()
    assert "+370 5 200 0000" in page and "I-IV 8.00-17.00" in page
    assert "https://zidinys.lt" in page
    with as_system():
        change = AuditChange.objects.get(
            table_name="organisations_organisation",
            row_id=str(world.centre_a.pk),
            operation=AuditChange.Operation.UPDATE,
        )
    assert (change.user, change.before["phone"], change.after["phone"]) == (
        world.bob,
        "",
        "+370 5 200 0000",
    )
    # Only the centre's manager: a coordinator may not, nor another centre's people.
    assert world.client_for(world.alice).post(url, details).status_code == 403
    assert world.client_for(world.charlie).post(url, details).status_code in (403, 404)
    with as_user(world.alice), pytest.raises(PermissionDenied):
        services.public_details_set(by=world.alice, centre=world.centre_a, details=details)


def test_an_approved_person_is_linked_to_their_household_in_the_registry(world: World) -> None:
    candidate = person(world, days_ago=100)
    own = household_with(world.alice, world.centre_a, name="Būsimųjų šeima", kind="on_call")
    other = household_with(world.charlie, world.centre_b, name="Kita šeima", kind="on_call")
    page = reverse("carers:candidate", args=[candidate.pk])
    url = reverse("carers:candidate_household", args=[candidate.pk])
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    # Not before approval.
    assert "Save the household" not in client.get(page).content.decode()
    with as_user(world.bob), pytest.raises(ValidationError) as error:
        services.candidate_link_household(
            by=world.bob, candidate=candidate, household=own, version=candidate.version
        )
    assert "once the person is approved" in error.value.message_dict["household"][0]
    for days, stage in ((90, Stage.INFO_MEETING), (80, Stage.TRAINING), (30, Stage.ASSESSMENT)):
        move(world, candidate, stage, clock.today() - dt.timedelta(days=days))
    move(
        world,
        candidate,
        Stage.APPROVAL,
        clock.today() - dt.timedelta(days=10),
        approval_number="BV-1",
        approval_date=clock.today() - dt.timedelta(days=12),
    )
    shown = client.get(page).content.decode()
    assert "Not linked to a household yet" in shown and "Register the family" in shown
    assert "Būsimųjų šeima" in shown and "Kita šeima" not in shown
    # Another centre's household is not offered, nor taken when sent.
    refused = client.post(url, {"household": other.pk, "version": candidate.version})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    with as_user(world.bob), pytest.raises(ValidationError):
        services.candidate_link_household(
            by=world.bob, candidate=candidate, household=other, version=candidate.version
        )
    assert client.post(url, {"household": own.pk, "version": candidate.version}).status_code == 302
    with as_system():
        candidate.refresh_from_db()
    assert candidate.household_id == own.pk
    linked = client.get(page).content.decode()
    assert reverse("registry:household", args=[own.pk]) in linked
    assert reverse("oncall:on_call_carer", args=[own.pk]) in linked
    # Who may: not the specialist, and another centre finds nothing.
    data = {"household": "", "version": candidate.version}
    assert world.client_for(world.carol).post(url, data).status_code == 403
    assert world.client_for(world.charlie).post(url, data).status_code == 404
    with as_system():
        candidate.refresh_from_db()
    assert candidate.household_id == own.pk


def test_the_menu_marks_new_carers_on_every_page_of_the_section(world: World) -> None:
    client = world.client_for(world.bob)
    marked = f'href="{reverse("carers:pipeline")}" aria-current="page"'
    for name in ("carers:pipeline", "carers:funnel", "oncall:on_call", "oncall:night"):
        assert marked in client.get(reverse(name)).content.decode(), name
    assert marked in client.get(reverse("training:training")).content.decode()
    assert marked not in client.get(reverse("registry:children")).content.decode()

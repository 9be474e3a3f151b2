"""Quality review visits of the care centres: the national monitor records a visit, its
findings and follow-up actions; the centre's manager marks an action done and is told of
actions and of overdue ones; who may open what; the one overdue rule; every change audited
as the centre's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.audit.models import AuditChange
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring import selectors, services
from globa.monitoring.models import ReviewAction, ReviewVisit, overdue_on
from globa.notifications.models import Kind, Notification
from globa.testing import World, member, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _visit(world: World, *, days_ago: int = 30) -> ReviewVisit:
    return services.review_visit_create(
        by=world.nora,
        centre=world.centre_a,
        visited_on=clock.today() - dt.timedelta(days=days_ago),
        visitors="Nora Stebėtoja, Jonas Tikrintojas",
        scope="Support to on-call carers",
    )


def _action(world: World, visit: ReviewVisit, due_in: int) -> ReviewAction:
    due = clock.today() + dt.timedelta(days=due_in)
    with system_scope():
        # An action due in the past is written as it would have been when the visit was.
        return ReviewAction.objects.create(
            visit=visit, centre_id=visit.centre_id, description="Train the coordinators", due_on=due
        )


def _urls(visit: ReviewVisit, action: ReviewAction) -> dict[str, str]:
    v, a = visit.pk, action.pk
    return {
        "list": reverse("monitoring:reviews"),
        "overdue": reverse("monitoring:review_overdue"),
        "visit": reverse("monitoring:review_visit", args=[v]),
        "quality": reverse("monitoring:centre_quality", args=[visit.centre_id]),
        "done": reverse("monitoring:action_done", args=[v, a]),
        "create": reverse("monitoring:review_create"),
        "change": reverse("monitoring:review_update", args=[v]),
        "finding": reverse("monitoring:finding_create", args=[v]),
        "action": reverse("monitoring:action_create", args=[v]),
        "action_change": reverse("monitoring:action_update", args=[v, a]),
    }


# The monitor records, the manager marks done ------------------------------------------------


def test_the_monitor_records_a_visit_and_the_manager_marks_its_action_done(
    world: World,
) -> None:
    nora = _english(world.client_for(world.nora))
    new = nora.get(reverse("monitoring:review_create"))
    assert new.status_code == 200
    day = clock.today() - dt.timedelta(days=3)
    response = nora.post(
        reverse("monitoring:review_create"),
        {
            "submission": new.context["form"]["submission"].value(),
            "centre": world.centre_a.pk,
            "visited_on": day.isoformat(),
            "visitors": "Nora Stebėtoja",
            "scope": "Carer support",
        },
    )
    assert response.status_code == 302
    with system_scope():
        visit = ReviewVisit.objects.get()
    assert visit.recorded_by == world.nora and visit.visited_on == day
    finding = nora.get(reverse("monitoring:finding_create", args=[visit.pk]))
    assert (
        nora.post(
            reverse("monitoring:finding_create", args=[visit.pk]),
            {
                "submission": finding.context["form"]["submission"].value(),
                "area": "staffing",
                "severity": "major",
                "text": "No psychologist for the on-call carers",
            },
        ).status_code
        == 302
    )
    due = clock.today() + dt.timedelta(days=60)
    form = nora.get(reverse("monitoring:action_create", args=[visit.pk]))
    assert (
        nora.post(
            reverse("monitoring:action_create", args=[visit.pk]),
            {
                "submission": form.context["form"]["submission"].value(),
                "description": "Employ a psychologist",
                "due_on": due.isoformat(),
            },
        ).status_code
        == 302
    )
    with system_scope():
        action = ReviewAction.objects.get()
        told = Notification.objects.filter(recipient=world.bob, kind=Kind.REVIEW_ACTIONS)
        assert told.count() == 1 and "Ieva" not in told.get().label
    # The manager sees the visit, marks the action done with a note.
    bob = _english(world.client_for(world.bob))
    page = bob.get(reverse("monitoring:review_visit", args=[visit.pk])).content.decode()
    assert "Employ a psychologist" in page and "No psychologist" in page
    done_url = reverse("monitoring:action_done", args=[visit.pk, action.pk])
    assert bob.post(done_url, {"version": 1, "done_on": "", "note": ""}).status_code == 200
    assert (
        bob.post(
            done_url,
            {"version": 1, "done_on": clock.today().isoformat(), "note": "Hired on a half post"},
        ).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == "done" and action.done_by == world.bob
    # The manager may not reopen it; the monitor may.
    reopen = reverse("monitoring:action_reopen", args=[visit.pk, action.pk])
    assert bob.post(reopen, {"version": action.version}).status_code == 403
    assert nora.post(reopen, {"version": action.version}).status_code == 302
    action.refresh_from_db()
    assert action.status == "open" and action.done_on is None
    with system_scope():
        changes = AuditChange.objects.filter(table_name__startswith="monitoring_review")
        assert changes.count() == 5
        assert set(changes.values_list("organisation_id", flat=True)) == {world.centre_a.pk}


def test_a_wrong_visit_or_action_is_refused_with_a_message(world: World) -> None:
    nora = _english(world.client_for(world.nora))
    url = reverse("monitoring:review_create")
    tomorrow = clock.today() + dt.timedelta(days=1)
    page = nora.post(
        url, {"centre": world.centre_a.pk, "visited_on": tomorrow.isoformat(), "visitors": ""}
    ).content.decode()
    assert "Say who visited." in page
    visit = _visit(world)
    before = visit.visited_on - dt.timedelta(days=1)
    response = nora.post(
        reverse("monitoring:action_create", args=[visit.pk]),
        {"description": "Something", "due_on": before.isoformat()},
    )
    assert "The action cannot be due before the visit" in response.content.decode()
    with system_scope():
        assert ReviewVisit.objects.count() == 1
        assert ReviewAction.objects.count() == 0


# Access -------------------------------------------------------------------------------------


def test_who_may_open_what(world: World) -> None:
    visit = _visit(world)
    action = _action(world, visit, 10)
    urls = _urls(visit, action)
    officer = member(Role.MUNICIPALITY_OFFICER, municipality())
    kaunas_officer = member(Role.MUNICIPALITY_OFFICER, municipality("Kauno miesto savivaldybė"))
    other_manager = member(Role.CENTRE_MANAGER, world.centre_b)
    record_only = ("create", "change", "finding", "action", "action_change")
    for name, url in urls.items():
        # The monitor: everything.
        assert world.client_for(world.nora).get(url).status_code == 200, name
        # The centre's manager: sees, marks done, records nothing.
        expected = 403 if name in record_only else 200
        assert world.client_for(world.bob).get(url).status_code == expected, name
        # The municipality's officer: reads.
        expected = 403 if name in (*record_only, "done") else 200
        assert world.client_for(officer).get(url).status_code == expected, name
        # Another centre's manager and another municipality's officer: not found.
        if name not in ("list", "overdue", "create"):
            for outsider in (other_manager, kaunas_officer):
                assert world.client_for(outsider).get(url).status_code == 404, (name, outsider)
        # Other roles: not their page.
        for user in (world.alice, world.carol, world.charlie):
            assert world.client_for(user).get(url).status_code == 403, (name, user)
    reopen = reverse("monitoring:action_reopen", args=[visit.pk, action.pk])
    assert world.client_for(other_manager).post(reopen).status_code == 404
    assert world.client_for(world.alice).post(reopen).status_code == 403


def test_the_lists_show_only_the_readers_centres(world: World) -> None:
    visit = _visit(world)
    _action(world, visit, -5)
    other = services.review_visit_create(
        by=world.nora,
        centre=world.centre_b,
        visited_on=clock.today(),
        visitors="Nora",
    )
    _action(world, other, -3)
    bob = world.client_for(world.bob)
    assert len(bob.get(reverse("monitoring:reviews")).context["visits"]) == 1
    assert len(bob.get(reverse("monitoring:review_overdue")).context["actions"]) == 1
    nora = world.client_for(world.nora)
    overdue = nora.get(reverse("monitoring:review_overdue")).context["actions"]
    assert [a.centre_id for a in overdue] == [world.centre_a.pk, world.centre_b.pk]
    newest = nora.get(reverse("monitoring:review_overdue") + "?sort=-due").context["actions"]
    assert [a.centre_id for a in newest] == [world.centre_b.pk, world.centre_a.pk]


# The overdue rule ---------------------------------------------------------------------------


def test_overdue_is_open_after_the_due_date_by_the_application_clock(world: World) -> None:
    visit = _visit(world)
    late = _action(world, visit, -1)
    today = _action(world, visit, 0)
    done = _action(world, visit, -2)
    with system_scope():
        ReviewAction.objects.filter(pk=done.pk).update(
            status="done", done_on=clock.today(), done_by=world.bob
        )
        done.refresh_from_db()
        found = set(ReviewAction.objects.filter(overdue_on(clock.today())))
    assert found == {late}
    for action in (late, today, done):
        assert action.is_overdue(clock.today()) == (action in found)
    with system_scope():
        counts = selectors.action_counts([world.centre_a.pk])[world.centre_a.pk]
    assert (counts.open, counts.overdue) == (2, 1)


def test_the_manager_is_told_once_of_an_overdue_action(world: World) -> None:
    visit = _visit(world)
    _action(world, visit, -1)
    _action(world, visit, 5)
    with system_scope():
        assert services.review_overdue_tell() == 1
        assert services.review_overdue_tell() == 0
        told = Notification.objects.filter(kind=Kind.REVIEW_OVERDUE)
        assert [n.recipient for n in told] == [world.bob]


def test_the_dashboard_and_start_page_lead_to_the_reviews(world: World) -> None:
    visit = _visit(world)
    _action(world, visit, -1)
    for user in (world.nora, world.bob):
        page = world.client_for(user).get(reverse("monitoring:index"), follow=True)
        assert reverse("monitoring:reviews") in page.content.decode(), user
    start = _english(world.client_for(world.bob)).get(reverse("home:start")).content.decode()
    assert reverse("monitoring:review_overdue") in start

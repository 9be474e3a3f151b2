"""Reminders made by the daily rules, a person's own tasks, the digest and who sees what."""

import datetime as dt
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from globa.cases import services as case_services
from globa.lib import clock
from globa.lib.dates import add_years
from globa.reminders import services
from globa.reminders.models import Kind, Reminder
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service
from globa.testing import ChildFactory, as_system, as_user, household_with, municipality, place


def reminders() -> list[tuple[str, str, str, dt.date]]:
    with as_system():
        return sorted(
            (r.assignee.username, r.kind, r.title, r.due_on)
            for r in Reminder.objects.filter(done_on__isnull=True).select_related("assignee")
        )


def run(day: dt.date | None = None) -> services.Run:
    with as_system():
        return services.generate(day or clock.today())


def test_the_rules_open_reminders_once_and_resolve_them(cases_world: Any) -> None:
    world = cases_world
    today = clock.today()
    met = today - dt.timedelta(days=22)
    on_call = household_with(world.alice, world.centre_a, name="Budinčių šeima", kind="on_call")
    almost_adult = ChildFactory(
        centre=world.centre_a,
        first_name="Rokas",
        birth_date=add_years(today + dt.timedelta(days=98), -18),
    )
    place(almost_adult, on_call, today - dt.timedelta(days=317))
    with as_user(world.alice):
        support_services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=support_services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                met,
                60,
                DeliveryForm.HOME_VISIT,
            ),
            household=on_call,
            today=clock.today(),
        )
    with as_user(world.vaida):
        case_services.case_open(
            by=world.vaida,
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Vėluojanti šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=met,
                referral_reason="Priežastis",
                case_manager=world.vaida,
            ),
            today=clock.today(),
        )
    first = run()
    got = reminders()
    # An on-call carer met 22 days ago: due two weeks after the meeting, for the coordinator.
    assert (
        world.alice.username,
        Kind.CONTACT_OVERDUE,
        "Budinčių šeima",
        met + dt.timedelta(days=14),
    ) in got
    kinds = {(k, t) for _, k, t, _d in got}
    assert (Kind.CONTACT_OVERDUE, world.household.name) in kinds  # never met
    assert (Kind.TURNING_18, "Rokas " + almost_adult.last_name) in kinds
    assert (Kind.CASE_STAGE_LATE, "Vėluojanti šeima") in kinds
    assert first.opened == len(got)

    # Running again changes nothing.
    second = run()
    assert (second.opened, second.resolved) == (0, 0) and reminders() == got

    # A visit is recorded: the contact reminder resolves itself on the next run.
    with as_user(world.alice):
        support_services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=support_services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                clock.today(),
                60,
                DeliveryForm.HOME_VISIT,
            ),
            household=on_call,
            today=clock.today(),
        )
    third = run()
    assert third.resolved == 1
    assert not any(
        k == Kind.CONTACT_OVERDUE and t == "Budinčių šeima" for _, k, t, _d in reminders()
    )
    with as_system():
        resolved = Reminder.objects.get(title="Budinčių šeima")
        assert (resolved.done_on, resolved.resolved) == (clock.today(), True)


def test_the_start_page_lists_my_reminders_and_tasks_only(cases_world: Any) -> None:
    world = cases_world
    run(clock.today())
    client = world.client_for(world.alice)
    page = client.get(reverse("home:start")).content.decode()
    assert world.household.name in page and "kontaktas vėluoja" in page
    response = client.post(
        reverse("reminders:task_add"),
        {"title": "Paskambinti mokyklai", "due_on": clock.today().isoformat()},
    )
    assert response.status_code == 302
    page = client.get(reverse("home:start")).content.decode()
    assert "Paskambinti mokyklai" in page
    # Nobody else sees Alice's tasks, not even through the database.
    other = world.client_for(world.bob).get(reverse("home:start")).content.decode()
    assert "Paskambinti mokyklai" not in other
    with as_user(world.bob):
        assert not Reminder.objects.filter(title="Paskambinti mokyklai").exists()
    with as_user(world.alice):
        task = Reminder.objects.get(title="Paskambinti mokyklai")
    # Marking it done: only its owner may; for anyone else it does not exist.
    assert (
        world.client_for(world.bob)
        .post(reverse("reminders:done", kwargs={"reminder_id": task.pk}))
        .status_code
        == 404
    )
    assert (
        client.post(reverse("reminders:done", kwargs={"reminder_id": task.pk})).status_code == 302
    )
    with as_user(world.alice):
        task.refresh_from_db()
        assert task.done_on == clock.today()


def test_a_task_needs_a_title(world: Any) -> None:
    client = world.client_for(world.alice)
    response = client.post(reverse("reminders:task_add"), {"title": "", "due_on": "2026-11-30"})
    assert response.status_code == 302
    page = client.get(reverse("home:start")).content.decode()
    assert "Šis laukas yra privalomas" in page
    with as_system():
        assert not Reminder.objects.filter(kind=Kind.TASK).exists()


def test_the_daily_command_and_the_digest(world: Any) -> None:
    world.alice.email = "ale@example.lt"
    world.alice.save()
    out = StringIO()
    call_command("reminders", date=clock.today(), digest=True, stdout=out)
    assert "opened" in out.getvalue() and "Digests sent: 1." in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ale@example.lt"]
    # Counts by kind and a link, in Lithuanian; no family's, child's or carer's name.
    assert "kontaktas vėluoja: 1" in message.body
    assert "http://127.0.0.1:8000/" in message.body
    assert world.household.name not in message.body
    assert world.child.last_name not in message.body
    assert str(world.household.pk) not in message.body


def test_an_overdue_action_of_someone_who_left_goes_to_the_case_manager(cases_world: Any) -> None:
    world = cases_world
    with as_user(world.vaida):
        case = case_services.case_open(
            by=world.vaida,
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Veiksmų šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=22),
                referral_reason="Priežastis",
                case_manager=world.vaida,
            ),
            today=clock.today(),
        )
        case_services.action_add(
            by=world.vaida,
            case=case,
            task=case_services.Task(
                "Susitikti su mokykla", clock.today() - dt.timedelta(days=13), user=world.tomas
            ),
        )
    run()
    overdue = [(who, t) for who, kind, t, _d in reminders() if kind == Kind.CASE_ACTION_OVERDUE]
    assert overdue == [(world.tomas.username, "Veiksmų šeima: Susitikti su mokykla")]
    # Tomas leaves the centre: the reminder is due to the case manager from the next run.
    world.tomas.memberships.end()
    run()
    overdue = {who for who, kind, _t, _d in reminders() if kind == Kind.CASE_ACTION_OVERDUE}
    assert overdue == {world.vaida.username}


def test_the_digest_goes_only_to_people_still_at_work(world: Any) -> None:
    world.alice.email = "ale@example.lt"
    world.alice.save()
    world.alice.memberships.end()
    out = StringIO()
    call_command("reminders", date=clock.today(), digest=True, stdout=out)
    assert "Digests sent: 0." in out.getvalue()
    assert mail.outbox == []


def test_roles_without_records_add_no_tasks(cases_world: Any) -> None:
    world = cases_world
    for user in (world.nora,):
        response = world.client_for(user).post(
            reverse("reminders:task_add"),
            {"title": "Niekur nematoma", "due_on": clock.today().isoformat()},
        )
        assert response.status_code == 403
    with as_system():
        assert not Reminder.objects.filter(title="Niekur nematoma").exists()


def test_a_task_due_in_a_far_year_is_refused(cases_world: Any) -> None:
    world = cases_world
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("reminders:task_add"), {"title": "Tolima", "due_on": "9999-01-01"}, follow=True
    )
    assert "more than five years ahead" in response.content.decode()
    with as_system():
        assert not Reminder.objects.filter(title="Tolima").exists()


def test_a_reminder_whose_reason_has_gone_leaves_the_start_page_at_once(
    cases_world: Any,
) -> None:
    world = cases_world
    with as_user(world.vaida):
        case = case_services.case_open(
            by=world.vaida,
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Skubių šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=20),
                referral_reason="Priežastis",
                case_manager=world.vaida,
            ),
        )
        action = case_services.action_add(
            by=world.vaida,
            case=case,
            task=case_services.Task(
                "Aplankyti mokyklą", clock.today() - dt.timedelta(days=2), user=world.vaida
            ),
        )
    run()
    client = world.client_for(world.vaida)
    assert "Skubių šeima: Aplankyti mokyklą" in client.get(reverse("home:start")).content.decode()
    with as_user(world.vaida):
        case_services.action_done(by=world.vaida, case=case, action=action, on=clock.today())
    # No daily run since: the reminder is still open, but its reason has gone.
    assert any(k == Kind.CASE_ACTION_OVERDUE for _, k, _t, _d in reminders())
    page = client.get(reverse("home:start")).content.decode()
    assert "Skubių šeima: Aplankyti mokyklą" not in page


def test_the_coordinators_start_page_lists_a_household_once(world: Any) -> None:
    run()
    page = world.client_for(world.alice).get(reverse("home:start")).content.decode()
    link = f'href="/households/{world.household.pk}/"'
    assert page.count(link) == 1

"""Groups and their sessions: attendance as deliveries, all-or-nothing changes, the rules,
who may run a group, row-level security, and the pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from globa.accounts.models import Role
from globa.audit.models import AuditChange
from globa.lib import clock
from globa.support import services
from globa.support.models import (
    Delivery,
    DeliveryForm,
    Group,
    GroupMember,
    GroupSession,
    Service,
    ServiceProvision,
)
from globa.testing import (
    HouseholdFactory,
    World,
    as_system,
    as_user,
    from_today,
    household_with,
    member,
)


def service(code: str = "mutual_help_group") -> Service:
    return Service.objects.get(code=code)


@dataclass
class Circle:
    """A mutual-help group of centre A facilitated by alice, with two households and a
    person who is not in the registry."""

    group: Group
    petrauskai: GroupMember
    jonaiciai: GroupMember
    ona: GroupMember

    @property
    def members(self) -> list[GroupMember]:
        return [self.petrauskai, self.jonaiciai, self.ona]


@pytest.fixture
def circle(world: World) -> Circle:
    other = household_with(world.bob, world.centre_a, name="Jonaičių šeima", kind="permanent")
    with as_user(world.bob):
        group = services.create_group(
            by=world.bob,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails(
                name="Globėjų ratas", service=service(), facilitator=world.alice
            ),
            today=clock.today(),
        )
        added = [
            services.add_group_member(
                by=world.bob, group=group, household=h, today=clock.today() - dt.timedelta(days=60)
            )
            for h in (world.household, other)
        ]
        ona = services.add_group_member(
            by=world.bob,
            group=group,
            person_name="Ona Būsimoji",
            today=clock.today() - dt.timedelta(days=60),
        )
    return Circle(group, added[0], added[1], ona)


def details(world: World, **overrides: object) -> services.SessionDetails:
    values: dict[str, object] = {
        "held_on": clock.today() - dt.timedelta(days=2),
        "minutes": 90,
        "form": DeliveryForm.OFFICE,
        "facilitator": world.alice,
        "topic": "Vaiko adaptacija naujoje šeimoje",
        "notes": "Dalyviai dalijosi patirtimi.",
    }
    values.update(overrides)
    return services.SessionDetails(**values)  # type: ignore[arg-type]


def record(world: World, circle: Circle, attended: list[GroupMember], **overrides: object):  # type: ignore[no-untyped-def]
    with as_user(world.alice):
        return services.record_session(
            by=world.alice,
            group=circle.group,
            details=details(world, **overrides),
            attended=attended,
            today=clock.today(),
        )


def refused(
    world: World, circle: Circle, attended: list[GroupMember], **overrides: object
) -> dict[str, list[str]]:
    """The messages of a session the service refuses (caught inside the scope, so that the
    test's transaction stays usable)."""
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.record_session(
            by=world.alice,
            group=circle.group,
            details=details(world, **overrides),
            attended=attended,
            today=clock.today(),
        )
    return error.value.message_dict


def deliveries() -> list[Delivery]:
    with as_system():
        return list(Delivery.objects.order_by("recorded_at"))


def sessions() -> int:
    with as_system():
        return GroupSession.objects.count()


# Attendance is a service to each participant ----------------------------------------------


def test_attendance_is_one_delivery_per_participant_sharing_the_contact(
    world: World, circle: Circle
) -> None:
    session = record(world, circle, circle.members, facilitator=world.carol)
    rows = deliveries()
    assert len(rows) == 3
    assert {row.contact for row in rows} == {session.contact}
    assert {row.session_id for row in rows} == {session.pk}
    assert {row.group_member_id for row in rows} == {m.pk for m in circle.members}
    assert {row.household_id for row in rows} == {
        world.household.pk,
        circle.jonaiciai.household_id,
        None,
    }
    assert [row.person_name for row in rows if row.person_name] == ["Ona Būsimoji"]
    for row in rows:
        assert row.service.code == "mutual_help_group"
        assert row.provider_id == world.centre_a.pk
        assert (row.delivered_on, row.minutes, row.form) == (
            clock.today() - dt.timedelta(days=2),
            90,
            DeliveryForm.OFFICE,
        )
        # Given by the session's facilitator, recorded by who recorded it.
        assert (row.given_by_id, row.recorded_by_id) == (world.carol.pk, world.alice.pk)
        assert row.notes == "Globėjų ratas: Vaiko adaptacija naujoje šeimoje"
    with as_system():
        audited = AuditChange.objects.filter(operation="I", user_id=world.alice.pk)
        assert audited.filter(table_name="support_delivery").count() == 3
        assert audited.filter(table_name="support_groupsession").count() == 1


def test_changing_attendance_updates_exactly_those_deliveries(world: World, circle: Circle) -> None:
    first = record(world, circle, [circle.petrauskai, circle.jonaiciai])
    other = record(world, circle, [circle.petrauskai], held_on=clock.today() - dt.timedelta(days=9))
    with as_user(world.alice):
        services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=services.Contact(
                service("coordinator_assistance"), clock.today(), 60, DeliveryForm.HOME_VISIT
            ),
            household=world.household,
            today=clock.today(),
        )
    before = {(d.session_id, d.group_member_id): d for d in deliveries()}
    kept = before[(first.pk, circle.jonaiciai.pk)]

    with as_user(world.alice):
        services.change_session(
            by=world.alice,
            session=first,
            details=details(
                world, held_on=clock.today() - dt.timedelta(days=3), minutes=120, topic=""
            ),
            attended=[circle.jonaiciai, circle.ona],
            version=first.version,
            today=clock.today(),
        )

    after = {(d.session_id, d.group_member_id): d for d in deliveries()}
    # Petrauskai no longer attended, Ona did; Jonaičiai's delivery is the same row, changed.
    assert set(after) == {
        (first.pk, circle.jonaiciai.pk),
        (first.pk, circle.ona.pk),
        (other.pk, circle.petrauskai.pk),
        (None, None),
    }
    changed = after[(first.pk, circle.jonaiciai.pk)]
    assert changed.pk == kept.pk
    assert (changed.delivered_on, changed.minutes, changed.notes) == (
        clock.today() - dt.timedelta(days=3),
        120,
        "Globėjų ratas",
    )
    assert after[(first.pk, circle.ona.pk)].contact == first.contact
    # The other session and the home visit are untouched.
    for key in ((other.pk, circle.petrauskai.pk), (None, None)):
        assert after[key].delivered_on == before[key].delivered_on
        assert after[key].minutes == before[key].minutes


def test_a_refused_change_leaves_the_session_and_its_attendance_as_they_were(
    world: World, circle: Circle
) -> None:
    session = record(world, circle, [circle.petrauskai, circle.jonaiciai])
    before = sorted((d.pk, d.minutes) for d in deliveries())
    with as_user(world.alice):
        with pytest.raises(ValidationError):
            services.change_session(
                by=world.alice,
                session=session,
                details=details(world, minutes=0),
                attended=[circle.ona],
                version=session.version,
                today=clock.today(),
            )
        # Someone else saved the session meanwhile: a stale version is refused.
        services.change_session(
            by=world.alice,
            session=session,
            details=details(world, minutes=60),
            attended=[circle.petrauskai, circle.jonaiciai],
            version=session.version,
            today=clock.today(),
        )
        with pytest.raises(ValidationError) as error:
            services.change_session(
                by=world.alice,
                session=session,
                details=details(world),
                attended=[circle.ona],
                version=1,
                today=clock.today(),
            )
    assert "Someone else saved" in error.value.messages[0]
    assert sorted((d.pk, d.minutes) for d in deliveries()) == [(pk, 60) for pk, _ in before]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": dt.timedelta(days=1)}, "held_on", "in the future"),
        ({"held_on": dt.timedelta(days=-400)}, "held_on", "more than a year"),
        ({"minutes": 0}, "minutes", "between 1 minute and 12 hours"),
        ({"minutes": 721}, "minutes", "between 1 minute and 12 hours"),
        ({"form": DeliveryForm.HOME_VISIT}, "form", "office or remotely"),
        ({"form": "telepathy"}, "form", "how the service was given"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    world: World, circle: Circle, overrides: dict[str, object], field: str, message: str
) -> None:
    messages = refused(world, circle, circle.members, **from_today(overrides))
    assert message in " ".join(messages[field])
    assert sessions() == 0 and deliveries() == []


def test_a_session_needs_participants_who_are_members(world: World, circle: Circle) -> None:
    messages = refused(world, circle, [])
    assert "Tick who came" in messages["attended"][0]
    with as_user(world.bob):
        other_group = services.create_group(
            by=world.bob,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails("Mokymų grupė", service(), world.bob),
            today=clock.today(),
        )
        stranger = services.add_group_member(
            by=world.bob, group=other_group, person_name="Petras Kitas", today=clock.today()
        )
    messages = refused(world, circle, [circle.ona, stranger])
    assert "not a member of this group" in messages["attended"][0]
    assert sessions() == 0 and deliveries() == []


def test_a_participant_of_another_centre_is_refused_and_nothing_saved(
    world: World, circle: Circle
) -> None:
    theirs = HouseholdFactory(centre=world.centre_b, name="Kauniečių šeima")
    with as_system(), pytest.raises(ValidationError) as error:
        services.add_group_member(
            by=world.bob, group=circle.group, household=theirs, today=clock.today()
        )
    assert "not a record of your organisation" in error.value.message_dict["household"][0]
    # Even a member row written around the service does not carry attendance over.
    with as_system():
        foreign = GroupMember.objects.create(
            group=circle.group,
            provider_id=world.centre_a.pk,
            household=theirs,
            joined_on=clock.today(),
        )
    with as_system(), pytest.raises(ValidationError) as error:
        services.record_session(
            by=world.alice,
            group=circle.group,
            details=details(world),
            attended=[circle.ona, foreign],
            today=clock.today(),
        )
    assert "not a record of your organisation" in error.value.message_dict["attended"][0]
    assert sessions() == 0 and deliveries() == []


def test_only_a_group_service_the_centre_provides(world: World, circle: Circle) -> None:
    with as_user(world.bob), pytest.raises(ValidationError) as error:
        services.create_group(
            by=world.bob,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails(
                "Konsultacijos", service("social_consultation"), world.bob
            ),
            today=clock.today(),
        )
    assert "provides in groups" in error.value.message_dict["service"][0]
    ServiceProvision.objects.filter(
        organisation=world.centre_a, service__code="mutual_help_group"
    ).update(valid_to=clock.today() - dt.timedelta(days=30))
    messages = refused(world, circle, circle.members)
    assert "does not provide" in messages["service"][0]
    assert sessions() == 0


def test_a_groups_service_stays_once_sessions_are_recorded(world: World, circle: Circle) -> None:
    record(world, circle, [circle.ona])
    with as_user(world.bob), pytest.raises(ValidationError) as error:
        services.change_group(
            by=world.bob,
            group=circle.group,
            details=services.GroupDetails(
                "Globėjų ratas", service("carer_support_training"), world.alice
            ),
            version=circle.group.version,
            today=clock.today(),
        )
    assert "Start a new group" in error.value.message_dict["service"][0]


def test_a_group_name_is_unique_in_the_centre(world: World, circle: Circle) -> None:
    with as_user(world.carol), pytest.raises(ValidationError) as error:
        services.create_group(
            by=world.carol,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails(" Globėjų ratas ", service(), world.carol),
            today=clock.today(),
        )
    assert "already has a group of this name" in error.value.message_dict["name"][0]


def test_a_member_who_attended_leaves_with_their_attendance_kept(
    world: World, circle: Circle
) -> None:
    record(world, circle, [circle.petrauskai], held_on=clock.today() - dt.timedelta(days=9))
    left = clock.today() - dt.timedelta(days=5)
    with as_user(world.alice):
        assert services.remove_group_member(by=world.alice, member=circle.ona, today=left)
        assert not services.remove_group_member(
            by=world.alice, member=circle.petrauskai, today=left
        )
    with as_system():
        assert not GroupMember.objects.filter(pk=circle.ona.pk).exists()
        circle.petrauskai.refresh_from_db()
    assert circle.petrauskai.left_on == left
    assert len(deliveries()) == 1
    # No attendance after leaving (on the day itself, yes); joining again is possible.
    messages = refused(world, circle, [circle.petrauskai], held_on=clock.today())
    assert "left the group" in messages["attended"][0]
    record(world, circle, [circle.petrauskai], held_on=left)
    assert sessions() == 2
    with as_user(world.alice):
        back = services.add_group_member(
            by=world.alice, group=circle.group, household=world.household, today=clock.today()
        )
    assert back.pk == circle.petrauskai.pk and back.left_on is None
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.add_group_member(
            by=world.alice, group=circle.group, household=world.household, today=clock.today()
        )
    assert "already a member" in error.value.message_dict["household"][0]


def test_deleting_a_session_deletes_its_attendance(world: World, circle: Circle) -> None:
    session = record(world, circle, circle.members)
    kept = record(world, circle, [circle.ona], held_on=clock.today() - dt.timedelta(days=9))
    with as_user(world.alice):
        services.delete_session(by=world.alice, session=session, version=session.version)
    assert [d.session_id for d in deliveries()] == [kept.pk]
    assert sessions() == 1


def test_who_may_run_a_group(world: World, circle: Circle) -> None:
    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    with as_user(colleague), pytest.raises(PermissionDenied):
        services.record_session(
            by=colleague,
            group=circle.group,
            details=details(world),
            attended=circle.members,
            today=clock.today(),
        )
    # A coordinator starts groups, but only as their facilitator.
    with as_user(colleague), pytest.raises(ValidationError) as error:
        services.create_group(
            by=colleague,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails("Kolegės grupė", service(), world.alice),
            today=clock.today(),
        )
    assert "groups they facilitate" in error.value.message_dict["facilitator"][0]
    with as_user(world.charlie), pytest.raises(PermissionDenied):
        services.create_group(
            by=world.charlie,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails("Svetima grupė", service(), world.charlie),
            today=clock.today(),
        )
    # The specialist and the manager run any group of the centre.
    for user in (world.carol, world.bob):
        with as_user(user):
            services.record_session(
                by=user,
                group=circle.group,
                details=details(world),
                attended=[circle.ona],
                today=clock.today(),
            )
    assert sessions() == 2


def test_the_database_refuses_what_the_service_would(world: World, circle: Circle) -> None:
    """The rules hold for writes that bypass the service (an import, a script)."""
    session = record(world, circle, [circle.ona])
    with as_system():
        base = {
            "group": circle.group,
            "provider": world.centre_a,
            "held_on": clock.today(),
            "minutes": 60,
            "facilitator": world.alice,
            "recorded_by": world.alice,
        }
        for bad in ({"form": DeliveryForm.HOME_VISIT}, {"minutes": 0}):
            with pytest.raises(IntegrityError), transaction.atomic():
                GroupSession.objects.create(**{**base, **bad})
        attendance = {
            "contact": session.contact,
            "provider": world.centre_a,
            "service": circle.group.service,
            "delivered_on": session.held_on,
            "minutes": 90,
            "form": DeliveryForm.OFFICE,
            "given_by": world.alice,
            "recorded_by": world.alice,
            "person_name": "Ona Būsimoji",
            "session": session,
        }
        for bad in (
            {"group_member": None},  # attendance names who attended
            {"group_member": circle.ona},  # once per session and member
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                Delivery.objects.create(**attendance, **bad)
        with pytest.raises(IntegrityError), transaction.atomic():
            GroupMember.objects.create(
                group=circle.group, provider=world.centre_a, person_name="", joined_on=clock.today()
            )
    assert session.pk


def test_row_level_security_holds_without_the_application_filter(
    world: World, circle: Circle
) -> None:
    record(world, circle, circle.members)
    for model in (Group, GroupMember, GroupSession, Delivery):
        with as_user(world.charlie):
            assert model.objects.count() == 0, model  # type: ignore[attr-defined]
        with as_user(world.alice):
            assert model.objects.count() > 0, model  # type: ignore[attr-defined]


# Pages ------------------------------------------------------------------------------------


def url(name: str, circle: Circle, **kwargs: object) -> str:
    return reverse(f"support:{name}", kwargs={"group_id": circle.group.pk, **kwargs})


def page_session(world: World, circle: Circle) -> GroupSession:
    return record(world, circle, [circle.petrauskai, circle.ona], held_on=clock.today(), minutes=90)


def session_post(circle: Circle, attended: list[GroupMember], **overrides: object) -> dict:  # type: ignore[type-arg]
    data: dict[str, object] = {
        "held_on": clock.today().isoformat(),
        "minutes": "90",
        "mode": DeliveryForm.OFFICE,
        "facilitator": circle.group.facilitator_id,
        "topic": "Atokvėpis",
        "attended": [str(m.pk) for m in attended],
        "notes": "",
    }
    data.update(overrides)
    return data


def test_the_groups_list_and_the_group_page(world: World, circle: Circle) -> None:
    session = page_session(world, circle)
    client = world.client_for(world.alice)
    start = client.get(reverse("home:start")).content.decode()
    assert reverse("support:groups") in start
    html = client.get(reverse("support:groups")).content.decode()
    assert "Globėjų ratas" in html and service().name_lt in html
    assert re.search(r'class="num">3</td><td class="num">1</td>', html)  # members, sessions
    page = client.get(url("group", circle))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("Petrauskų šeima", "Jonaičių šeima", "Ona Būsimoji", str(world.alice)):
        assert name in html
    assert session.held_on.isoformat() in html
    assert re.search(r'class="num">2</td>\s*</tr>', html)  # attended
    assert url("session_create", circle) in html
    detail = client.get(url("session", circle, session_id=session.pk)).content.decode()
    assert "Petrauskų šeima" in detail and "Ona Būsimoji" in detail


def test_the_groups_list_takes_the_same_queries_for_more_groups(world: World) -> None:
    client = world.client_for(world.bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("support:groups")).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        with as_user(world.bob):
            for i in range(n):
                services.create_group(
                    by=world.bob,
                    provider_id=world.centre_a.pk,
                    details=services.GroupDetails(f"Grupė {i}-{n}", service(), world.bob),
                )

    queries()  # the first request of a session does more (session and language set-up)
    add(2)
    few = queries()
    add(5)
    assert queries() == few


def test_a_manager_creates_a_group_through_the_page(world: World) -> None:
    client = world.client_for(world.bob)
    form = client.get(reverse("support:group_create")).content.decode()
    assert service("carer_support_training").name_lt in form
    assert service("social_consultation").name_lt not in form  # not a group service
    response = client.post(
        reverse("support:group_create"),
        {
            "name": "Budinčių globotojų grupė",
            "service": service("carer_support_training").pk,
            "facilitator": world.carol.pk,
            "description": "Kas mėnesį, ketvirtadieniais.",
        },
    )
    with as_system():
        group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "support:group", kwargs={"group_id": group.pk}
    )
    assert (group.name, group.facilitator, group.provider) == (
        "Budinčių globotojų grupė",
        world.carol,
        world.centre_a,
    )
    edit = client.post(
        reverse("support:group_edit", kwargs={"group_id": group.pk}),
        {
            "name": "Budinčių globotojų grupė",
            "service": service("carer_support_training").pk,
            "facilitator": world.carol.pk,
            "description": "",
            "version": group.version,
        },
    )
    assert edit.status_code == 302
    with as_system():
        group.refresh_from_db()
    assert not group.is_active and group.version == 2


def test_members_are_added_and_removed_in_place(world: World, circle: Circle) -> None:
    client = world.client_for(world.alice)
    newcomer = household_with(world.bob, world.centre_a, name="Naujokų šeima")
    form = client.get(url("group_member_add", circle), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="members"' in form and "Naujokų šeima" in form
    assert not re.search(r"<option[^>]*>Petrauskų šeima", form)  # already a member
    response = client.post(
        url("group_member_add", circle), {"household": newcomer.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Naujokų šeima" in html
    with as_system():
        added = GroupMember.objects.get(household=newcomer)
    response = client.post(
        url("group_member_remove", circle, member_id=added.pk), HTTP_HX_REQUEST="true"
    )
    assert "Naujokų šeima" in response.content.decode()  # in the message, not the list
    with as_system():
        assert not GroupMember.objects.filter(pk=added.pk).exists()
    # Neither a household nor a name: the form again, nothing saved.
    response = client.post(url("group_member_add", circle), {"person_name": " "})
    assert response.status_code == 200 and 'class="form-errors"' in response.content.decode()
    with as_system():
        assert GroupMember.objects.filter(group=circle.group).count() == 3


def test_recording_a_session_through_the_page_with_the_attendance_checklist(
    world: World, circle: Circle
) -> None:
    client = world.client_for(world.alice)
    form = client.get(url("session_create", circle)).content.decode()
    for m in circle.members:
        assert re.search(rf'value="{m.pk}"', form)
        assert not re.search(rf'value="{m.pk}"[^>]* checked', form)  # tick who came
    response = client.post(
        url("session_create", circle), session_post(circle, [circle.petrauskai, circle.ona])
    )
    assert response.status_code == 302
    rows = deliveries()
    assert {d.group_member_id for d in rows} == {circle.petrauskai.pk, circle.ona.pk}
    # The household's page shows the group among its contacts.
    household_page = client.get(
        reverse("registry:household", kwargs={"household_id": world.household.pk})
    ).content.decode()
    assert "Globėjų ratas: Atokvėpis" in household_page

    with as_system():
        session = GroupSession.objects.get()
    edit_url = url("session_edit", circle, session_id=session.pk)
    edit = client.get(edit_url).content.decode()
    assert re.search(rf'value="{circle.ona.pk}"[^>]* checked', edit)
    assert not re.search(rf'value="{circle.jonaiciai.pk}"[^>]* checked', edit)
    response = client.post(
        edit_url,
        {**session_post(circle, [circle.jonaiciai, circle.ona], minutes="60"), "version": "1"},
    )
    assert response.status_code == 302
    rows = deliveries()
    assert {d.group_member_id for d in rows} == {circle.jonaiciai.pk, circle.ona.pk}
    assert {d.minutes for d in rows} == {60}

    confirm = client.get(url("session_delete", circle, session_id=session.pk))
    assert confirm.status_code == 200
    response = client.post(url("session_delete", circle, session_id=session.pk), {"version": "2"})
    assert response.status_code == 302 and deliveries() == [] and sessions() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": "2099-01-01"}, "ateityje"),
        ({"minutes": "0"}, "Trukmė"),
        ({"minutes": "900"}, "Trukmė"),
        ({"mode": DeliveryForm.HOME_VISIT}, "Nurodykite tinkamą"),
    ],
)
def test_bad_input_on_the_session_page_says_so_and_saves_nothing(
    world: World, circle: Circle, overrides: dict[str, object], message: str
) -> None:
    client = world.client_for(world.alice)
    response = client.post(
        url("session_create", circle), session_post(circle, circle.members, **overrides)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Niekas neišsaugota" in html and message in html
    assert sessions() == 0 and deliveries() == []


def test_outsiders_get_404_and_colleagues_who_do_not_run_the_group_403(
    world: World, circle: Circle
) -> None:
    session = page_session(world, circle)
    ids = {"session_id": session.pk}
    reads = [url("group", circle), url("session", circle, **ids)]
    writes = [
        url("group_edit", circle),
        url("group_member_add", circle),
        url("group_member_remove", circle, member_id=circle.ona.pk),
        url("session_create", circle),
        url("session_edit", circle, **ids),
        url("session_delete", circle, **ids),
    ]
    for user in (world.charlie, world.nora):
        client = world.client_for(user)
        for address in reads + writes:
            assert client.get(address).status_code in (404, 405), (user, address)
            refused = 405 if address in reads else 404
            assert client.post(address, {}).status_code == refused, (user, address)
    assert world.client_for(world.nora).get(reverse("support:groups")).status_code == 403
    theirs = world.client_for(world.charlie).get(reverse("support:groups")).content.decode()
    assert "Globėjų ratas" not in theirs

    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    client = world.client_for(colleague)
    for address in reads:
        page = client.get(address)
        assert page.status_code == 200
        assert url("session_create", circle) not in page.content.decode()
    for address in writes:
        assert client.post(address, {}).status_code == 403, address
    assert len(deliveries()) == 2
    with as_system():
        assert GroupMember.objects.filter(left_on__isnull=True).count() == 3


def test_a_specialist_records_a_session_of_a_group_she_does_not_facilitate(
    world: World, circle: Circle
) -> None:
    client = world.client_for(world.carol)
    response = client.post(url("session_create", circle), session_post(circle, [circle.ona]))
    assert response.status_code == 302
    assert [d.person_name for d in deliveries()] == ["Ona Būsimoji"]


def test_a_participant_attends_only_while_a_member(world: World, circle: Circle) -> None:
    with as_user(world.bob):
        late = services.add_group_member(
            by=world.bob, group=circle.group, person_name="Rasa Vėlesnė", today=clock.today()
        )
    messages = refused(world, circle, [circle.ona, late])
    joined = clock.today().isoformat()
    assert f"joined the group on {joined}, after this session" in messages["attended"][0]
    assert sessions() == 0
    # Once recorded, a participant stays valid at that session if they leave and rejoin.
    session = record(world, circle, [circle.ona])
    with as_user(world.bob):
        services.remove_group_member(by=world.bob, member=circle.ona, today=clock.today())
        services.add_group_member(
            by=world.bob, group=circle.group, person_name="Ona Būsimoji", today=clock.today()
        )
    with as_system():
        circle.ona.refresh_from_db()
    assert circle.ona.joined_on == clock.today()
    with as_user(world.alice):
        services.change_session(
            by=world.alice,
            session=session,
            details=details(world, minutes=60),
            attended=[circle.ona],
            version=session.version,
            today=clock.today(),
        )
    assert [d.minutes for d in deliveries()] == [60]


def test_a_service_with_restricted_notes_is_never_given_in_groups(world: World) -> None:
    consultation = service("psychological_consultation")
    assert consultation.restricted_notes
    consultation.in_groups = True
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "cannot be given in groups" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        consultation.save()


def test_odd_digits_in_parameters_are_no_error(world: World, circle: Circle) -> None:
    """Superscript and other non-ASCII digits pass ``str.isdigit`` but not ``int``."""
    client = world.client_for(world.bob)
    assert client.get(reverse("support:group_create"), {"centre": "²"}).status_code == 200
    session = page_session(world, circle)
    response = client.post(url("session_delete", circle, session_id=session.pk), {"version": "²"})
    # Taken as a stale version: back to the session with a message, nothing deleted.
    assert response.status_code == 302
    assert sessions() == 1

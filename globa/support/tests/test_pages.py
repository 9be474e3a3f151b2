"""The contact pages: quick entry, access (outsider 404, read-only 403), notes, start page."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.support import selectors, services
from globa.support.models import Delivery, DeliveryForm, Service
from globa.testing import (
    ChildFactory,
    World,
    as_system,
    as_user,
    household_with,
    member,
    place,
)


def contact_url(world: World) -> str:
    return reverse("support:household_contact", kwargs={"household_id": world.household.pk})


def child_contact_url(world: World) -> str:
    return reverse("support:child_contact", kwargs={"child_id": world.child.pk})


def visit(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": Service.objects.get(code="coordinator_assistance").pk,
        "delivered_on": clock.today().isoformat(),
        "minutes": "60",
        "mode": DeliveryForm.HOME_VISIT,
        "recipients": ["household", str(world.child.pk)],
        "notes": "Aplankyta šeima.",
        # A home visit's record: whether the children's safety gives concern.
        "safety": "none",
    }
    data.update(overrides)
    return data


def count() -> int:
    with as_system():
        return Delivery.objects.count()


@pytest.fixture
def placed(world: World) -> World:
    place(world.child, world.household, dt.date(2025, 3, 1))
    return world


def test_the_household_page_offers_quick_entry_and_records_inline(placed: World) -> None:
    client = placed.client_for(placed.alice)
    page = client.get(reverse("registry:household", kwargs={"household_id": placed.household.pk}))
    assert contact_url(placed) in page.content.decode()

    form = client.get(contact_url(placed), HTTP_HX_REQUEST="true")
    html = form.content.decode()
    assert form.status_code == 200 and 'id="contacts"' in html
    assert re.search(r'value="household"[^>]* checked', html)
    assert re.search(rf'value="{placed.child.pk}"[^>]* checked', html)

    response = client.post(contact_url(placed), visit(placed), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 gavėjams" in html  # "Recorded: …, for 2 recipients." in Lithuanian
    assert "Aplankyta šeima." in html
    assert count() == 2


def test_without_htmx_the_form_is_a_page_and_returns_where_it_came_from(placed: World) -> None:
    client = placed.client_for(placed.alice)
    page = client.get(contact_url(placed) + "?next=/")
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = client.post(contact_url(placed), {**visit(placed), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    # Somewhere else entirely is not followed (a second visit that day, confirmed as such).
    response = client.post(
        contact_url(placed),
        {**visit(placed), "next": "https://example.com/", "confirm_same": "on"},
    )
    assert response["Location"] == reverse(
        "registry:household", kwargs={"household_id": placed.household.pk}
    )
    assert count() == 4


def test_the_contact_pages_back_link_goes_to_the_household_it_names(placed: World) -> None:
    client = placed.client_for(placed.alice)
    household = reverse("registry:household", kwargs={"household_id": placed.household.pk})
    page = client.get(contact_url(placed) + "?next=/").content.decode()
    back = re.search(r'<main[^>]*>\s*<p><a href="([^"]*)">\u2039 ([^<]*)</a>', page)
    assert back is not None
    assert back.groups() == (household, placed.household.name)
    child = reverse("registry:child", kwargs={"child_id": placed.child.pk})
    page = client.get(child_contact_url(placed) + "?next=/").content.decode()
    back = re.search(r'<main[^>]*>\s*<p><a href="([^"]*)">', page)
    assert back is not None and back.group(1) == child


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"minutes": "-5"}, "Trukmė"),
        ({"minutes": "5000"}, "Trukmė"),
        ({"minutes": "daug"}, "Įveskite pilną skaičių"),
        ({"delivered_on": "2099-01-01"}, "ateityje"),
        ({"recipients": []}, "Pasirinkite, kas gavo paslaugą"),
        ({"recipients": ["kažkas"]}, "Nurodykite tinkamą reikšmę"),
        ({"service": "999999"}, "Pasirinkite tinkamą"),
    ],
)
def test_bad_input_shows_a_message_in_lithuanian_and_saves_nothing(
    placed: World, overrides: dict[str, object], message: str
) -> None:
    client = placed.client_for(placed.alice)
    response = client.post(contact_url(placed), visit(placed, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Niekas neišsaugota" in html
    assert message in html
    assert count() == 0


def test_english_messages(placed: World) -> None:
    client = placed.client_for(placed.alice)
    client.cookies["django_language"] = "en"
    response = client.post(contact_url(placed), visit(placed, minutes="-5"))
    assert "A duration is between 1 minute and 12 hours" in response.content.decode()


def test_an_outsider_gets_404_and_a_read_only_coordinator_403(placed: World) -> None:
    for user in (placed.charlie, placed.nora):
        client = placed.client_for(user)
        assert client.get(contact_url(placed)).status_code == 404
        assert client.post(contact_url(placed), visit(placed)).status_code == 404
        assert client.post(child_contact_url(placed), visit(placed)).status_code == 404
    colleague = member(Role.COORDINATOR, placed.centre_a, first_name="Kita", last_name="Kolegė")
    client = placed.client_for(colleague)
    # She sees the household (her centre's records, read-only) but does not coordinate it.
    page = client.get(reverse("registry:household", kwargs={"household_id": placed.household.pk}))
    assert page.status_code == 200 and contact_url(placed) not in page.content.decode()
    assert client.post(contact_url(placed), visit(placed)).status_code == 403
    assert client.post(child_contact_url(placed), visit(placed)).status_code == 403
    assert count() == 0


def test_a_specialist_records_a_consultation_for_a_child(placed: World) -> None:
    client = placed.client_for(placed.carol)
    data = visit(
        placed,
        service=Service.objects.get(code="psychological_consultation").pk,
        mode=DeliveryForm.OFFICE,
        recipients=[str(placed.child.pk)],
        notes="Vaikas jaučia nerimą prieš susitikimus.",
    )
    response = client.post(child_contact_url(placed), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Vaikas jaučia nerimą" in response.content.decode()
    assert count() == 1


def test_psychological_notes_are_seen_only_by_the_author_and_the_specialist_team(
    placed: World,
) -> None:
    psychological = Service.objects.get(code="psychological_consultation")
    with as_user(placed.carol):
        services.record_contact(
            by=placed.carol,
            provider_id=placed.centre_a.pk,
            contact=services.Contact(
                psychological, clock.today(), 60, DeliveryForm.OFFICE, "Slapta pastaba."
            ),
            children=[placed.child],
        )
    colleague = member(Role.SPECIALIST, placed.centre_a, first_name="Rūta", last_name="Psichologė")
    child_page = reverse("registry:child", kwargs={"child_id": placed.child.pk})
    for user, sees in (
        (placed.carol, True),
        (colleague, True),
        (placed.alice, False),
        (placed.bob, False),
    ):
        html = placed.client_for(user).get(child_page).content.decode()
        assert ("Slapta pastaba." in html) is sees, user
        assert psychological.name_lt in html
        if not sees:
            assert "Matoma tik specialistų komandai" in html
        with as_user(user):
            row = selectors.deliveries_visible_to(user).get()
        assert (row.shown_notes == "Slapta pastaba.") is sees
    # Other services' notes are for every colleague of the centre.
    with as_user(placed.alice):
        services.record_contact(
            by=placed.alice,
            provider_id=placed.centre_a.pk,
            contact=services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                clock.today(),
                30,
                DeliveryForm.PHONE,
                "Paskambinta globėjams.",
            ),
            household=placed.household,
        )
    page = placed.client_for(placed.bob).get(
        reverse("registry:household", kwargs={"household_id": placed.household.pk})
    )
    assert "Paskambinta globėjams." in page.content.decode()


def test_another_centre_never_sees_the_deliveries(placed: World) -> None:
    with as_user(placed.alice):
        services.record_contact(
            by=placed.alice,
            provider_id=placed.centre_a.pk,
            contact=services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                clock.today(),
                60,
                DeliveryForm.HOME_VISIT,
            ),
            household=placed.household,
        )
    with as_user(placed.charlie):
        assert selectors.deliveries_visible_to(placed.charlie).count() == 0
        # Row-level security holds even without the application's filter.
        assert Delivery.objects.count() == 0
    with as_user(placed.alice):
        assert Delivery.objects.count() == 1


def test_the_start_page_lists_contacts_due_overdue_first(world: World) -> None:
    today = clock.today()
    on_call = household_with(world.alice, world.centre_a, name="Budinčių šeima", kind="on_call")
    guardian = household_with(
        world.alice, world.centre_a, name="Globėjų šeima", kind="guardian_relative"
    )
    with as_user(world.alice):
        for household, days_ago in ((on_call, 20), (guardian, 10)):
            services.record_contact(
                by=world.alice,
                provider_id=world.centre_a.pk,
                contact=services.Contact(
                    Service.objects.get(code="coordinator_assistance"),
                    today - dt.timedelta(days=days_ago),
                    60,
                    DeliveryForm.HOME_VISIT,
                ),
                household=household,
            )
    html = world.client_for(world.alice).get(reverse("home:start")).content.decode()
    # Never met (world.household), then overdue, then the guardians due in 20 days.
    assert (
        html.index(world.household.name)
        < html.index("Budinčių šeima")
        < html.index("Globėjų šeima")
    )
    assert "6 dienas vėluojama" in html  # 20 days ago, due every 14
    assert (today + dt.timedelta(days=20)).isoformat() in html  # every 30 days
    assert "2 kontaktai vėluoja" in html


def test_working_day_rules_with_a_controlled_clock(world: World) -> None:
    today = dt.date(2026, 11, 23)
    on_call = household_with(world.alice, world.centre_a, name="Budinčių šeima", kind="on_call")
    never = household_with(
        world.alice, world.centre_a, name="Naujų šeima", kind="guardian_non_relative"
    )
    almost_adult = ChildFactory(centre=world.centre_a, birth_date=dt.date(2009, 3, 1))
    adult_later = ChildFactory(centre=world.centre_a, birth_date=dt.date(2009, 7, 1))
    extended = ChildFactory(
        centre=world.centre_a,
        birth_date=dt.date(2009, 2, 1),
        support_extended_until=dt.date(2030, 2, 1),
        support_extension_decision="Sprendimas Nr. A-15",
    )
    for child in (almost_adult, adult_later, extended):
        place(child, never, dt.date(2024, 1, 1), kind="permanent")
    long_stay = ChildFactory(centre=world.centre_a, birth_date=dt.date(2020, 1, 1))
    short_stay = ChildFactory(centre=world.centre_a, birth_date=dt.date(2021, 1, 1))
    place(long_stay, on_call, dt.date(2025, 12, 10))
    place(short_stay, on_call, dt.date(2026, 6, 1))
    with as_user(world.alice):
        services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                dt.date(2026, 11, 9),
                60,
                DeliveryForm.HOME_VISIT,
            ),
            household=on_call,
            today=today,
        )
        day = selectors.working_day(world.alice, today)
    by_name = {due.household.name: due for due in day.contacts}
    assert by_name["Budinčių šeima"].next_due == dt.date(2026, 11, 23)
    assert by_name["Budinčių šeima"].overdue_days == 0 and not by_name["Budinčių šeima"].overdue
    assert by_name["Naujų šeima"].last_contact is None and by_name["Naujų šeima"].overdue
    # Never met come first, by name; the on-call family is due today, not yet overdue.
    assert [due.household.name for due in day.contacts] == [
        "Naujų šeima",
        world.household.name,
        "Budinčių šeima",
    ]
    assert day.overdue == 2
    # 18 on 2027-03-01 is within six months; 2027-07-01 is not; an extended support is decided.
    assert [(m.placement.child, m.day) for m in day.turning_18] == [
        (almost_adult, dt.date(2027, 3, 1))
    ]
    # The on-call rule's 12 months end within two months for one child only.
    assert [(m.placement.child, m.day) for m in day.on_call_limit] == [
        (long_stay, dt.date(2026, 12, 10))
    ]


def test_a_group_session_is_not_a_contact_with_the_coordinator(world: World) -> None:
    """Attendance is a service to the household, but the start page's contact rule is about
    the coordinator meeting the family."""
    today = clock.today()
    with as_user(world.carol):
        group = services.create_group(
            by=world.carol,
            provider_id=world.centre_a.pk,
            details=services.GroupDetails(
                "Savitarpio grupė", Service.objects.get(code="mutual_help_group"), world.carol
            ),
        )
        member = services.add_group_member(by=world.carol, group=group, household=world.household)
        services.record_session(
            by=world.carol,
            group=group,
            details=services.SessionDetails(today, 90, DeliveryForm.OFFICE, world.carol),
            attended=[member],
        )
        assert Delivery.objects.filter(household=world.household).count() == 1
    with as_user(world.alice):
        day = selectors.working_day(world.alice, today)
    assert day.contacts[0].household == world.household
    assert day.contacts[0].last_contact is None


def test_someone_outside_the_registry_can_be_recorded_too(placed: World) -> None:
    client = placed.client_for(placed.alice)
    response = client.post(
        contact_url(placed), visit(placed, recipients=["household"], person_name="Ona Petrauskienė")
    )
    assert response.status_code == 302
    response = client.post(contact_url(placed), visit(placed, recipients=[], person_name="Jonas"))
    assert response.status_code == 302
    with as_system():
        assert sorted(Delivery.objects.values_list("person_name", flat=True)) == [
            "",
            "Jonas",
            "Ona Petrauskienė",
        ]
    # The national monitor records nothing, for anyone.
    with as_user(placed.nora), pytest.raises(PermissionDenied):
        services.record_contact(
            by=placed.nora,
            provider_id=placed.centre_a.pk,
            contact=services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                clock.today(),
                60,
                DeliveryForm.PHONE,
            ),
            person_name="Kažkas",
        )

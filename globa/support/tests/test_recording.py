"""Recording services: rules, all-or-nothing saving, audit, and who may record."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from globa.audit.models import AuditChange
from globa.lib import clock
from globa.support import services
from globa.support.models import Delivery, DeliveryForm, Service, ServiceProvision
from globa.testing import ChildFactory, World, as_system, as_user, from_today, household_with, place


def service(code: str = "coordinator_assistance") -> Service:
    return Service.objects.get(code=code)


def contact(**overrides: object) -> services.Contact:
    values: dict[str, object] = {
        "service": service(),
        "delivered_on": clock.today(),
        "minutes": 60,
        "form": DeliveryForm.HOME_VISIT,
        "notes": "Aplankyta šeima.",
    }
    values.update(overrides)
    return services.Contact(**values)  # type: ignore[arg-type]


def two_children_placed(world: World) -> list:  # type: ignore[type-arg]
    children = [
        world.child,
        ChildFactory(centre=world.centre_a, first_name="Jonas", last_name="Jonaitis"),
    ]
    for child in children:
        place(child, world.household, dt.date(2025, 1, 10))
    return children


def all_deliveries() -> list[Delivery]:
    with as_system():
        return list(Delivery.objects.all())


def test_a_home_visit_is_one_delivery_per_recipient_sharing_the_contact(world: World) -> None:
    children = two_children_placed(world)
    with as_user(world.alice):
        saved = services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(),
            household=world.household,
            children=children,
            today=clock.today(),
        )
    assert len(saved) == 3
    rows = all_deliveries()
    assert len(rows) == 3
    assert len({row.contact for row in rows}) == 1
    assert {row.household_id for row in rows} == {world.household.pk, None}
    assert {row.child_id for row in rows if row.child_id} == {c.pk for c in children}
    assert all(row.given_by_id == world.alice.pk and row.minutes == 60 for row in rows)
    with as_system():
        audited = AuditChange.objects.filter(table_name="support_delivery", operation="I")
        assert audited.count() == 3
        assert {a.user_id for a in audited} == {world.alice.pk}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"delivered_on": dt.timedelta(days=1)}, "delivered_on", "in the future"),
        ({"delivered_on": dt.timedelta(days=-400)}, "delivered_on", "more than a year"),
        ({"minutes": 0}, "minutes", "between 1 minute and 12 hours"),
        ({"minutes": -30}, "minutes", "between 1 minute and 12 hours"),
        ({"minutes": 721}, "minutes", "between 1 minute and 12 hours"),
        ({"form": "telepathy"}, "form", "how the service was given"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    world: World, overrides: dict[str, object], field: str, message: str
) -> None:
    children = two_children_placed(world)
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(**from_today(overrides)),
            household=world.household,
            children=children,
            today=clock.today(),
        )
    assert message in " ".join(error.value.message_dict[field])
    assert all_deliveries() == []


def test_a_recipient_of_another_centre_is_refused_and_nothing_saved(world: World) -> None:
    other = ChildFactory(centre=world.centre_b, first_name="Tomas", last_name="Tomaitis")
    with as_system(), pytest.raises(ValidationError) as error:
        services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(),
            household=world.household,
            children=[other],
            today=clock.today(),
        )
    assert "not a record of your organisation" in error.value.message_dict["recipients"][0]
    assert all_deliveries() == []


def test_someone_must_receive_it(world: World) -> None:
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.record_contact(
            by=world.alice, provider_id=world.centre_a.pk, contact=contact(), today=clock.today()
        )
    assert "who received" in error.value.message_dict["recipients"][0]


def test_a_child_cannot_receive_help_before_birth(world: World) -> None:
    baby = ChildFactory(centre=world.centre_a, birth_date=clock.today() - dt.timedelta(days=22))
    with as_user(world.carol), pytest.raises(ValidationError) as error:
        services.record_contact(
            by=world.carol,
            provider_id=world.centre_a.pk,
            contact=contact(delivered_on=clock.today() - dt.timedelta(days=34)),
            children=[baby],
            today=clock.today(),
        )
    assert "not yet born" in error.value.message_dict["delivered_on"][0]


def test_only_services_the_organisation_provides_on_the_day(world: World) -> None:
    last_day = clock.today() - dt.timedelta(days=146)
    ServiceProvision.objects.filter(
        organisation=world.centre_a, service__code="coordinator_assistance"
    ).update(valid_to=last_day)
    with as_user(world.alice):
        services.record_contact(  # still provided then
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(delivered_on=last_day),
            household=world.household,
            today=clock.today(),
        )
        with pytest.raises(ValidationError) as error:
            services.record_contact(
                by=world.alice,
                provider_id=world.centre_a.pk,
                contact=contact(),
                household=world.household,
                today=clock.today(),
            )
    assert "does not provide" in error.value.message_dict["service"][0]
    assert len(all_deliveries()) == 1


def test_a_coordinator_records_only_for_their_own_households(world: World) -> None:
    others = household_with(world.bob, world.centre_a, name="Kitų šeima")
    with as_user(world.alice), pytest.raises(PermissionDenied):
        services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(),
            household=others,
            today=clock.today(),
        )
    assert all_deliveries() == []


def test_specialists_and_managers_record_for_any_record_of_their_centre(world: World) -> None:
    for user in (world.carol, world.bob):
        with as_user(user):
            services.record_contact(
                by=user,
                provider_id=world.centre_a.pk,
                contact=contact(service=service("social_consultation"), form="office"),
                children=[world.child],
                today=clock.today(),
            )
    assert len(all_deliveries()) == 2


def test_the_database_refuses_what_the_service_would(world: World) -> None:
    """The checks hold for writes that bypass the service (a bulk import, a script)."""
    from django.db import IntegrityError, transaction

    with as_system():
        base = {
            "provider": world.centre_a,
            "service": service(),
            "delivered_on": clock.today(),
            "form": DeliveryForm.PHONE,
            "given_by": world.alice,
            "recorded_by": world.alice,
        }
        for bad in (
            {"minutes": 0, "child": world.child},
            {"minutes": 60},  # nobody
            {"minutes": 60, "child": world.child, "household": world.household},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                Delivery.objects.create(**base, **bad)


def test_restricted_notes_are_not_copied_into_the_audit_trail(world: World) -> None:
    """The audit trail is read by everyone in the centre's scope; a psychologist's notes only
    by their author and the specialist team."""
    children = two_children_placed(world)
    with as_user(world.carol):
        [consultation] = services.record_contact(
            by=world.carol,
            provider_id=world.centre_a.pk,
            contact=contact(
                service=service("psychological_consultation"),
                form=DeliveryForm.OFFICE,
                notes="Slapta pastaba.",
            ),
            children=children[:1],
        )
    with as_user(world.alice):
        [visit] = services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=contact(notes="Aplankyta šeima."),
            household=world.household,
        )
    with as_system():
        Delivery.objects.filter(pk=consultation.pk).update(notes="Kita slapta pastaba.")
        Delivery.objects.filter(pk=visit.pk).update(notes="Aplankyta šeima vakare.")
        audited = AuditChange.objects.filter(table_name="support_delivery").order_by("id")
        rows = {(a.row_id, a.operation): a for a in audited}
    created = rows[(str(consultation.pk), "I")]
    changed = rows[(str(consultation.pk), "U")]
    assert created.after["notes"] == "(not recorded)"
    assert (changed.before["notes"], changed.after["notes"]) == (
        "(not recorded)",
        "(not recorded, changed)",
    )
    assert created.after["service_id"] == consultation.service_id
    # Other services' notes, which every colleague reads, are kept as they were.
    assert rows[(str(visit.pk), "U")].before["notes"] == "Aplankyta šeima."
    assert rows[(str(visit.pk), "U")].after["notes"] == "Aplankyta šeima vakare."
    with as_system():
        assert not AuditChange.objects.filter(
            Q(before__icontains="slapta") | Q(after__icontains="slapta")
        ).exists()

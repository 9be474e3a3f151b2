import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from globa.core.saving import ConcurrentEditError
from globa.lib import clock, personal_code
from globa.registry import services
from globa.registry.models import (
    CapacityRule,
    Child,
    HouseholdKind,
    HouseholdOwnChild,
    Placement,
    SiblingGroup,
)
from globa.testing import ChildFactory, World, as_system, as_user, household_with, place


def child_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Ieva",
        "last_name": "Jonaitė",
        "sex": "F",
        "birth_date": dt.date(2015, 3, 14),
        "personal_code": personal_code.make(dt.date(2015, 3, 14), "F", 123),
        "legal_status": Child.LegalStatus.TEMPORARY_CARE,
        "status": Child.Status.IN_CARE,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestChildValidation:
    def test_it_accepts_a_consistent_record(self) -> None:
        services.validate_child(child_data(), today=clock.today())

    def test_it_rejects_a_bad_check_digit(self) -> None:
        code = personal_code.make(dt.date(2015, 3, 14), "F", 123)
        bad = code[:10] + str((int(code[10]) + 1) % 10)
        with pytest.raises(ValidationError) as error:
            services.validate_child(child_data(personal_code=bad), today=clock.today())
        assert "check digit" in str(error.value.message_dict["personal_code"])

    def test_it_rejects_a_birth_date_that_differs_from_the_code(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.validate_child(
                child_data(birth_date=dt.date(2015, 3, 15)), today=clock.today()
            )
        assert "2015-03-14" in error.value.message_dict["personal_code"][0]

    def test_it_rejects_century_or_sex_mismatch(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.validate_child(child_data(sex="M"), today=clock.today())
        assert "first digit" in error.value.message_dict["personal_code"][0]
        # A 1900s code (4…) for a child entered as born in 2015.
        old = personal_code.make(dt.date(1915, 3, 14), "F", 123)
        with pytest.raises(ValidationError):
            services.validate_child(child_data(personal_code=old), today=clock.today())

    def test_it_requires_another_identifier_without_a_code(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.validate_child(child_data(personal_code=""), today=clock.today())
        assert "other_identifier" in error.value.message_dict
        services.validate_child(
            child_data(personal_code="", other_identifier="UA FX123456"), today=clock.today()
        )

    def test_it_rejects_a_future_birth_date(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.validate_child(
                child_data(
                    personal_code="",
                    other_identifier="X1",
                    birth_date=clock.today() + dt.timedelta(days=1),
                ),
                today=clock.today(),
            )
        assert "birth_date" in error.value.message_dict

    def test_support_extension_needs_a_decision_and_ends_by_21(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.validate_child(
                child_data(support_extended_until=dt.date(2037, 3, 14)), today=clock.today()
            )
        messages = error.value.message_dict
        assert "support_extension_decision" in messages
        assert "support_extended_until" in messages


@pytest.mark.django_db
class TestChildCreate:
    def test_it_keeps_lithuanian_letters(self, world: World) -> None:
        with as_user(world.bob):
            child = services.child_create(
                by=world.bob,
                centre=world.centre_a,
                data=child_data(
                    first_name="Žemyna",
                    last_name="Čiurlionytė",
                    municipality=world.child.municipality,
                    personal_code=personal_code.make(dt.date(2015, 3, 14), "F", 555),
                ),
            )
        with as_system():
            assert Child.objects.get(pk=child.pk).last_name == "Čiurlionytė"

    def test_a_duplicate_personal_code_is_refused_with_a_message(self, world: World) -> None:
        with as_user(world.bob), pytest.raises(ValidationError) as error:
            services.child_create(
                by=world.bob,
                centre=world.centre_a,
                data=child_data(
                    personal_code=world.child.personal_code, municipality=world.child.municipality
                ),
            )
        assert "already registered" in str(error.value)

    def test_it_refuses_a_centre_outside_the_users_scope(self, world: World) -> None:
        with pytest.raises(PermissionDenied):
            services.child_create(
                by=world.charlie,
                centre=world.centre_a,
                data=child_data(municipality=world.child.municipality),
            )

    def test_a_concurrent_edit_is_refused(self, world: World) -> None:
        with as_system():
            stale = Child.objects.get(pk=world.child.pk)
            data = {
                **child_data(),
                "personal_code": world.child.personal_code,
                "municipality": world.child.municipality,
            }
            services.child_update(
                by=world.bob,
                child=Child.objects.get(pk=world.child.pk),
                version=1,
                data={**data, "first_name": "Ugnė"},
            )
            with pytest.raises(ConcurrentEditError):
                services.child_update(
                    by=world.bob,
                    child=stale,
                    version=stale.version,
                    data={**data, "first_name": "Rūta"},
                )
            assert Child.objects.get(pk=world.child.pk).first_name == "Ugnė"


@pytest.mark.django_db
class TestPlacements:
    def test_it_starts_a_placement(self, world: World) -> None:
        with as_system():
            placement = services.placement_start(
                by=world.alice,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
                today=clock.today(),
            )
            assert placement.centre_id == world.centre_a.pk

    def test_overlap_is_refused_with_a_message(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 10))
        other = household_with(world.alice, world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
        with as_system(), pytest.raises(ValidationError) as error:
            services.placement_start(
                by=world.alice,
                child=world.child,
                household=other,
                kind=Placement.Kind.TEMPORARY,
                started_on=dt.date(2026, 3, 1),
                today=clock.today(),
            )
        assert "2026-01-10" in str(error.value)

    def test_the_database_refuses_overlap_even_without_the_service(self, world: World) -> None:
        place(
            world.child,
            world.household,
            dt.date(2025, 1, 1),
            ended_on=dt.date(2025, 6, 1),
            end_reason="moved",
        )
        with (
            as_system(),
            pytest.raises(IntegrityError, match="placement_no_overlap_per_child"),
            transaction.atomic(),
        ):
            Placement.objects.create(
                child=world.child,
                centre=world.centre_a,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=dt.date(2025, 5, 31),
            )

    def test_back_to_back_placements_are_allowed(self, world: World) -> None:
        place(
            world.child,
            world.household,
            dt.date(2025, 1, 1),
            ended_on=dt.date(2025, 6, 1),
            end_reason="moved",
        )
        with as_system():
            services.placement_start(
                by=world.alice,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=dt.date(2025, 6, 1),
                today=clock.today(),
            )
            assert world.child.placements.count() == 2

    def test_on_call_carer_takes_at_most_three(self, world: World) -> None:
        for _ in range(3):
            place(ChildFactory(centre=world.centre_a), world.household, dt.date(2026, 1, 1))
        with as_system(), pytest.raises(ValidationError) as error:
            services.placement_start(
                by=world.alice,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
                today=clock.today(),
            )
        rule = CapacityRule.objects.get(household_kind=HouseholdKind.ON_CALL)
        assert rule.display_name in str(error.value) and rule.name_en == rule.display_name
        assert "at most 3" in str(error.value)

    def test_on_call_carer_counts_own_children(self, world: World) -> None:
        with as_system():
            for name in ("Jonas", "Ona", "Rokas"):
                HouseholdOwnChild.objects.create(
                    household=world.household,
                    centre=world.centre_a,
                    first_name=name,
                    birth_date=dt.date(2012, 1, 1),
                )
        place(ChildFactory(centre=world.centre_a), world.household, dt.date(2026, 1, 1))
        place(ChildFactory(centre=world.centre_a), world.household, dt.date(2026, 1, 1))
        with as_system(), pytest.raises(ValidationError, match="including the family's own"):
            services.placement_start(
                by=world.alice,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
                today=clock.today(),
            )

    def test_guardian_family_may_exceed_five_to_keep_siblings_together(self, world: World) -> None:
        family = household_with(
            world.alice, world.centre_a, kind=HouseholdKind.GUARDIAN_NON_RELATIVE
        )
        with as_system():
            group = SiblingGroup.objects.create(centre=world.centre_a, label="Jonaičiai")
        brother = ChildFactory(centre=world.centre_a, sibling_group=group)
        for _ in range(4):
            place(ChildFactory(centre=world.centre_a), family, dt.date(2026, 1, 1))
        place(brother, family, dt.date(2026, 1, 1))
        stranger = ChildFactory(centre=world.centre_a)
        sister = ChildFactory(centre=world.centre_a, sibling_group=group)
        with as_system():
            with pytest.raises(ValidationError, match="at most 5"):
                services.placement_start(
                    by=world.alice,
                    child=stranger,
                    household=family,
                    kind=Placement.Kind.PERMANENT,
                    started_on=clock.today(),
                    today=clock.today(),
                )
            services.placement_start(
                by=world.alice,
                child=sister,
                household=family,
                kind=Placement.Kind.PERMANENT,
                started_on=clock.today(),
                today=clock.today(),
            )
            assert family.placements.filter(ended_on__isnull=True).count() == 6

    def test_ending_records_reason_and_warns_past_twelve_months(self, world: World) -> None:
        placement = place(world.child, world.household, dt.date(2025, 1, 1))
        with as_system():
            warnings = services.placement_end(
                by=world.alice,
                placement=placement,
                ended_on=dt.date(2026, 3, 1),
                end_reason="reunified",
                version=placement.version,
                today=clock.today(),
            )
            placement.refresh_from_db()
        assert placement.ended_on == dt.date(2026, 3, 1)
        assert (
            placement.end_reason_group in {"permanency", "ilgalaikis sprendimas"}
            or placement.end_reason_group
        )
        assert warnings and "12" in warnings[0]

    def test_ending_before_start_saves_nothing(self, world: World) -> None:
        placement = place(world.child, world.household, dt.date(2026, 1, 1))
        with as_system():
            with pytest.raises(ValidationError):
                services.placement_end(
                    by=world.alice,
                    placement=placement,
                    ended_on=dt.date(2025, 12, 1),
                    end_reason="moved",
                    version=1,
                    today=clock.today(),
                )
            placement.refresh_from_db()
        assert placement.ended_on is None


@pytest.mark.django_db
class TestCoordinators:
    def test_reassignment_keeps_history(self, world: World) -> None:
        from globa.accounts.models import Role
        from globa.testing import member

        other = member(Role.COORDINATOR, world.centre_a)
        with as_system():
            services.coordinator_assign(
                by=world.bob,
                household=world.household,
                coordinator=other,
                reason="atostogos",
                today=clock.today(),
            )
            rows = list(
                world.household.assignments.order_by("started_on").values_list(
                    "coordinator_id", "ended_on"
                )
            )
        assert rows == [(world.alice.pk, clock.today()), (other.pk, None)]

    def test_two_active_coordinators_are_impossible(self, world: World) -> None:
        from globa.registry.models import CoordinatorAssignment

        with as_system(), pytest.raises(IntegrityError), transaction.atomic():
            CoordinatorAssignment.objects.create(
                household=world.household,
                centre=world.centre_a,
                coordinator=world.bob,
                started_on=clock.today(),
            )

    def test_a_coordinator_from_another_centre_is_refused(self, world: World) -> None:
        with as_system(), pytest.raises(ValidationError):
            services.coordinator_assign(
                by=world.bob,
                household=world.household,
                coordinator=world.charlie,
                today=clock.today(),
            )

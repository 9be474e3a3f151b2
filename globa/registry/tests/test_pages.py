import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from globa.audit.models import AccessLog
from globa.lib import personal_code
from globa.registry.models import CarerHousehold, Child, Placement, Relative
from globa.testing import ChildFactory, World, as_system, household_with, place


def child_url(child: Child, name: str = "registry:child") -> str:
    return reverse(name, kwargs={"child_id": child.pk})


def household_url(household: CarerHousehold, name: str = "registry:household") -> str:
    return reverse(name, kwargs={"household_id": household.pk})


def statements(queries: CaptureQueriesContext) -> int:
    """Queries a request makes, without the savepoints only the test transaction adds."""
    return sum(
        1 for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    )


def child_post(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Gabija",
        "last_name": "Petrauskaitė",
        "sex": "F",
        "birth_date": "2014-06-02",
        "personal_code": personal_code.make(dt.date(2014, 6, 2), "F", 321),
        "municipality": world.child.municipality_id,
        "legal_status": "temporary_care",
        "status": "in_care",
    }
    data.update(overrides)
    return data


class TestLogin:
    def test_pages_require_login(self, world: World) -> None:
        response = Client().get(child_url(world.child))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


class TestChildrenList:
    def test_it_works(self, world: World) -> None:
        response = world.client_for(world.alice).get(reverse("registry:children"))
        assert response.status_code == 200
        assert "Jonaitė" in response.content.decode()

    def test_search_ignores_diacritics_and_tolerates_typos(self, world: World) -> None:
        ChildFactory(centre=world.centre_a, first_name="Tomas", last_name="Petrauskas", sex="M")
        client = world.client_for(world.alice)
        assert (
            "Ieva Jonaitė"
            in client.get(reverse("registry:children"), {"q": "jonaite"}).content.decode()
        )
        assert (
            "Petrauskas"
            in client.get(reverse("registry:children"), {"q": "petrauskis"}).content.decode()
        )
        assert (
            "Petrauskas"
            not in client.get(reverse("registry:children"), {"q": "jonaite"}).content.decode()
        )

    def test_search_by_personal_code(self, world: World) -> None:
        body = (
            world.client_for(world.alice)
            .get(reverse("registry:children"), {"q": world.child.personal_code[:7]})
            .content.decode()
        )
        assert "Jonaitė" in body

    def test_it_hides_other_centres(self, world: World) -> None:
        response = world.client_for(world.charlie).get(
            reverse("registry:children"), {"q": "jonaite"}
        )
        assert response.status_code == 200
        assert "Jonaitė" not in response.content.decode()
        assert response.context["page"].paginator.count == 0

    def test_national_monitor_sees_no_personal_records(self, world: World) -> None:
        assert world.client_for(world.nora).get(reverse("registry:children")).status_code == 403
        assert world.client_for(world.nora).get(child_url(world.child)).status_code == 404

    def test_htmx_gets_a_fragment(self, world: World) -> None:
        response = world.client_for(world.alice).get(
            reverse("registry:children"), {"q": "jon"}, HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert "<html" not in body and "Jonaitė" in body

    def test_filters_by_placement_setting(self, world: World) -> None:
        placed = ChildFactory(
            centre=world.centre_a, first_name="Matas", last_name="Kairys", sex="M"
        )
        place(placed, world.household, dt.date(2026, 1, 1))
        client = world.client_for(world.alice)
        on_call = client.get(reverse("registry:children"), {"setting": "on_call"}).content.decode()
        unplaced = client.get(reverse("registry:children"), {"setting": "none"}).content.decode()
        assert "Kairys" in on_call and "Jonaitė" not in on_call
        assert "Jonaitė" in unplaced and "Kairys" not in unplaced

    def test_a_page_costs_few_queries(self, world: World) -> None:
        for _ in range(30):
            place(
                ChildFactory(centre=world.centre_a),
                household_with(world.alice, world.centre_a),
                dt.date(2026, 1, 1),
            )
        client = world.client_for(world.alice)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("registry:children"), {"q": "ait"}).status_code == 200
        assert statements(queries) <= 15


class TestChildPage:
    def test_it_works_and_logs_the_view(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 5))
        response = world.client_for(world.carol).get(child_url(world.child))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Petrauskų šeima" in body and "2026-01-05" in body
        with as_system():
            assert AccessLog.objects.filter(child=world.child, user=world.carol).count() == 1

    def test_outsider_gets_404(self, world: World) -> None:
        assert world.client_for(world.charlie).get(child_url(world.child)).status_code == 404

    def test_garbage_id_gets_404(self, world: World) -> None:
        assert world.client_for(world.alice).get("/children/not-a-uuid/").status_code == 404

    def test_manager_sees_the_access_log(self, world: World) -> None:
        world.client_for(world.carol).get(child_url(world.child))
        body = world.client_for(world.bob).get(child_url(world.child)).content.decode()
        assert "Karolina Žukauskaitė" in body
        coordinator_view = (
            world.client_for(world.alice).get(child_url(world.child)).content.decode()
        )
        assert "Karolina Žukauskaitė" not in coordinator_view

    def test_few_queries(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 5))
        client = world.client_for(world.bob)
        with CaptureQueriesContext(connection) as queries:
            client.get(child_url(world.child))
        # A constant number whatever the records: the parts other apps add (assessments,
        # the chronology, the family's cases) a query or two each.
        assert statements(queries) <= 16


class TestChildForms:
    def test_create_works(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            reverse("registry:child_create"), child_post(world)
        )
        assert response.status_code == 302
        with as_system():
            child = Child.objects.get(last_name="Petrauskaitė")
        assert child.centre_id == world.centre_a.pk

    def test_bad_code_gives_a_message_and_saves_nothing(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            reverse("registry:child_create"), child_post(world, personal_code="61406020000")
        )
        assert response.status_code == 200
        with translation.override("lt"):
            expected = translation.gettext("The check digit of the personal code is wrong.")
        assert expected in response.context["form"].errors["personal_code"]
        with as_system():
            assert not Child.objects.filter(last_name="Petrauskaitė").exists()

    def test_errors_are_in_lithuanian_by_default(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            reverse("registry:child_create"), child_post(world, first_name="")
        )
        assert "Šis laukas yra privalomas" in response.content.decode()

    def test_duplicates_are_flagged_before_saving(self, world: World) -> None:
        client = world.client_for(world.bob)
        data = child_post(
            world,
            first_name="Ieva",
            last_name="Jonaite",
            birth_date="2015-03-14",
            personal_code="",
            other_identifier="UA-1",
        )
        response = client.post(reverse("registry:child_create"), data)
        assert response.status_code == 200 and response.context["duplicates"]
        with as_system():
            assert Child.objects.filter(other_identifier="UA-1").count() == 0
        assert (
            client.post(
                reverse("registry:child_create"), {**data, "confirm_not_duplicate": "on"}
            ).status_code
            == 302
        )

    def test_specialist_is_read_only(self, world: World) -> None:
        client = world.client_for(world.carol)
        assert client.get(child_url(world.child, "registry:child_edit")).status_code == 403
        assert client.get(reverse("registry:child_create")).status_code == 403

    def test_outsider_cannot_edit(self, world: World) -> None:
        assert (
            world.client_for(world.charlie)
            .post(child_url(world.child, "registry:child_edit"), {})
            .status_code
            == 404
        )

    def test_edit_refuses_a_stale_version(self, world: World) -> None:
        client = world.client_for(world.bob)
        data = child_post(
            world,
            first_name="Ieva",
            last_name="Jonaitė",
            birth_date="2015-03-14",
            personal_code=world.child.personal_code,
            version=1,
        )
        assert (
            client.post(
                child_url(world.child, "registry:child_edit"), {**data, "first_name": "Ugnė"}
            ).status_code
            == 302
        )
        response = client.post(
            child_url(world.child, "registry:child_edit"), {**data, "first_name": "Rūta"}
        )
        assert response.status_code == 200
        with translation.override("lt"):
            expected = translation.gettext(
                "Someone else saved this record while you were editing it. "
                "Your changes were not saved: reload the page to see the current version."
            )
        assert expected in response.context["form"].non_field_errors()
        with as_system():
            assert Child.objects.get(pk=world.child.pk).first_name == "Ugnė"

    def test_add_relative(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            child_url(world.child, "registry:relative_create"),
            {
                "first_name": "Rasa",
                "last_name": "Jonaitienė",
                "relation": "mother",
                "contact_arrangement": "supervised",
            },
        )
        assert response.status_code == 302
        with as_system():
            assert Relative.objects.get(child=world.child).centre_id == world.centre_a.pk


class TestPlacementForms:
    def test_start_and_end(self, world: World) -> None:
        client = world.client_for(world.alice)
        response = client.post(
            child_url(world.child, "registry:placement_start"),
            {
                "setting": "household",
                "household": world.household.pk,
                "kind": "temporary",
                "started_on": "2026-01-02",
                "is_emergency": "on",
            },
        )
        assert response.status_code == 302
        with as_system():
            placement = Placement.objects.get(child=world.child)
        assert placement.is_emergency
        response = client.post(
            reverse("registry:placement_end", kwargs={"placement_id": placement.pk}),
            {
                "ended_on": "2026-02-01",
                "end_reason": "reunified",
                "version": placement.version,
            },
        )
        assert response.status_code == 302
        with as_system():
            placement.refresh_from_db()
        assert placement.ended_on == dt.date(2026, 2, 1)

    def test_capacity_message_names_the_rule(self, world: World) -> None:
        for _ in range(3):
            place(ChildFactory(centre=world.centre_a), world.household, dt.date(2026, 1, 1))
        response = world.client_for(world.alice).post(
            child_url(world.child, "registry:placement_start"),
            {
                "setting": "household",
                "household": world.household.pk,
                "kind": "temporary",
                "started_on": "2026-02-01",
            },
        )
        assert response.status_code == 200
        assert "Budintis globotojas" in response.content.decode()
        with as_system():
            assert not Placement.objects.filter(child=world.child).exists()

    def test_missing_household_is_a_field_error(self, world: World) -> None:
        response = world.client_for(world.alice).post(
            child_url(world.child, "registry:placement_start"),
            {
                "setting": "household",
                "kind": "temporary",
                "started_on": "2026-02-01",
            },
        )
        assert "household" in response.context["form"].errors

    def test_specialist_cannot_place(self, world: World) -> None:
        assert (
            world.client_for(world.carol)
            .get(child_url(world.child, "registry:placement_start"))
            .status_code
            == 403
        )

    def test_outsider_cannot_end(self, world: World) -> None:
        placement = place(world.child, world.household, dt.date(2026, 1, 1))
        url = reverse("registry:placement_end", kwargs={"placement_id": placement.pk})
        assert (
            world.client_for(world.charlie)
            .post(url, {"ended_on": "2026-02-01", "end_reason": "moved", "version": 1})
            .status_code
            == 404
        )


class TestHouseholds:
    def test_list_and_page_work(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 1))
        client = world.client_for(world.alice)
        assert "Petrauskų šeima" in client.get(reverse("registry:households")).content.decode()
        body = client.get(household_url(world.household)).content.decode()
        assert "Jonaitė" in body
        with as_system():
            assert AccessLog.objects.filter(household=world.household).count() == 1

    def test_outsider_gets_404_and_an_empty_list(self, world: World) -> None:
        client = world.client_for(world.charlie)
        assert client.get(household_url(world.household)).status_code == 404
        assert "Petrauskų" not in client.get(reverse("registry:households")).content.decode()

    def test_manager_registers_a_household_with_a_coordinator(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            reverse("registry:household_create"),
            {
                "name": "Vaitkų šeima",
                "kind": "guardian_relative",
                "address": "Vilniaus g. 5",
                "municipality": world.child.municipality_id,
                "languages": "lietuvių, rusų",
                "accepts_age_min": 0,
                "accepts_age_max": 17,
                "coordinator": world.alice.pk,
            },
        )
        assert response.status_code == 302
        with as_system():
            household = CarerHousehold.objects.get(name="Vaitkų šeima")
            assert household.languages == ["lietuvių", "rusų"]
            assert household.assignments.get(ended_on__isnull=True).coordinator == world.alice

    def test_bad_age_range_saves_nothing(self, world: World) -> None:
        response = world.client_for(world.bob).post(
            reverse("registry:household_create"),
            {
                "name": "Blogų šeima",
                "kind": "on_call",
                "address": "X",
                "municipality": world.child.municipality_id,
                "accepts_age_min": 10,
                "accepts_age_max": 2,
                "coordinator": world.alice.pk,
            },
        )
        assert response.status_code == 200
        assert "accepts_age_max" in response.context["form"].errors
        with as_system():
            assert not CarerHousehold.objects.filter(name="Blogų šeima").exists()

    def test_coordinator_cannot_register_households(self, world: World) -> None:
        assert (
            world.client_for(world.alice).get(reverse("registry:household_create")).status_code
            == 403
        )

    def test_reassign_coordinator(self, world: World) -> None:
        from globa.accounts.models import Role
        from globa.testing import member

        other = member(Role.COORDINATOR, world.centre_a, first_name="Dalia", last_name="Naujokienė")
        url = household_url(world.household, "registry:household_coordinator")
        assert world.client_for(world.alice).get(url).status_code == 403
        assert world.client_for(world.charlie).get(url).status_code == 404
        response = world.client_for(world.bob).post(
            url, {"coordinator": other.pk, "reason": "darbo krūvis"}
        )
        assert response.status_code == 302
        body = world.client_for(world.bob).get(household_url(world.household)).content.decode()
        assert "Dalia Naujokienė" in body and "Alė Kazlauskienė" in body

    def test_coordinator_edits_own_household_but_not_others(self, world: World) -> None:
        other = household_with(world.bob, world.centre_a, name="Kitų šeima")
        client = world.client_for(world.alice)
        assert (
            client.get(household_url(world.household, "registry:household_edit")).status_code == 200
        )
        assert client.get(household_url(other, "registry:household_edit")).status_code == 403

    def test_add_adult_with_bad_code(self, world: World) -> None:
        response = world.client_for(world.alice).post(
            household_url(world.household, "registry:household_adult_create"),
            {
                "first_name": "Jonas",
                "last_name": "Petrauskas",
                "birth_date": "1980-01-01",
                "personal_code": "38001010000",
            },
        )
        assert response.status_code == 200 and "personal_code" in response.context["form"].errors


class TestStartPage:
    def test_coordinator_sees_their_households_and_children(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 1))
        body = world.client_for(world.alice).get(reverse("home:start")).content.decode()
        assert "Petrauskų šeima" in body and "Jonaitė" in body

    def test_manager_sees_the_centre(self, world: World) -> None:
        body = world.client_for(world.bob).get(reverse("home:start")).content.decode()
        assert world.centre_a.name in body and "Kazlauskienė" in body

    def test_monitor_sees_no_names(self, world: World) -> None:
        body = world.client_for(world.nora).get(reverse("home:start")).content.decode()
        assert "Jonaitė" not in body and "Petrauskų" not in body


def test_lithuanian_is_the_default_whatever_the_browser_says(world: World) -> None:
    response = world.client_for(world.alice).get(
        reverse("home:start"), HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    assert "Vaikai" in response.content.decode()


def test_all_child_rules_are_shown_at_once(world: World) -> None:
    response = world.client_for(world.bob).post(
        reverse("registry:child_create"),
        child_post(world, municipality="", personal_code="61406020000"),
    )
    errors = response.context["form"].errors
    assert "municipality" in errors and "personal_code" in errors


@pytest.mark.parametrize("language,word", [("lt", "Vaikai"), ("en", "Children")])
def test_language_switch_is_remembered(world: World, language: str, word: str) -> None:
    client = world.client_for(world.alice)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert word in client.get(reverse("home:start")).content.decode()

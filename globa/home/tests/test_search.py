"""The search box in the header: finds children, households, people in the pipeline and
cases by name, ignoring case and diacritics, only among what the user may see."""

from typing import Any

from django.urls import reverse

from globa.accounts.models import Role
from globa.audit.models import AccessLog
from globa.carers.tests.test_pipeline import person
from globa.cases.tests.test_cases import open_case
from globa.testing import ChildFactory, World, as_system, household_with, member


def search(client: Any, query: str, htmx: bool = True) -> str:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(reverse("home:search"), {"q": query}, **headers)
    assert response.status_code == 200
    return response.content.decode()


class TestSearch:
    def test_it_finds_every_kind_without_diacritics(self, cases_world: Any) -> None:
        world = cases_world
        ChildFactory(centre=world.centre_a, first_name="Šarūnė", last_name="Žemaitytė")
        household_with(world.alice, world.centre_a, name="Žemaičių šeima")
        person(world, first_name="Žydrūnas", last_name="Žemaitis")
        open_case(world, family_name="Žemaitienių šeima")
        manager = member(Role.CASE_MANAGER, world.centre_a)
        with as_system():
            manager.memberships.create(organisation=world.centre_a, role=Role.CENTRE_MANAGER)
        page = search(world.client_for(manager), "ZEMAIT")
        for name in (
            "Šarūnė Žemaitytė",
            "Žemaičių šeima",
            "Žydrūnas Žemaitis",
            "Žemaitienių šeima",
        ):
            assert name in page
        assert page.index("search-children") < page.index("search-households")
        assert page.index("search-candidates") < page.index("search-cases")

    def test_it_finds_a_child_by_the_start_of_the_personal_code(self, world: World) -> None:
        code = world.child.personal_code
        assert "Ieva Jonaitė" in search(world.client_for(world.carol), code[:7])

    def test_it_tolerates_a_typo(self, world: World) -> None:
        assert "Petrauskų šeima" in search(world.client_for(world.alice), "petrauskai")

    def test_another_centre_finds_nothing_of_ours(self, cases_world: Any) -> None:
        world = cases_world
        open_case(world, family_name="Jonaičių šeima")
        person(world, first_name="Ieva", last_name="Jonaitienė")
        other = member(Role.CASE_MANAGER, world.centre_b)
        for user in (world.charlie, other):
            page = search(world.client_for(user), "jonait")
            assert "Jonait" not in page
            assert "Tarp jums matomų įrašų nėra atitinkančių" in page

    def test_a_role_without_personal_records_finds_nothing(self, cases_world: Any) -> None:
        world = cases_world
        open_case(world, family_name="Jonaičių šeima")
        client = world.client_for(world.nora)
        assert "Jonait" not in search(client, "jonait")
        page = search(client, "jonait", htmx=False)
        assert "Jonait" not in page
        assert 'id="site-q"' not in page

    def test_a_coordinator_does_not_find_cases(self, cases_world: Any) -> None:
        world = cases_world
        open_case(world, family_name="Jonaičių šeima")
        page = search(world.client_for(world.alice), "jonai")
        assert "Ieva Jonaitė" in page
        assert "Jonaičių šeima" not in page

    def test_searching_is_not_a_record_view(self, world: World) -> None:
        search(world.client_for(world.alice), "jonaite")
        search(world.client_for(world.alice), "jonaite", htmx=False)
        with as_system():
            assert not AccessLog.objects.exists()

    def test_without_javascript_a_page_shows_the_results(self, world: World) -> None:
        client = world.client_for(world.alice)
        client.cookies["django_language"] = "en"
        page = search(client, "jonaite", htmx=False)
        assert "<h1>Search</h1>" in page
        assert reverse("registry:child", kwargs={"child_id": world.child.pk}) in page
        assert 'role="search"' in page

    def test_a_short_or_bad_query_is_answered_calmly(self, world: World) -> None:
        client = world.client_for(world.alice)
        client.cookies["django_language"] = "en"
        assert "Type at least 2 letters." in search(client, "j")
        page = search(client, "jo\x00na", htmx=False)
        assert "Ieva" not in page
        assert search(client, "x" * 500, htmx=False)

    def test_many_matches_link_to_the_filtered_list(self, world: World) -> None:
        for n in range(6):
            ChildFactory(
                centre=world.centre_a, first_name=f"Vaikas{n}", last_name="Jonaitis", sex="M"
            )
        page = search(world.client_for(world.alice), "jonait")
        assert page.count("/children/") - page.count("/children/?") == 5
        assert "/children/?q=jonait" in page

    def test_it_needs_a_login(self, world: World) -> None:
        from django.test import Client

        response = Client().get(reverse("home:search"), {"q": "jonaite"})
        assert response.status_code == 302


def test_no_template_comment_shows_on_a_page(world: World) -> None:
    """A Django comment of several lines must be a {% comment %} block: {# #} spans one."""
    page = world.client_for(world.alice).get(reverse("home:start")).content.decode()
    assert "{#" not in page
    assert "#}" not in page

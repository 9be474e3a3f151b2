"""The children of a case, linked to the registry when they are in it: found by the personal
code through the database (case managers do not read the registry), shown as in the registry,
and a link to the record for those who read it."""

import datetime as dt
from typing import Any

from django.urls import reverse

from globa.cases import selectors
from globa.cases.models import CaseChild
from globa.cases.tests.test_cases import case_url, in_english, open_case
from globa.lib import clock, personal_code
from globa.registry.models import Child
from globa.testing import ChildFactory, as_system, as_user


def add(world: Any, case: Any, user: Any = None, **data: str) -> Any:
    return in_english(world, user or world.vaida).post(
        case_url(case, "cases:child_add"), {"submission": "", **data}
    )


def children(case: Any) -> list[CaseChild]:
    with as_system():
        return list(CaseChild.objects.filter(case=case))


def test_a_child_in_the_registry_is_linked_by_the_personal_code(cases_world: Any) -> None:
    case = open_case(cases_world)
    ieva = cases_world.child
    response = add(cases_world, case, personal_code=f" {ieva.personal_code} ")
    assert response.status_code == 302
    [child] = children(case)
    assert child.registry_child_id == ieva.pk
    assert (child.first_name, child.last_name, child.birth_date) == (
        "Ieva",
        "Jonaitė",
        ieva.birth_date,
    )
    # The case manager sees that the child is in the registry, but no way into it.
    page = in_english(cases_world, cases_world.vaida).get(case_url(case)).content.decode()
    assert "in the centre's registry" in page
    assert reverse("registry:child", kwargs={"child_id": ieva.pk}) not in page
    # The centre's manager, who reads the registry too, follows the link.
    page = in_english(cases_world, cases_world.bob).get(case_url(case)).content.decode()
    assert reverse("registry:child", kwargs={"child_id": ieva.pk}) in page


def test_a_child_not_in_the_centres_registry_is_not_found(cases_world: Any) -> None:
    case = open_case(cases_world)
    elsewhere = ChildFactory(centre=cases_world.centre_b)
    for code in (elsewhere.personal_code, personal_code.make(dt.date(2016, 1, 1), "M", 999)):
        response = add(cases_world, case, personal_code=code)
        assert response.status_code == 200
        assert "No child with this personal code is in the registry of" in response.content.decode()
    response = add(cases_world, case, personal_code="12345")
    assert "A personal code has exactly 11 digits." in response.content.decode()
    assert children(case) == []


def test_a_linked_child_is_added_once_and_the_birth_date_must_agree(cases_world: Any) -> None:
    case = open_case(cases_world)
    ieva = cases_world.child
    other_day = ieva.birth_date.replace(day=1 if ieva.birth_date.day != 1 else 2)
    response = add(
        cases_world, case, personal_code=ieva.personal_code, birth_date=other_day.isoformat()
    )
    assert (
        "The birth date differs from the child&#x27;s record in the registry."
        in response.content.decode()
    )
    assert add(cases_world, case, personal_code=ieva.personal_code).status_code == 302
    response = add(cases_world, case, personal_code=ieva.personal_code)
    assert "This child is already in the case." in response.content.decode()
    assert len(children(case)) == 1


def test_a_child_not_in_the_registry_is_added_by_name(cases_world: Any) -> None:
    case = open_case(cases_world)
    response = add(cases_world, case)
    assert "Give the child&#x27;s first and last name, or the personal code." in (
        response.content.decode()
    )
    born = clock.today().replace(year=clock.today().year - 7, month=3, day=1)
    response = add(
        cases_world, case, first_name="Jonas", last_name="Jonaitis", birth_date=born.isoformat()
    )
    assert response.status_code == 302
    [child] = children(case)
    assert child.registry_child_id is None
    page = in_english(cases_world, cases_world.vaida).get(case_url(case)).content.decode()
    assert "Jonas Jonaitis" in page and "in the centre's registry" not in page


def test_only_the_cases_own_people_find_a_child_and_nobody_reads_the_registry_by_it(
    cases_world: Any,
) -> None:
    ieva = cases_world.child
    code, centre = ieva.personal_code, cases_world.centre_a.pk
    with as_user(cases_world.vaida):
        assert selectors.registry_child_by_code(code, centre) is not None
        # The case manager still reads nothing of the registry itself.
        assert not Child.objects.filter(pk=ieva.pk).exists()
    # A coordinator reads the registry but works with no cases: the function answers nothing,
    # nor does it for a case manager asking about another organisation.
    with as_user(cases_world.alice):
        assert selectors.registry_child_by_code(code, centre) is None
    with as_user(cases_world.charlie):
        assert selectors.registry_child_by_code(code, centre) is None


def test_the_page_refuses_outsiders_and_read_only_colleagues(cases_world: Any) -> None:
    case = open_case(cases_world)
    code = cases_world.child.personal_code
    assert add(cases_world, case, cases_world.charlie, personal_code=code).status_code == 404
    assert add(cases_world, case, cases_world.tomas, personal_code=code).status_code == 403
    assert children(case) == []


def test_who_reads_the_registry_finds_the_child_by_a_search(cases_world: Any) -> None:
    case = open_case(cases_world)
    ieva = cases_world.child
    ChildFactory(centre=cases_world.centre_b, first_name="Ieva", last_name="Jonaitė")
    bob = in_english(cases_world, cases_world.bob)
    page = bob.get(case_url(case, "cases:child_add") + "?q=jonaite").content.decode()
    assert "1 child found: choose below." in page
    assert f'value="{ieva.pk}"' in page and "Ieva Jonaitė" in page
    response = bob.post(
        case_url(case, "cases:child_add") + "?q=jonaite",
        {"submission": "", "registry_child": str(ieva.pk)},
    )
    assert response.status_code == 302
    [child] = children(case)
    assert (child.registry_child_id, child.first_name) == (ieva.pk, "Ieva")


def test_a_case_manager_has_no_search_of_the_registry(cases_world: Any) -> None:
    case = open_case(cases_world)
    ieva = cases_world.child
    vaida = in_english(cases_world, cases_world.vaida)
    page = vaida.get(case_url(case, "cases:child_add") + "?q=jonaite").content.decode()
    assert "Find the child in the centre" not in page and "Ieva" not in page
    # A registry child sent anyway is not the case manager's to choose: nothing is linked.
    response = add(cases_world, case, registry_child=str(ieva.pk))
    assert response.status_code == 200
    assert children(case) == []

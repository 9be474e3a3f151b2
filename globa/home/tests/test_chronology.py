"""A child's chronology: placements, services, decisions, cases, assessments and plans in
one timeline, each kind only for those who may see it; opening it is a view of the child."""

import datetime as dt
from typing import Any

from django.urls import reverse

from globa.assessments.tests.conftest import completed
from globa.audit.models import AccessLog
from globa.cases.models import CaseChild
from globa.cases.tests.test_cases import open_case
from globa.lib import clock
from globa.registry.models import Child
from globa.support.models import Delivery, Service
from globa.testing import as_system, place


def chronology_url(child: Child) -> str:
    return reverse("home:chronology", kwargs={"child_id": child.pk})


def history(world: Any) -> Child:
    """A child placed 200 days ago with alice's household, a service, a change of legal
    status, an assessment, and a family case of the child's birth family."""
    child = world.child
    today = clock.today()
    place(child, world.household, today - dt.timedelta(days=200))
    with as_system():
        Delivery.objects.create(
            provider=world.centre_a,
            service=Service.objects.get(code="coordinator_assistance"),
            delivered_on=today - dt.timedelta(days=20),
            minutes=45,
            form="home_visit",
            given_by=world.alice,
            recorded_by=world.alice,
            child=child,
        )
        Child.objects.filter(pk=child.pk).update(legal_status=Child.LegalStatus.PERMANENT_CARE)
    completed(world.alice, child, "child_needs", days_ago=10)
    case = open_case(world, family_name="Jonaičių šeima")
    with as_system():
        CaseChild.objects.create(
            case=case,
            organisation=world.centre_a,
            first_name="Ieva",
            last_name="JONAITE",
            birth_date=child.birth_date,
            registry_child=child,
        )
        # Another child of the same name and birth day, in another family's case, is not hers.
        CaseChild.objects.create(
            case=open_case(world, family_name="Kitų šeima"),
            organisation=world.centre_a,
            first_name="Ieva",
            last_name="JONAITE",
            birth_date=child.birth_date,
        )
    return child


def english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


class TestChronology:
    def test_the_manager_sees_every_kind_latest_first(self, cases_world: Any) -> None:
        child = history(cases_world)
        page = english(cases_world.client_for(cases_world.bob)).get(chronology_url(child))
        assert page.status_code == 200
        text = page.content.decode()
        for expected in (
            "Placed: Petrauskų šeima",
            "Foster care coordinator assistance",
            "Legal status",
            "permanent care",
            "Early-intervention case opened: Jonaičių šeima",
            "Registered in Globa",
        ):
            assert expected in text, expected
        order = ["Early-intervention case opened", "Foster care coordinator", "Placed: Petrauskų"]
        assert sorted(order, key=text.index) == order
        # Registered as temporary care, then changed: the registration tells what it was.
        assert "Legal status: temporary care" in text

    def test_a_case_is_the_childs_by_the_registry_link_only(self, cases_world: Any) -> None:
        child = history(cases_world)
        text = english(cases_world.client_for(cases_world.bob)).get(chronology_url(child))
        assert "Jonaičių šeima" in text.content.decode()
        assert "Kitų šeima" not in text.content.decode()

    def test_a_coordinator_sees_no_cases(self, cases_world: Any) -> None:
        child = history(cases_world)
        text = english(cases_world.client_for(cases_world.alice)).get(chronology_url(child))
        text = text.content.decode()
        assert "Placed: Petrauskų šeima" in text
        assert "Jonaičių" not in text

    def test_a_filter_shows_one_kind(self, cases_world: Any) -> None:
        child = history(cases_world)
        text = (
            english(cases_world.client_for(cases_world.bob))
            .get(chronology_url(child), {"kind": "cases"})
            .content.decode()
        )
        assert "Jonaičių" in text
        assert "Placed:" not in text

    def test_outsiders_get_nothing(self, cases_world: Any) -> None:
        child = history(cases_world)
        for user in (cases_world.charlie, cases_world.nora, cases_world.vaida):
            assert cases_world.client_for(user).get(chronology_url(child)).status_code == 404

    def test_opening_it_is_a_view_of_the_child(self, cases_world: Any) -> None:
        cases_world.client_for(cases_world.carol).get(chronology_url(cases_world.child))
        with as_system():
            entry = AccessLog.objects.get()
        assert (entry.user, entry.child_id) == (cases_world.carol, cases_world.child.pk)

    def test_the_child_page_leads_to_it(self, cases_world: Any) -> None:
        child = history(cases_world)
        client = english(cases_world.client_for(cases_world.alice))
        text = client.get(reverse("registry:child", kwargs={"child_id": child.pk})).content
        text = text.decode()
        assert 'id="h-chronology"' in text
        assert chronology_url(child) in text


class TestPrinting:
    def test_record_pages_carry_a_print_header(self, cases_world: Any) -> None:
        client = english(cases_world.client_for(cases_world.bob))
        case = open_case(cases_world)
        for url in (
            reverse("registry:child", kwargs={"child_id": cases_world.child.pk}),
            reverse("registry:household", kwargs={"household_id": cases_world.household.pk}),
            reverse("cases:case", kwargs={"case_id": case.pk}),
            chronology_url(cases_world.child),
        ):
            text = client.get(url).content.decode()
            assert 'class="print-header"' in text, url
            assert "Printed by Bronius Petraitis on" in text, url
            assert "globa/print.css" in text


class TestChildPageCases:
    """The child's own page lists the family cases linked to the child, for those who work
    with the cases; the chronology and the page read them through one selector."""

    def test_the_manager_sees_the_linked_case_only(self, cases_world: Any) -> None:
        child = history(cases_world)
        url = reverse("registry:child", kwargs={"child_id": child.pk})
        page = english(cases_world.client_for(cases_world.bob)).get(url).content.decode()
        section = page.split('id="h-child-cases"')[1].split("</section>")[0]
        assert "Jonaičių šeima" in section and "Kitų šeima" not in section
        assert "Case manager" in section

    def test_a_coordinator_sees_no_case_section(self, cases_world: Any) -> None:
        child = history(cases_world)
        url = reverse("registry:child", kwargs={"child_id": child.pk})
        page = english(cases_world.client_for(cases_world.alice)).get(url)
        assert page.status_code == 200
        assert 'id="h-child-cases"' not in page.content.decode()
        assert "Jonaičių" not in page.content.decode()

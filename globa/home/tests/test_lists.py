"""The lists of cases, caseloads and the carer pipeline share the children list's sorting
and export (globa/core/lists.py); each export is logged and holds only what the page shows."""

import csv
import io
from typing import Any

from django.urls import reverse

from globa.accounts.models import Role
from globa.audit.models import ExportLog
from globa.carers.tests.test_pipeline import person
from globa.cases.tests.test_cases import open_case
from globa.testing import World, as_system, household_with, member


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


class TestCases:
    def test_sorted_by_family_both_ways_and_exported_in_that_order(self, cases_world: Any) -> None:
        open_case(cases_world, family_name="Žemaičių šeima")
        open_case(cases_world, family_name="Čiurlionių šeima")
        open_case(cases_world, family_name="Ambrazų šeima")
        client = english(cases_world.client_for(cases_world.vaida))
        page = client.get(reverse("cases:list"), {"sort": "family"}).content.decode()
        assert 'aria-sort="ascending"' in page
        order = ["Ambrazų", "Čiurlionių", "Žemaičių"]
        assert sorted(order, key=page.index) == order
        rows = csv_rows(
            client.get(reverse("cases:list"), {"sort": "-family", "export": "csv"}).content
        )
        assert rows[0] == ["Family", "Stage", "Next stage due", "Open actions", "Case manager"]
        assert [row[0] for row in rows[1:]] == [
            "Žemaičių šeima",
            "Čiurlionių šeima",
            "Ambrazų šeima",
        ]
        with as_system():
            entry = ExportLog.objects.get()
        assert (entry.list_name, entry.rows, entry.sort) == ("cases", 3, "-family")

    def test_another_organisation_exports_none_of_them(self, cases_world: Any) -> None:
        open_case(cases_world, family_name="Žemaičių šeima")
        other = member(Role.CASE_MANAGER, cases_world.centre_b)
        response = cases_world.client_for(other).get(
            reverse("cases:list"), {"mine": "0", "export": "xlsx"}
        )
        assert response.status_code == 200
        assert b"emai" not in response.content
        assert cases_world.client_for(cases_world.nora).get(
            reverse("cases:list"), {"export": "csv"}
        ).status_code in (403, 404)


class TestCaseloads:
    def test_the_manager_sorts_and_exports_the_caseloads(self, world: World) -> None:
        household_with(world.alice, world.centre_a, name="Antra šeima")
        client = english(world.client_for(world.bob))
        page = client.get(reverse("home:caseloads"), {"sort": "-households"}).content.decode()
        assert 'aria-sort="descending"' in page
        rows = csv_rows(
            client.get(reverse("home:caseloads"), {"sort": "-households", "export": "csv"}).content
        )
        assert rows[0] == [
            "Care centre",
            "Coordinator",
            "Households",
            "Children placed now",
            "Contacts overdue",
        ]
        assert rows[1][1:3] == [str(world.alice), "2"]

    def test_a_coordinator_may_not_export_caseloads(self, world: World) -> None:
        response = world.client_for(world.alice).get(reverse("home:caseloads"), {"export": "csv"})
        assert response.status_code == 403
        with as_system():
            assert not ExportLog.objects.exists()


class TestPipeline:
    def test_the_table_sorts_filters_by_stage_and_exports(self, world: World) -> None:
        person(world, first_name="Žydrė", last_name="Aukštaitė", days_ago=5)
        person(world, first_name="Agnė", last_name="Žemaitė", days_ago=1)
        client = english(world.client_for(world.bob))
        params = {"centre": world.centre_a.pk, "view": "table", "sort": "-days"}
        page = client.get(reverse("carers:pipeline"), params).content.decode()
        assert page.index("Žydrė Aukštaitė") < page.index("Agnė Žemaitė")
        assert 'aria-sort="descending"' in page
        rows = csv_rows(client.get(reverse("carers:pipeline"), {**params, "export": "csv"}).content)
        assert [row[0] for row in rows[1:]] == ["Žydrė Aukštaitė", "Agnė Žemaitė"]
        rows = csv_rows(
            client.get(
                reverse("carers:pipeline"), {**params, "stage": "contract", "export": "csv"}
            ).content
        )
        assert rows[1:] == []
        with as_system():
            logged = list(ExportLog.objects.order_by("at").values_list("filters", flat=True))
        assert logged[-1] == {
            "centre": [str(world.centre_a.pk)],
            "stage": ["contract"],
            "view": ["table"],
        }

    def test_another_centre_exports_only_its_own_pipeline(self, world: World) -> None:
        person(world, first_name="Rūta", last_name="Būsimoji")
        response = world.client_for(world.charlie).get(
            reverse("carers:pipeline"), {"centre": world.centre_a.pk, "export": "csv"}
        )
        assert "Būsimoji" not in response.content.decode("utf-8-sig")
        assert world.client_for(world.nora).get(
            reverse("carers:pipeline"), {"export": "csv"}
        ).status_code in (403, 404)

"""The children and household lists: sortable columns, filters in the address, export of
exactly what is shown, logged."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from globa.audit.models import ExportLog
from globa.testing import ChildFactory, World, as_system, household_with


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def names_in(html: str, *names: str) -> list[str]:
    """The given names in the order the page shows them."""
    return sorted((n for n in names if n in html), key=html.index)


class TestChildrenSorting:
    def test_a_column_sorts_both_ways_and_says_so(self, world: World) -> None:
        ChildFactory(centre=world.centre_a, first_name="Šarūnas", last_name="Žilinskas", sex="M")
        ChildFactory(centre=world.centre_a, first_name="Aistė", last_name="Čepaitė")
        client = world.client_for(world.alice)
        page = client.get(reverse("registry:children"), {"sort": "name"}).content.decode()
        # Lithuanian order: Č after C, Ž after Z.
        assert names_in(page, "Čepaitė", "Jonaitė", "Žilinskas") == [
            "Čepaitė",
            "Jonaitė",
            "Žilinskas",
        ]
        assert 'aria-sort="ascending"' in page
        assert "?sort=-name" in page
        page = client.get(reverse("registry:children"), {"sort": "-name"}).content.decode()
        assert names_in(page, "Čepaitė", "Jonaitė", "Žilinskas") == [
            "Žilinskas",
            "Jonaitė",
            "Čepaitė",
        ]
        assert 'aria-sort="descending"' in page

    def test_an_unknown_sort_is_ignored(self, world: World) -> None:
        response = world.client_for(world.alice).get(
            reverse("registry:children"), {"sort": "personal_code; DROP"}
        )
        assert response.status_code == 200
        assert "aria-sort" not in response.content.decode()

    def test_the_sort_links_keep_the_filters(self, world: World) -> None:
        page = (
            world.client_for(world.alice)
            .get(reverse("registry:children"), {"q": "jonaite", "status": "in_care"})
            .content.decode()
        )
        assert "?q=jonaite&amp;status=in_care&amp;sort=born" in page

    def test_an_htmx_answer_carries_the_order_for_the_filter_form(self, world: World) -> None:
        page = (
            world.client_for(world.alice)
            .get(reverse("registry:children"), {"sort": "-born"}, HTTP_HX_REQUEST="true")
            .content.decode()
        )
        assert 'name="sort" id="list-sort-children" value="-born" hx-swap-oob="true"' in page


class TestChildrenExport:
    def test_csv_holds_what_the_list_shows(self, world: World) -> None:
        ChildFactory(centre=world.centre_a, first_name="Aistė", last_name="Čepaitė")
        ChildFactory(centre=world.centre_b, first_name="Kitas", last_name="Kaunietis")
        response = world.client_for(world.alice).get(
            reverse("registry:children"), {"sort": "-name", "export": "csv"}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment;" in response["Content-Disposition"]
        rows = csv_rows(response.content)
        assert rows[0][:3] == ["Vardas, pavardė", "Gimimo data", "Asmens kodas"]
        assert [row[0] for row in rows[1:]] == ["Ieva Jonaitė", "Aistė Čepaitė"]

    def test_xlsx_holds_the_filtered_rows(self, world: World) -> None:
        ChildFactory(centre=world.centre_a, first_name="Aistė", last_name="Čepaitė")
        response = world.client_for(world.bob).get(
            reverse("registry:children"), {"q": "cepaite", "export": "xlsx"}
        )
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0][0] == "Vardas, pavardė"
        assert [row[0] for row in values[1:]] == ["Aistė Čepaitė"]

    def test_every_export_is_logged(self, world: World) -> None:
        world.client_for(world.alice).get(
            reverse("registry:children"), {"q": "jonaite", "sort": "born", "export": "xlsx"}
        )
        with as_system():
            entry = ExportLog.objects.get()
        assert entry.user == world.alice
        assert entry.organisation_id == world.centre_a.pk
        assert entry.list_name == "children"
        assert entry.filters == {"q": ["jonaite"]}
        assert entry.sort == "born"
        assert (entry.file_format, entry.rows) == ("xlsx", 1)

    def test_another_centre_exports_none_of_ours(self, world: World) -> None:
        response = world.client_for(world.charlie).get(
            reverse("registry:children"), {"export": "csv"}
        )
        assert "Jonaitė" not in response.content.decode("utf-8-sig")
        assert len(csv_rows(response.content)) == 1

    def test_a_role_without_the_registry_exports_nothing(self, world: World) -> None:
        response = world.client_for(world.nora).get(reverse("registry:children"), {"export": "csv"})
        assert response.status_code == 403
        with as_system():
            assert not ExportLog.objects.exists()

    def test_a_value_a_spreadsheet_would_run_is_written_as_text(self, world: World) -> None:
        household_with(world.alice, world.centre_a, name="=HYPERLINK(1)")
        response = world.client_for(world.alice).get(
            reverse("registry:households"), {"export": "csv", "sort": "name"}
        )
        assert next(row[:1] for row in csv_rows(response.content) if "HYPERLINK" in row[0]) == [
            "'=HYPERLINK(1)"
        ]


class TestHouseholdList:
    def test_it_sorts_by_children_placed_and_exports_in_that_order(self, world: World) -> None:
        household_with(world.alice, world.centre_a, name="Ąžuolų šeima")
        client = world.client_for(world.alice)
        client.cookies["django_language"] = "en"
        page = client.get(reverse("registry:households"), {"sort": "name"}).content.decode()
        assert names_in(page, "Ąžuolų", "Petrauskų") == ["Ąžuolų", "Petrauskų"]
        rows = csv_rows(
            client.get(reverse("registry:households"), {"sort": "-name", "export": "csv"}).content
        )
        assert [row[0] for row in rows[1:]] == ["Petrauskų šeima", "Ąžuolų šeima"]
        assert rows[0] == [
            "Household",
            "Type",
            "Municipality",
            "Children placed",
            "Coordinator",
            "Status",
        ]


class TestExportLogPage:
    def test_the_manager_sees_who_exported_which_list(self, world: World) -> None:
        world.client_for(world.alice).get(
            reverse("registry:children"), {"q": "jonaite", "sort": "-born", "export": "csv"}
        )
        client = world.client_for(world.bob)
        client.cookies["django_language"] = "en"
        page = client.get(reverse("retention:retention")).content.decode()
        assert "Lists exported" in page
        assert "Alė Kazlauskienė" in page
        assert "q=jonaite; sort=-born" in page

    def test_another_centres_manager_sees_none_of_ours(self, world: World) -> None:
        from globa.accounts.models import Role
        from globa.testing import member

        world.client_for(world.alice).get(reverse("registry:children"), {"export": "csv"})
        other = member(Role.CENTRE_MANAGER, world.centre_b)
        page = world.client_for(other).get(reverse("retention:retention")).content.decode()
        assert "Kazlauskienė" not in page
        assert world.client_for(world.alice).get(reverse("retention:retention")).status_code == 403


def test_another_centre_exports_none_of_our_households(world: World) -> None:
    response = world.client_for(world.charlie).get(
        reverse("registry:households"), {"export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0].value for row in sheet.iter_rows()][1:] == []
    assert (
        world.client_for(world.nora)
        .get(reverse("registry:households"), {"export": "csv"})
        .status_code
        == 403
    )

"""Importing a register: the templates, the dry run with its report, duplicates decided by a
person, saving all or nothing through the services as the importing user, traced rows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from globa.audit.models import AuditChange
from globa.imports import layout
from globa.imports.models import ImportBatch, ImportedRecord
from globa.lib import clock, personal_code
from globa.registry.models import CarerHousehold, Child, HouseholdAdult, Placement, Relative
from globa.support.models import Delivery
from globa.testing import World, as_system


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with the template's headers and these rows, by sheet key."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for sheet in layout.SHEETS:
        if sheet.key not in sheets:
            continue
        tab = book.create_sheet(sheet.title)
        tab.append(sheet.headers)
        for row in sheets[sheet.key]:
            tab.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def day(days_ago: int) -> str:
    return (clock.today() - dt.timedelta(days=days_ago)).isoformat()


def child_row(
    first: str, last: str, birth: dt.date, serial: int, sex: str = "M", **kw: str
) -> list[Any]:
    code = kw["code"] if "code" in kw else personal_code.make(birth, sex, serial)
    return [
        code,
        "",
        "",
        first,
        last,
        "vyras" if sex == "M" else "moteris",
        birth.isoformat(),
        kw.get("municipality", "Vilniaus miesto savivaldybė"),
        kw.get("status", "laikinoji globa"),
        "ne",
        "",
    ]


def good_file(world: World) -> bytes:
    birth = dt.date(2016, 2, 3)
    return workbook(
        {
            "children": [
                child_row("Matas", "Naujokas", birth, 501),
                child_row("Ugnė", "Naujokaitė", dt.date(2018, 7, 9), 502, sex="F"),
            ],
            "relatives": [
                [
                    personal_code.make(birth, "M", 501),
                    "Rima",
                    "Naujokienė",
                    "motina",
                    "prižiūrimi susitikimai",
                    "",
                ]
            ],
            "households": [
                [
                    "S1",
                    "Naujųjų šeima",
                    "budintis globotojas",
                    "Vilniaus g. 5",
                    "Vilniaus miesto savivaldybė",
                    world.alice.username,
                    "Jonas",
                    "Naujasis",
                    "1980-04-12",
                    "",
                    "+37060000001",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
            "placements": [
                [
                    personal_code.make(birth, "M", 501),
                    "S1",
                    "",
                    "laikinoji globa",
                    day(400),
                    day(200),
                    "grąžintas į biologinę šeimą",
                    "ne",
                ],
                [
                    personal_code.make(birth, "M", 501),
                    "S1",
                    "",
                    "laikinoji globa",
                    day(100),
                    "",
                    "",
                    "taip",
                ],
            ],
            "deliveries": [
                ["coordinator_assistance", day(5), 60, "vizitas namuose", "", "S1", "Susitikimas"]
            ],
        }
    )


def upload(world: World, content: bytes, name: str = "registras.xlsx", user: Any = None) -> Any:
    client = world.client_for(user or world.bob)
    return client.post(
        reverse("imports:list"),
        {"centre": world.centre_a.pk, "file": SimpleUploadedFile(name, content)},
    )


def latest() -> ImportBatch:
    with as_system():
        return ImportBatch.objects.get()


def test_the_templates_are_workbooks_with_lithuanian_columns(world: World) -> None:
    client = world.client_for(world.bob)
    for query in ("", "?example=1"):
        response = client.get(reverse("imports:template") + query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert "Vaikai" in book.sheetnames and "Paaiškinimai" in book.sheetnames
        headers = [cell.value for cell in book["Vaikai"][1]]
        assert headers[:5] == [
            "Asmens kodas",
            "Kitas identifikatorius",
            "Identifikatoriaus šalis",
            "Vardas",
            "Pavardė",
        ]
    assert book["Vaikai"].max_row == 2  # the example row


def test_a_good_file_is_checked_then_saved_as_the_importing_user(world: World) -> None:
    response = upload(world, good_file(world))
    assert response.status_code == 302
    batch = latest()
    assert batch.status == ImportBatch.Status.CHECKED, batch.result
    assert batch.error_count == 0, batch.result["errors"]
    with as_system():
        assert Child.objects.count() == 1  # nothing saved by the check
    page = world.client_for(world.bob).get(reverse("imports:detail", kwargs={"batch_id": batch.pk}))
    assert "Save the import" in page.content.decode() or "Išsaugoti" in page.content.decode()
    saved = world.client_for(world.bob).post(
        reverse("imports:commit", kwargs={"batch_id": batch.pk})
    )
    assert saved.status_code == 302
    batch = latest()
    assert batch.status == ImportBatch.Status.COMMITTED, batch.result
    with as_system():
        matas = Child.objects.get(first_name="Matas")
        assert Relative.objects.get(child=matas).first_name == "Rima"
        household = CarerHousehold.objects.get(name="Naujųjų šeima")
        assert HouseholdAdult.objects.get(household=household).first_name == "Jonas"
        placements = list(Placement.objects.filter(child=matas).order_by("started_on"))
        assert [p.end_reason for p in placements] == ["reunified", ""]
        assert Delivery.objects.filter(household=household).count() == 1
        traced = ImportedRecord.objects.filter(
            batch=batch, table="registry_child", record_id=str(matas.pk)
        ).get()
        change = AuditChange.objects.filter(table_name="registry_child", row_id=str(matas.pk)).get()
    assert (traced.sheet, traced.row) == ("children", 2)
    assert change.user_id == world.bob.pk
    page = world.client_for(world.bob).get(reverse("imports:detail", kwargs={"batch_id": batch.pk}))
    made = [row[1:3] for row in page.context["traced"]]
    assert ("vaikai", 2) in made or ("children", 2) in made


def test_a_file_with_every_kind_of_error_is_reported_and_nothing_saved(world: World) -> None:
    birth = dt.date(2016, 2, 3)
    code = personal_code.make(birth, "M", 601)
    valid = personal_code.make(birth, "M", 0)
    wrong_digit = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    content = workbook(
        {
            "children": [
                child_row("Bad", "Code", birth, 0, code=wrong_digit),
                child_row("Future", "Child", dt.date(2999, 1, 1), 1, code=""),
                child_row("Nowhere", "Town", birth, 601, municipality="Atlantida"),
                child_row("Odd", "Status", dt.date(2017, 1, 1), 602, status="pusiau globa"),
                child_row("Nowhere", "Again", birth, 601),
            ],
            "households": [
                [
                    "S1",
                    "Šeima",
                    "neaiški",
                    "",
                    "Vilniaus miesto savivaldybė",
                    "nera",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            ],
            "placements": [
                [code, "S9", "", "laikinoji globa", day(10), "", "", "ne"],
                [code, "S1", "", "laikinoji globa", "2026-13-45", "", "", "ne"],
                [code, "S1", "", "laikinoji globa", day(20), day(30), "", "ne"],
            ],
            "deliveries": [["no_such_service", day(-3), 9999, "telepatija", "", "", ""]],
        }
    )
    upload(world, content)
    batch = latest()
    assert batch.status == ImportBatch.Status.CHECKED
    problems = {(sheet, row, column) for sheet, row, column, _m in batch.result["errors"]}
    assert ("children", 2, "Asmens kodas") in problems  # check digit
    assert ("children", 3, "Asmens kodas") in problems or ("children", 3, "Gimimo data") in problems
    assert ("children", 4, "Savivaldybė") in problems
    assert ("children", 5, "Teisinis statusas") in problems
    assert ("children", 6, "Asmens kodas") in problems  # the same child twice
    assert ("households", 2, "Tipas") in problems and (
        "households",
        2,
        "Koordinatorius",
    ) in problems
    assert ("households", 2, "Adresas") in problems
    assert ("placements", 2, "Šeimos kodas") in problems  # unknown household
    assert ("placements", 3, "Pradžia") in problems  # not a date
    assert ("placements", 4, "Pabaiga") in problems  # ends before it starts
    assert ("placements", 4, "Pabaigos priežastis") in problems
    assert ("deliveries", 2, "Paslaugos kodas") in problems
    assert ("deliveries", 2, "Trukmė (min.)") in problems and ("deliveries", 2, "Forma") in problems
    assert ("deliveries", 2, "Data") in problems
    report = world.client_for(world.bob).get(
        reverse("imports:report", kwargs={"batch_id": batch.pk})
    )
    book = load_workbook(io.BytesIO(report.content))
    assert book["Vaikai"]["L1"].value == "Klaidos"
    assert book["Vaikai"]["L2"].value
    refused = world.client_for(world.bob).post(
        reverse("imports:commit", kwargs={"batch_id": batch.pk})
    )
    assert refused.status_code == 302
    assert latest().status == ImportBatch.Status.CHECKED
    with as_system():
        assert Child.objects.count() == 1


def test_overlaps_and_capacity_are_checked_across_the_file(world: World) -> None:
    birth = dt.date(2016, 2, 3)
    rows = [child_row("Vaikas", f"Nr{n}", birth, 700 + n) for n in range(5)]
    codes = [row[0] for row in rows]
    content = workbook(
        {
            "children": rows,
            "placements": [
                [codes[0], "Petrauskų šeima", "", "laikinoji globa", day(50), "", "", "ne"],
                [codes[0], "Petrauskų šeima", "", "laikinoji globa", day(40), "", "", "ne"],
                *[
                    [code, "Petrauskų šeima", "", "laikinoji globa", day(30), "", "", "ne"]
                    for code in codes[1:]
                ],
            ],
        }
    )
    upload(world, content)
    problems = {(row, column) for sheet, row, column, _m in latest().result["errors"]}
    # The second placement of the first child overlaps its first; the fourth child placed
    # with the on-call carer is one more than the rule allows (3).
    assert problems == {(3, "Pradžia"), (6, "Šeimos kodas"), (7, "Šeimos kodas")}


def test_a_registered_child_is_for_a_person_to_decide(world: World) -> None:
    child = world.child
    content = workbook(
        {
            "children": [
                child_row(
                    child.first_name,
                    child.last_name,
                    child.birth_date,
                    0,
                    sex="F",
                    code=child.personal_code,
                ),
                child_row(child.first_name, child.last_name, child.birth_date, 901, sex="F"),
            ],
            "relatives": [
                [
                    child.personal_code,
                    "Ona",
                    "Jonaitienė",
                    "močiutė" if False else "seneliai",
                    "",
                    "",
                ]
            ],
        }
    )
    upload(world, content)
    batch = latest()
    kinds = {d["row"]: d["kind"] for d in batch.result["duplicates"]}
    assert kinds == {2: "existing", 3: "likely"}
    url = reverse("imports:commit", kwargs={"batch_id": batch.pk})
    world.client_for(world.bob).post(url)
    assert latest().status == ImportBatch.Status.CHECKED  # undecided: not saved
    decided = world.client_for(world.bob).post(
        reverse("imports:decide", kwargs={"batch_id": batch.pk}),
        {"version": batch.version, "row-2": "existing", "row-3": "skip"},
    )
    assert decided.status_code == 302
    batch = latest()
    assert batch.decisions == {"2": f"existing:{child.pk}", "3": "skip"}


def test_outsiders_and_other_roles_cannot_import(world: World) -> None:
    content = good_file(world)
    assert upload(world, content, user=world.alice).status_code == 403
    assert world.client_for(world.carol).get(reverse("imports:list")).status_code == 403
    upload(world, content)
    batch = latest()
    url = reverse("imports:detail", kwargs={"batch_id": batch.pk})
    assert world.client_for(world.charlie).get(url).status_code == 403
    manager_b = world.client_for(world.charlie)
    assert (
        manager_b.post(reverse("imports:commit", kwargs={"batch_id": batch.pk})).status_code == 403
    )


def test_a_file_that_is_not_a_register_is_refused(world: World) -> None:
    response = upload(world, b"%PDF-1.4 not a sheet", name="registras.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    upload(world, b"PK\x03\x04 broken", name="registras.xlsx")
    assert latest().status == ImportBatch.Status.UNREADABLE


def test_a_csv_sheet_is_read_by_its_headers(world: World) -> None:
    birth = dt.date(2016, 2, 3)
    header = ";".join(layout.CHILDREN.headers)
    row = ";".join(str(v) for v in child_row("Csv", "Vaikas", birth, 555))
    upload(world, f"{header}\n{row}\n".encode(), name="vaikai.csv")
    batch = latest()
    assert batch.status == ImportBatch.Status.CHECKED and batch.error_count == 0, batch.result
    assert batch.result["counts"] == {"children": 1}


def test_the_example_template_passes_its_own_check(world: World) -> None:
    from globa.accounts.models import Role
    from globa.testing import member

    member(Role.COORDINATOR, world.centre_a, username="koordinatorius")
    upload(world, layout.template(example=True), name="pavyzdys.xlsx")
    batch = latest()
    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.result["errors"] == []


def test_a_closed_household_and_a_child_who_left_care_take_no_placement(world: World) -> None:
    from globa.registry.models import CarerHousehold as Household
    from globa.testing import ChildFactory, household_with

    closed = household_with(world.alice, world.centre_a, name="Uždarytų šeima")
    with as_system():
        Household.objects.filter(pk=closed.pk).update(status=Household.Status.CLOSED)
    gone = ChildFactory(centre=world.centre_a, status=Child.Status.LEFT_CARE)
    content = workbook(
        {
            "placements": [
                [
                    world.child.personal_code,
                    "Uždarytų šeima",
                    "",
                    "laikinoji globa",
                    day(5),
                    "",
                    "",
                    "ne",
                ],
                [
                    gone.personal_code,
                    "Petrauskų šeima",
                    "",
                    "laikinoji globa",
                    day(5),
                    "",
                    "",
                    "ne",
                ],
            ]
        }
    )
    upload(world, content)
    problems = {(row, column) for _s, row, column, _m in latest().result["errors"]}
    assert problems == {(2, "Šeimos kodas"), (3, "Vaiko asmens kodas")}

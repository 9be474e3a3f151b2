"""The child population, loaded from a CSV by an administrator, and the rates per 100,000
children it gives."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from globa.accounts.models import Role
from globa.lib import clock
from globa.monitoring.models import ChildPopulation
from globa.registry.models import HouseholdKind
from globa.testing import (
    ChildFactory,
    HouseholdFactory,
    World,
    as_system,
    member,
    municipality,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def _load(tmp_path: Path, text: str, source: str = "Statistikos departamentas") -> str:
    path = tmp_path / "gyventojai.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("population", str(path), source=source, stdout=out)
    return out.getvalue()


def test_a_file_is_loaded_and_loaded_again_replaces(world: World, tmp_path: Path) -> None:
    text = "municipality,year,children\nVilniaus miesto savivaldybė,2025,100000\nKauno miesto savivaldybė,2025,50000\n"
    assert "Loaded 2 figures." in _load(tmp_path, text)
    _load(tmp_path, "municipality,year,children\nvilniaus miesto savivaldybė,2025,110000\n")
    with as_system():
        assert (
            ChildPopulation.objects.get(municipality=municipality(), year=2025).children == 110000
        )
        assert ChildPopulation.objects.count() == 2


def test_a_bad_file_loads_nothing_and_says_why(world: World, tmp_path: Path) -> None:
    text = "municipality,year,children\nVilniaus miesto savivaldybė,2025,100000\nAtlantida,2025,5\nKauno miesto savivaldybė,du,7\nKauno miesto savivaldybė,2025,0\n"
    # The command speaks the active language: English here, whichever test ran before.
    with translation.override("en"), pytest.raises(CommandError) as error:
        _load(tmp_path, text)
    assert "Row 3" in str(error.value) and "Atlantida" in str(error.value)
    assert "Row 4" in str(error.value) and "Row 5" in str(error.value)
    with pytest.raises(CommandError):
        _load(tmp_path, text, source=" ")
    with as_system():
        assert not ChildPopulation.objects.exists()


def test_rates_per_100000_children_where_the_population_is_known(
    world: World, tmp_path: Path
) -> None:
    year = clock.today().year - 1
    household = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
    for n in range(8):
        place(ChildFactory(centre=world.centre_a), household, dt.date(year, 3, 1 + n))
    _load(tmp_path, f"municipality,year,children\nVilniaus miesto savivaldybė,{year},100000\n")
    officer = member(Role.MUNICIPALITY_OFFICER, municipality())
    client = world.client_for(officer)
    client.cookies["django_language"] = "en"
    url = reverse("monitoring:dashboard", args=["municipality", municipality().pk])
    page = client.get(url, {"period": "year", "year": year}).content.decode()
    assert "8.0 per 100,000 children of the area." in page
    national = world.client_for(world.nora)
    national.cookies["django_language"] = "en"
    page = national.get(
        reverse("monitoring:country"), {"period": "year", "year": year}
    ).content.decode()
    places = page.split('id="h-places"')[1].split("</table>")[0]
    assert "Children in care per 100,000 children" in places
    row = places.split("Vilniaus miesto savivaldybė", 1)[1].split("</tr>", 1)[0]
    assert row.rstrip().endswith("8.0</td>")
    # No population for the year before: no rates.
    page = client.get(url, {"period": "year", "year": year - 1}).content.decode()
    assert "per 100,000 children of the area" not in page

"""``globa instruments``: versions published from the files, once; a changed file refused;
the mapping between versions kept on the items."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from globa.assessments.definitions import DefinitionError
from globa.assessments.models import InstrumentVersion, Item
from globa.assessments.registry import load

TINY = Path(__file__).resolve().parent / "instruments" / "tiny"

pytestmark = pytest.mark.django_db(databases=["default", "owner"])


def test_versions_are_published_once_with_their_mapping() -> None:
    paths = [TINY / "1.yaml", TINY / "2.yaml"]
    first = load(using="owner", paths=paths)
    assert [(entry.version, entry.created) for entry in first] == [(1, True), (2, True)]
    assert [entry.created for entry in load(using="owner", paths=paths)] == [False, False]
    items = Item.objects.using("owner").filter(version__instrument__code="tiny")
    continues = {
        (item.version.number, item.code): item.continues.code if item.continues else None
        for item in items.select_related("version", "continues")
    }
    assert continues[(2, "cleanliness")] == "hygiene"
    assert continues[(2, "housing")] == "housing"
    assert continues[(2, "routine")] is None
    version = InstrumentVersion.objects.using("owner").get(instrument__code="tiny", number=2)
    assert len(version.content_hash) == 64 and version.licence == "CC0"


def test_a_changed_published_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    shutil.copy(TINY / "1.yaml", folder / "1.yaml")
    load(using="owner", paths=[folder / "1.yaml"])
    text = (folder / "1.yaml").read_text(encoding="utf-8").replace("licence: CC0", "licence: CC BY")
    (folder / "1.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match="cannot change; write the change as a new version"):
        load(using="owner", paths=[folder / "1.yaml"])


def test_a_file_in_the_wrong_place_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    shutil.copy(TINY / "1.yaml", folder / "3.yaml")
    with pytest.raises(DefinitionError, match="its place says other version 3"):
        load(using="owner", paths=[folder / "3.yaml"])


def test_the_command_checks_and_loads_the_files() -> None:
    out = StringIO()
    call_command("instruments", check=True, stdout=out)
    assert "family_situation version 1: 32 items" in out.getvalue()
    out = StringIO()
    call_command("instruments", stdout=out)
    assert "5 versions in the files, 0 newly published." in out.getvalue()


def test_the_command_names_a_broken_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from globa.assessments import definitions

    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "1.yaml").write_text("code: broken\nversion: 1\n", encoding="utf-8")
    monkeypatch.setattr(definitions, "FOLDER", tmp_path)
    with pytest.raises(CommandError, match="broken"):
        call_command("instruments", check=True, stdout=StringIO())

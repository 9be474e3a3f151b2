"""Loading the instrument files into the database, and reading a version back.

``load`` is run by ``globa instruments`` and after every ``migrate`` (so that a new database
has the instruments): a file whose version is new is published; a file whose version is
already loaded with the same content changes nothing; a file that changed a published
version is refused, since assessments were made with what it said.

A version never changes once loaded, so its typed definition is read once per process and
kept (``definition_of``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from globa.assessments import definitions
from globa.assessments.definitions import Definition, DefinitionError
from globa.assessments.models import Domain, Instrument, InstrumentVersion, Item

_cache: dict[tuple[int, str], Definition] = {}
_items: dict[int, dict[str, int]] = {}
_domains: dict[int, dict[str, int]] = {}


def definition_of(version: InstrumentVersion) -> Definition:
    """The typed content of a loaded version (read once per process)."""
    key = (version.pk, version.content_hash)
    found = _cache.get(key)
    if found is None:
        found = definitions.parse(version.content)
        _cache[key] = found
    return found


def item_ids(version: InstrumentVersion) -> dict[str, int]:
    """The version's items' ids by code (read once per process: they never change)."""
    found = _items.get(version.pk)
    if found is None:
        found = dict(Item.objects.filter(version=version).values_list("code", "id"))
        _items[version.pk] = found
    return found


def domain_ids(version: InstrumentVersion) -> dict[str, int]:
    found = _domains.get(version.pk)
    if found is None:
        found = dict(Domain.objects.filter(version=version).values_list("code", "id"))
        _domains[version.pk] = found
    return found


@dataclass(frozen=True)
class Loaded:
    path: Path
    code: str
    version: int
    created: bool


def read_all(paths: list[Path] | None = None) -> list[tuple[Path, dict[str, Any], Definition]]:
    """Every file read, checked and parsed, and each later version's mapping checked against
    the earlier one; ``DefinitionError`` for the first that is not usable."""
    found = []
    by_code: dict[str, dict[int, Definition]] = {}
    for path in paths if paths is not None else definitions.files():
        raw = definitions.read_file(path)
        definition = definitions.parse(raw)
        by_code.setdefault(definition.code, {})[definition.version] = definition
        found.append((path, raw, definition))
    for versions in by_code.values():
        numbers = sorted(versions)
        if numbers != list(range(1, len(numbers) + 1)):
            code = next(iter(versions.values())).code
            raise DefinitionError(f"{code}: versions are numbered 1, 2, 3… without gaps")
        for earlier, later in pairwise(numbers):
            definitions.check_mapping(versions[earlier], versions[later])
            if versions[later].subject != versions[earlier].subject:
                raise DefinitionError(
                    f"{versions[later].code}: a new version assesses the same kind of subject"
                )
    return found


def load(
    *,
    using: str = DEFAULT_DB_ALIAS,
    paths: list[Path] | None = None,
    echo: Callable[[str], None] | None = None,
) -> list[Loaded]:
    """Publish every version not yet loaded; refuse a file that changed a published one."""
    results = []
    with transaction.atomic(using=using):
        for path, raw, definition in read_all(paths):
            results.append(_load_one(path, raw, definition, using))
            if echo and results[-1].created:
                echo(f"Published {definition.code} version {definition.version}.")
    return results


def _load_one(path: Path, raw: dict[str, Any], definition: Definition, using: str) -> Loaded:
    digest = definitions.content_hash(raw)
    instrument, _created = Instrument.objects.using(using).get_or_create(
        code=definition.code,
        defaults={
            "subject_kind": definition.subject,
            "name_lt": definition.name.lt,
            "name_en": definition.name.en,
        },
    )
    existing = (
        InstrumentVersion.objects.using(using)
        .filter(instrument=instrument, number=definition.version)
        .first()
    )
    if existing is not None:
        if existing.content_hash != digest:
            raise DefinitionError(
                f"{path}: {definition.code} version {definition.version} is published and "
                "cannot change; write the change as a new version (see docs/assessments.md)"
            )
        return Loaded(path, definition.code, definition.version, False)
    # The instrument's name is the latest version's.
    Instrument.objects.using(using).filter(pk=instrument.pk).update(
        name_lt=definition.name.lt, name_en=definition.name.en
    )
    version = InstrumentVersion.objects.using(using).create(
        instrument=instrument,
        number=definition.version,
        effective_from=definition.effective_from,
        author=definition.author,
        licence=definition.licence,
        content=raw,
        content_hash=digest,
    )
    earlier: dict[str, int] = {}
    renamed: dict[str, str] = {}
    moved: set[str] = set()
    if definition.maps_from is not None:
        earlier = dict(
            Item.objects.using(using)
            .filter(version__instrument=instrument, version__number=definition.maps_from.version)
            .values_list("code", "id")
        )
        renamed = {new: old for old, new in definition.maps_from.items.items()}
        moved = set(definition.maps_from.items)
        for dropped in definition.maps_from.dropped:
            earlier.pop(dropped, None)
    position = 0
    for index, domain in enumerate(definition.domains):
        row = Domain.objects.using(using).create(version=version, code=domain.code, position=index)
        for item in domain.items:
            position += 1
            # A renamed item continues its old code; an unlisted one its own, unless that code
            # went on under another name.
            old = renamed.get(item.code) or (item.code if item.code not in moved else None)
            Item.objects.using(using).create(
                version=version,
                domain=row,
                code=item.code,
                position=position,
                continues_id=earlier.get(old) if old else None,
            )
    return Loaded(path, definition.code, definition.version, True)

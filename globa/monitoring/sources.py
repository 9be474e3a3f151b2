"""Each monitoring source's figures kept ready by its own tables' changes.

A source (``globa_monitoring_<source>``) reads some tables; its counts
(``compute.facts``) stay exact while none of those tables changes. Which tables it reads
is read from the database itself, never kept by hand: the functions' bodies
(``pg_proc.prosrc``) name tables as ``public.<table>`` and call other functions, followed
to the end; to them are added the tables whose triggers write a table read (the counts
the database keeps on a household's row are left out of its audit trail, and change with
the placements and own children that recount them), and the organisations that
``compute.facts`` joins. A table's version is its part of the audit trail, or for the
few reference tables that are not audited a hash of their rows (``globa_table_versions``);
a source is kept only when every table it reads has a version, so a table whose changes
leave no trace (the survey's answers and inbox) makes its source counted every time.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from globa.monitoring import compute
from globa.monitoring.compute import Area, Facts
from globa.monitoring.periods import Period

# compute.facts joins the organisations to every source's rows.
ALWAYS_READ = frozenset({"organisations_organisation"})

_TABLE = re.compile(r"\bpublic\.([a-z_][a-z0-9_]*)", re.IGNORECASE)
_CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(", re.IGNORECASE)
_WRITE = re.compile(
    r"\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+public\.([a-z_][a-z0-9_]*)", re.IGNORECASE
)


@dataclass(frozen=True)
class Catalogue:
    """What the schema says about the public functions, tables and triggers."""

    bodies: dict[str, str]  # function -> its bodies (all overloads)
    audited: frozenset[str]  # tables with an audit trigger (globa_audit)
    triggers: dict[str, frozenset[str]]  # table -> its other triggers' functions

    def reached(self, function: str) -> set[str]:
        """The function and every public function it calls, to the end."""
        seen = {function}
        todo = [function]
        while todo:
            body = self.bodies.get(todo.pop(), "")
            for called in _CALL.findall(body):
                name = called.lower()
                if name in self.bodies and name not in seen:
                    seen.add(name)
                    todo.append(name)
        return seen

    def reads(self, function: str) -> set[str]:
        """Every relation named by the function or a function it calls."""
        named: set[str] = set()
        for name in self.reached(function):
            named.update(t.lower() for t in _TABLE.findall(self.bodies[name]))
        return {t for t in named if t not in self.bodies}

    def writes(self, function: str) -> set[str]:
        written: set[str] = set()
        for name in self.reached(function):
            written.update(t.lower() for t in _WRITE.findall(self.bodies[name]))
        return written

    def source_tables(self, source: str) -> frozenset[str]:
        """The tables a source's figures depend on (see the module's docstring)."""
        read = self.reads(f"globa_monitoring_{source}") | ALWAYS_READ
        changed = True
        while changed:
            changed = False
            for table, functions in self.triggers.items():
                if table in read:
                    continue
                if any(self.writes(f) & read for f in functions):
                    read.add(table)
                    changed = True
        return frozenset(read)


def _load() -> Catalogue:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.proname, string_agg(p.prosrc, E'\n')
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public'
             GROUP BY p.proname
            """
        )
        bodies = {name: body for name, body in cursor.fetchall()}
        cursor.execute(
            """
            SELECT c.relname, p.proname
              FROM pg_catalog.pg_trigger t
              JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
             WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D'
            """
        )
        audited: set[str] = set()
        triggers: dict[str, set[str]] = {}
        for table, function in cursor.fetchall():
            if function == "globa_audit":
                audited.add(table)
            else:
                triggers.setdefault(table, set()).add(function)
    return Catalogue(
        bodies=bodies,
        audited=frozenset(audited),
        triggers={t: frozenset(f) for t, f in triggers.items()},
    )


_CATALOGUE: Catalogue | None = None
_CATALOGUE_LOCK = threading.Lock()


def catalogue() -> Catalogue:
    """The schema's functions, tables and triggers, read once per process."""
    global _CATALOGUE
    with _CATALOGUE_LOCK:
        if _CATALOGUE is None:
            _CATALOGUE = _load()
        return _CATALOGUE


def kept() -> bool:
    return int(settings.GLOBA_MONITORING_CACHE_SECONDS) > 0


def versions(sources: tuple[str, ...]) -> dict[str, str]:
    """Each kept source's version: its tables' versions (``globa_table_versions``), in one
    query. A source that reads a table without one (its changes leave no trace) has none and
    is counted every time; nothing has one when figures are not kept
    (``GLOBA_MONITORING_CACHE_SECONDS`` 0)."""
    if not kept():
        return {}
    found = catalogue()
    tables = {s: found.source_tables(s) for s in sources}
    by_table = table_versions(sorted(set().union(*tables.values())))
    return {
        source: hashlib.sha256(
            ";".join(f"{t}={by_table[t]}" for t in sorted(read)).encode()
        ).hexdigest()[:24]
        for source, read in tables.items()
        if all(by_table.get(t) is not None for t in read)
    }


def table_versions(tables: list[str]) -> dict[str, str | None]:
    """Each table's version, or None for a table whose changes leave no trace."""
    if not tables:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, version FROM globa_table_versions(%s)", [tables])
        return dict(cursor.fetchall())


def facts(
    period: Period,
    area: Area,
    by: str | None,
    sources: tuple[str, ...],
    at: dict[str, str],
) -> dict[str, Facts]:
    """Each source's counts (``compute.facts``): from the shared cache while the source's
    version (``at``, from ``versions``) is the one they were counted at, else counted now
    and kept under it."""
    keys = {
        source: ":".join(
            [
                "monitoring-facts",
                compute.code_version(),
                source,
                at[source],
                period.start.isoformat(),
                period.end.isoformat(),
                area.level,
                str(area.id or ""),
                by or "",
            ]
        )
        for source in sources
        if source in at
    }
    ready = cache.get_many(list(keys.values())) if keys else {}
    found: dict[str, Facts] = {}
    counted: dict[str, Facts] = {}
    for source in sources:
        key = keys.get(source)
        if key is not None and key in ready:
            found[source] = ready[key]
            continue
        found[source] = compute.facts(source, period, area, by)
        if key is not None:
            counted[key] = found[source]
    if counted:
        cache.set_many(counted, int(settings.GLOBA_MONITORING_CACHE_SECONDS))
    return found

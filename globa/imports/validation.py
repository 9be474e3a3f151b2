"""The dry run: every row and field of an import checked against the same rules the forms
and services apply, without saving anything.

What the registry knows is read once (the centre's children, households, coordinators,
municipalities, institutions, services, capacity rules) and every row is then checked in
memory, so a file of ten thousand children with their placements is checked in seconds. The
services check again when the import is saved, and the database has the last word.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.imports.layout import FALSE, TRUE, Column, Rows, Sheet, choice_names
from globa.lib import personal_code
from globa.organisations.models import Organisation
from globa.registry import selectors as registry_selectors
from globa.registry.models import CapacityRule
from globa.registry.services import validate_child
from globa.support.models import LONGEST_DELIVERY_MINUTES, Service, ServiceProvision
from globa.support.services import OLDEST_RECORD_DAYS

LATEST_PLACEMENT_START_DAYS = 30


def fold(text: str) -> str:
    """Lower case without diacritics, as the database folds names (``globa_fold``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Known:
    """What the registry already holds, read once for the whole file."""

    today: dt.date
    municipalities: dict[str, int]
    institutions: dict[str, int]
    coordinators: dict[str, int]
    children_by_code: dict[str, tuple[str, str]]
    children_by_identifier: dict[str, tuple[str, str]]
    children_by_name: dict[tuple[str, dt.date], list[tuple[str, str]]]
    households: dict[str, tuple[str, str, int]]  # folded name -> id, kind, placed now
    inactive_households: set[str]  # ids of registered households that take no child now
    left_care: set[str]  # ids of registered children who have left care
    open_placements: dict[str, list[tuple[dt.date, dt.date | None]]]  # child id -> periods
    services: dict[str, list[tuple[dt.date, dt.date | None]]]  # code -> provided periods
    rules: dict[str, list[CapacityRule]]

    def rule(self, kind: str, day: dt.date) -> CapacityRule | None:
        for rule in self.rules.get(kind, []):
            if rule.valid_from <= day and (rule.valid_to is None or rule.valid_to > day):
                return rule
        return None


def known_for(user: User, centre: Organisation, today: dt.date) -> Known:
    """Read what the checks need, within the user's scope."""
    municipalities: dict[str, int] = {}
    for pk, name in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
        "pk", "name"
    ):
        municipalities[fold(name)] = pk
        municipalities[fold(name.replace(" savivaldybė", "").replace(" rajono", " r."))] = pk
        municipalities[fold(name.replace(" savivaldybė", ""))] = pk
    institutions = {
        fold(name): pk
        for pk, name in registry_selectors.institutions_for(user).values_list("pk", "name")
    }
    coordinators = {
        username.lower(): pk
        for pk, username in registry_selectors.coordinators_for(user)
        .filter(memberships__organisation=centre)
        .values_list("pk", "username")
    }
    by_code: dict[str, tuple[str, str]] = {}
    by_identifier: dict[str, tuple[str, str]] = {}
    by_name: dict[tuple[str, dt.date], list[tuple[str, str]]] = defaultdict(list)
    children = registry_selectors.children_visible_to(user).values_list(
        "pk", "first_name", "last_name", "birth_date", "personal_code", "other_identifier"
    )
    for child_pk, first, last, birth, code, other in children:
        entry = (str(child_pk), f"{first} {last}")
        if code:
            by_code[code] = entry
        if other:
            by_identifier[other.strip().lower()] = entry
        by_name[(fold(f"{first} {last}"), birth)].append(entry)
    households = {
        fold(name): (str(pk), kind, placed)
        for pk, name, kind, placed in registry_selectors.households_visible_to(user)
        .filter(centre=centre)
        .annotate(placed=_open_count())
        .values_list("pk", "name", "kind", "placed")
    }
    inactive = {
        str(pk)
        for pk in registry_selectors.households_visible_to(user)
        .filter(centre=centre)
        .exclude(status="active")
        .values_list("pk", flat=True)
    }
    left = {
        str(pk)
        for pk in registry_selectors.children_visible_to(user)
        .filter(status="left_care")
        .values_list("pk", flat=True)
    }
    periods: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for child_id, start, end in registry_selectors.placements_visible_to(user).values_list(
        "child_id", "started_on", "ended_on"
    ):
        periods[str(child_id)].append((start, end))
    services: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    provisions = ServiceProvision.objects.filter(organisation=centre).select_related("service")
    for provision in provisions:
        service = provision.service
        start = max(service.valid_from, provision.valid_from)
        ends = [d for d in (service.valid_to, provision.valid_to) if d is not None]
        services[service.code].append((start, min(ends) if ends else None))
    for code in Service.objects.values_list("code", flat=True):
        services.setdefault(code, [])
    rules: dict[str, list[CapacityRule]] = defaultdict(list)
    for rule in CapacityRule.objects.order_by("-valid_from"):
        rules[rule.household_kind].append(rule)
    return Known(
        today=today,
        municipalities=municipalities,
        institutions=institutions,
        coordinators=coordinators,
        children_by_code=by_code,
        children_by_identifier=by_identifier,
        children_by_name=dict(by_name),
        households=households,
        inactive_households=inactive,
        left_care=left,
        open_placements=dict(periods),
        services=dict(services),
        rules=dict(rules),
    )


def _open_count() -> Any:
    from django.db.models import Count

    return Count("placements", filter=Q(placements__ended_on__isnull=True), distinct=True)


@dataclass
class Report:
    """What the dry run found: errors by sheet, row and column; duplicates to decide; and
    the parsed rows, for saving."""

    errors: list[list[Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    parsed: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, sheet: Sheet, row: int, column: str, message: str) -> None:
        header = sheet.column(column).header if column in {c.key for c in sheet.columns} else ""
        self.errors.append([sheet.key, row, header, message])

    def by_row(self) -> dict[tuple[str, int], list[str]]:
        found: dict[tuple[str, int], list[str]] = defaultdict(list)
        for sheet, row, header, message in self.errors:
            found[(sheet, row)].append(f"{header}: {message}" if header else message)
        return found

    def as_json(self) -> dict[str, Any]:
        return {"errors": self.errors, "duplicates": self.duplicates, "counts": self.counts}


class _Cells:
    """One row's cells turned into values, each problem recorded on its column."""

    def __init__(self, report: Report, sheet: Sheet, row: int, values: dict[str, str]) -> None:
        self.report, self.sheet, self.row, self.values = report, sheet, row, values
        self.ok = True
        self.names = {c.key: c for c in sheet.columns}

    def error(self, key: str, message: str) -> None:
        self.ok = False
        self.report.add(self.sheet, self.row, key, message)

    def parse(self) -> dict[str, Any]:
        parsed: dict[str, Any] = {}
        for column in self.sheet.columns:
            raw = self.values.get(column.key, "")
            if not raw:
                if column.required:
                    self.error(column.key, _("This column is required."))
                parsed[column.key] = (
                    None
                    if column.kind in ("date", "int")
                    else (False if column.kind == "bool" else "")
                )
                continue
            parsed[column.key] = self._value(column, raw)
        return parsed

    def _value(self, column: Column, raw: str) -> Any:
        if column.kind == "date":
            try:
                return dt.date.fromisoformat(raw[:10])
            except ValueError:
                self.error(column.key, _("Write the date as YYYY-MM-DD."))
                return None
        if column.kind == "int":
            try:
                return int(raw)
            except ValueError:
                self.error(column.key, _("Write a whole number."))
                return None
        if column.kind == "bool":
            low = raw.lower()
            if low in TRUE or low in FALSE:
                return low in TRUE
            self.error(column.key, _("Write “taip” or “ne”."))
            return False
        if column.kind == "choice":
            assert column.choices is not None
            value = _CHOICES[column.choices].get(raw.lower())
            if value is None:
                self.error(column.key, _("Unknown value “%(value)s”.") % {"value": raw})
                return ""
            return value
        return raw


class _ChoiceCache(dict[Any, dict[str, str]]):
    def __missing__(self, key: Any) -> dict[str, str]:
        self[key] = choice_names(key)
        return self[key]


_CHOICES = _ChoiceCache()


@dataclass
class _ChildRef:
    """A child the file refers to: a row of the children's sheet, or one already registered."""

    row: int | None
    existing: str | None
    birth_date: dt.date | None
    periods: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


def check(
    sheets: list[Rows],
    known: Known,
    *,
    decisions: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Check every row; ``progress`` is told how many rows were checked, now and then."""
    report = Report()
    decisions = decisions or {}
    by_key = {rows.sheet.key: rows for rows in sheets}
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done)

    for rows in sheets:
        report.counts[rows.sheet.key] = len(rows.rows)
        for header in rows.missing_headers:
            report.add(rows.sheet, 1, "", _("The column “%(name)s” is missing.") % {"name": header})
        for header in rows.unknown_headers:
            report.add(rows.sheet, 1, "", _("Unknown column “%(name)s”.") % {"name": header})

    children = _check_children(by_key.get("children"), known, report, decisions, tick)
    households = _check_households(by_key.get("households"), known, report, tick)
    _check_relatives(by_key.get("relatives"), children, report, tick)
    _check_placements(by_key.get("placements"), children, households, known, report, tick)
    _check_deliveries(by_key.get("deliveries"), children, households, known, report, tick)
    if progress is not None:
        progress(done)
    return report


def _identifier(parsed: dict[str, Any]) -> str:
    return (parsed.get("personal_code") or "").strip() or (
        parsed.get("other_identifier") or ""
    ).strip().lower()


def _check_children(
    rows: Rows | None,
    known: Known,
    report: Report,
    decisions: dict[str, str],
    tick: Callable[[], None],
) -> dict[str, _ChildRef]:
    """Children by their identifier in the file (personal code, else other identifier)."""
    refs: dict[str, _ChildRef] = {}
    for code, (pk, _name) in known.children_by_code.items():
        refs[code] = _ChildRef(None, pk, None, known.open_placements.get(pk, []))
    for identifier, (pk, _name) in known.children_by_identifier.items():
        refs.setdefault(identifier, _ChildRef(None, pk, None, known.open_placements.get(pk, [])))
    if rows is None:
        return refs
    sheet = rows.sheet
    seen_names: dict[tuple[str, dt.date], int] = {}
    parsed_rows = []
    for number, values in rows.rows:
        tick()
        cells = _Cells(report, sheet, number, values)
        parsed = cells.parse()
        municipality = (
            known.municipalities.get(fold(parsed["municipality"] or ""))
            if parsed["municipality"]
            else None
        )
        if parsed["municipality"] and municipality is None:
            cells.error(
                "municipality",
                _("Unknown municipality “%(value)s”.") % {"value": parsed["municipality"]},
            )
        parsed["municipality_id"] = municipality
        if parsed["birth_date"] and parsed["sex"] is not None:
            try:
                validate_child(
                    {
                        "birth_date": parsed["birth_date"],
                        "personal_code": parsed["personal_code"],
                        "other_identifier": parsed["other_identifier"],
                        "sex": parsed["sex"],
                    },
                    today=known.today,
                )
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    for message in messages:
                        cells.error(key if key in cells.names else "personal_code", message)
        identifier = _identifier(parsed)
        decision = decisions.get(str(number), "")
        existing = known.children_by_code.get(
            parsed["personal_code"] or ""
        ) or known.children_by_identifier.get((parsed["other_identifier"] or "").strip().lower())
        if identifier and identifier in refs and refs[identifier].row is not None:
            cells.error(
                "personal_code",
                _("The same child is on row %(row)d too.") % {"row": refs[identifier].row},
            )
        elif existing is not None:
            report.duplicates.append(
                {
                    "row": number,
                    "kind": "existing",
                    "name": f"{parsed['first_name']} {parsed['last_name']}",
                    "candidates": [list(existing)],
                }
            )
        elif parsed["birth_date"] and parsed["first_name"]:
            same = (fold(f"{parsed['first_name']} {parsed['last_name']}"), parsed["birth_date"])
            likely = list(known.children_by_name.get(same, []))
            if same in seen_names:
                likely.append(("", _("row %(row)d of this file") % {"row": seen_names[same]}))
            if likely:
                report.duplicates.append(
                    {
                        "row": number,
                        "kind": "likely",
                        "name": f"{parsed['first_name']} {parsed['last_name']}",
                        "candidates": [list(c) for c in likely],
                    }
                )
            seen_names.setdefault(same, number)
        if identifier and (identifier not in refs or refs[identifier].row is None):
            if existing is not None and decision.startswith("existing"):
                refs[identifier] = _ChildRef(
                    None,
                    existing[0],
                    parsed["birth_date"],
                    known.open_placements.get(existing[0], []),
                )
            elif decision == "skip":
                refs[identifier] = _ChildRef(number, None, None)
                refs[identifier].periods = [
                    (dt.date.min, None)
                ]  # rows about a skipped child are skipped
            else:
                refs[identifier] = _ChildRef(
                    number, existing[0] if existing else None, parsed["birth_date"]
                )
        parsed_rows.append((number, parsed))
    report.parsed["children"] = parsed_rows
    return refs


def _check_households(
    rows: Rows | None, known: Known, report: Report, tick: Callable[[], None]
) -> dict[str, tuple[int | None, str | None, str]]:
    """Households by their key in the file (or, for existing ones, their folded name):
    (row, existing id, kind)."""
    refs: dict[str, tuple[int | None, str | None, str]] = {
        name: (None, pk, kind) for name, (pk, kind, _placed) in known.households.items()
    }
    if rows is None:
        return refs
    sheet = rows.sheet
    keys: dict[str, int] = {}
    parsed_rows = []
    for number, values in rows.rows:
        tick()
        cells = _Cells(report, sheet, number, values)
        parsed = cells.parse()
        key = (parsed["key"] or "").strip().lower()
        if key in keys:
            cells.error(
                "key", _("The same household key is on row %(row)d too.") % {"row": keys[key]}
            )
        keys.setdefault(key, number)
        municipality = (
            known.municipalities.get(fold(parsed["municipality"] or ""))
            if parsed["municipality"]
            else None
        )
        if parsed["municipality"] and municipality is None:
            cells.error(
                "municipality",
                _("Unknown municipality “%(value)s”.") % {"value": parsed["municipality"]},
            )
        parsed["municipality_id"] = municipality
        coordinator = known.coordinators.get((parsed["coordinator"] or "").lower())
        if parsed["coordinator"] and coordinator is None:
            cells.error(
                "coordinator",
                _("No coordinator of this centre has the user name “%(value)s”.")
                % {"value": parsed["coordinator"]},
            )
        parsed["coordinator_id"] = coordinator
        if fold(parsed["name"] or "") in known.households:
            cells.error(
                "name",
                _(
                    "A household of this name is already registered; refer to it by name in the placements instead."
                ),
            )
        for n in (1, 2):
            _check_adult(cells, parsed, n, known.today)
        refs[key] = (number, None, parsed["kind"])
        parsed_rows.append((number, parsed))
    report.parsed["households"] = parsed_rows
    return refs


def _check_adult(cells: _Cells, parsed: dict[str, Any], n: int, today: dt.date) -> None:
    first, last = parsed[f"adult{n}_first_name"], parsed[f"adult{n}_last_name"]
    birth, code = parsed[f"adult{n}_birth_date"], parsed[f"adult{n}_personal_code"]
    if not (first or last or birth or code):
        return
    if not (first and last and birth):
        cells.error(
            f"adult{n}_first_name", _("An adult needs a first name, a last name and a birth date.")
        )
    if birth and birth > today:
        cells.error(f"adult{n}_birth_date", _("The birth date cannot be in the future."))
    if code:
        try:
            found = personal_code.parse(code)
        except personal_code.PersonalCodeError as error:
            cells.error(f"adult{n}_personal_code", str(error))
        else:
            if birth and found.birth_date != birth:
                cells.error(
                    f"adult{n}_personal_code",
                    _("The personal code does not match the birth date entered."),
                )


def _child_ref(cells: _Cells, key: str, children: dict[str, _ChildRef]) -> _ChildRef | None:
    raw = (cells.values.get(key) or "").strip()
    if not raw:
        return None
    ref = children.get(raw) or children.get(raw.lower())
    if ref is None:
        cells.error(
            key,
            _("No child with the identifier “%(value)s” in the file or the registry.")
            % {"value": raw},
        )
    return ref


def _skipped(ref: _ChildRef | None) -> bool:
    return ref is not None and ref.periods == [(dt.date.min, None)]


def _check_relatives(
    rows: Rows | None, children: dict[str, _ChildRef], report: Report, tick: Callable[[], None]
) -> None:
    if rows is None:
        return
    parsed_rows = []
    for number, values in rows.rows:
        tick()
        cells = _Cells(report, rows.sheet, number, values)
        parsed = cells.parse()
        ref = _child_ref(cells, "child", children)
        if not _skipped(ref):
            parsed_rows.append((number, parsed))
    report.parsed["relatives"] = parsed_rows


def _check_placements(
    rows: Rows | None,
    children: dict[str, _ChildRef],
    households: dict[str, tuple[int | None, str | None, str]],
    known: Known,
    report: Report,
    tick: Callable[[], None],
) -> None:
    if rows is None:
        return
    today = known.today
    open_in_file: dict[str, int] = defaultdict(int)
    parsed_rows = []
    for number, values in sorted(rows.rows, key=lambda r: r[1].get("started_on", "")):
        tick()
        cells = _Cells(report, rows.sheet, number, values)
        parsed = cells.parse()
        ref = _child_ref(cells, "child", children)
        if _skipped(ref):
            continue
        start, end = parsed["started_on"], parsed["ended_on"]
        household_key = (parsed["household"] or "").strip().lower()
        household = households.get(household_key) or households.get(fold(household_key))
        institution = (
            known.institutions.get(fold(parsed["institution"] or ""))
            if parsed["institution"]
            else None
        )
        if bool(household_key) == bool(parsed["institution"]):
            cells.error("household", _("Name either a household or an institution."))
        elif household_key and household is None:
            cells.error(
                "household",
                _("No household “%(value)s” in the file or the registry.")
                % {"value": parsed["household"]},
            )
        elif parsed["institution"] and institution is None:
            cells.error(
                "institution",
                _("Unknown institution “%(value)s”.") % {"value": parsed["institution"]},
            )
        parsed["institution_id"] = institution
        if household is not None and household[1] in known.inactive_households:
            cells.error("household", _("Only an active household can take a child."))
        if ref is not None and ref.existing in known.left_care:
            cells.error("child", _("This child has left care; change the status before placing."))
        if start:
            if start > today + dt.timedelta(days=LATEST_PLACEMENT_START_DAYS):
                cells.error("started_on", _("A placement cannot start more than 30 days ahead."))
            if ref is not None and ref.birth_date and start < ref.birth_date:
                cells.error("started_on", _("A placement cannot start before the child was born."))
        if end is not None:
            if start and end <= start:
                cells.error("ended_on", _("A placement ends after it starts."))
            if end > today:
                cells.error("ended_on", _("A placement cannot be ended in the future."))
            if not parsed["end_reason"]:
                cells.error("end_reason", _("Choose why the placement ended."))
        elif parsed["end_reason"]:
            cells.error("ended_on", _("A placement with an end reason needs its end date."))
        if ref is not None and start:
            for other_start, other_end in ref.periods:
                if (end is None or other_start < end) and (other_end is None or start < other_end):
                    cells.error(
                        "started_on",
                        _("This child already has a placement from %(start)s.")
                        % {"start": other_start.isoformat()},
                    )
                    break
            ref.periods.append((start, end))
        if household is not None and start and end is None and cells.ok:
            _row, existing, kind = household
            placed = open_in_file[household_key] + 1
            if existing is not None:
                placed += known.households.get(fold(household_key), ("", "", 0))[2]
            rule = known.rule(kind, start)
            if rule is not None and rule.max_placed is not None and placed > rule.max_placed:
                cells.error(
                    "household",
                    _(
                        "Rule “%(rule)s”: at most %(limit)d children may be placed at once; this would make %(count)d."
                    )
                    % {"rule": rule.name, "limit": rule.max_placed, "count": placed},
                )
            elif rule is not None and rule.max_total is not None and placed > rule.max_total:
                cells.error(
                    "household",
                    _(
                        "Rule “%(rule)s”: at most %(limit)d children including the family's own; this would make %(count)d."
                    )
                    % {"rule": rule.name, "limit": rule.max_total, "count": placed},
                )
            open_in_file[household_key] += 1
        parsed_rows.append((number, parsed))
    report.parsed["placements"] = parsed_rows


def _check_deliveries(
    rows: Rows | None,
    children: dict[str, _ChildRef],
    households: dict[str, tuple[int | None, str | None, str]],
    known: Known,
    report: Report,
    tick: Callable[[], None],
) -> None:
    if rows is None:
        return
    today = known.today
    parsed_rows = []
    for number, values in rows.rows:
        tick()
        cells = _Cells(report, rows.sheet, number, values)
        parsed = cells.parse()
        code, day = parsed["service"], parsed["delivered_on"]
        if code and code not in known.services:
            cells.error(
                "service",
                _("No service of the catalogue has the code “%(value)s”.") % {"value": code},
            )
        elif (
            code
            and day
            and not any(s <= day and (e is None or day <= e) for s, e in known.services[code])
        ):
            cells.error(
                "service", _("Your organisation does not provide this service on this date.")
            )
        if day and day > today:
            cells.error(
                "delivered_on", _("The date is in the future. Record a service once it is given.")
            )
        elif day and (today - day).days > OLDEST_RECORD_DAYS:
            cells.error(
                "delivered_on",
                _("The date is more than a year ago; services are recorded within a year."),
            )
        minutes = parsed["minutes"]
        if minutes is not None and not 1 <= minutes <= LONGEST_DELIVERY_MINUTES:
            cells.error("minutes", _("A duration is between 1 minute and 12 hours (720 minutes)."))
        has_child, has_household = bool(parsed["child"]), bool(parsed["household"])
        if has_child == has_household:
            cells.error(
                "child", _("Name either the child or the household who received the service.")
            )
        ref = _child_ref(cells, "child", children) if has_child else None
        if _skipped(ref):
            continue
        if has_household:
            key = parsed["household"].strip().lower()
            if (households.get(key) or households.get(fold(key))) is None:
                cells.error(
                    "household",
                    _("No household “%(value)s” in the file or the registry.")
                    % {"value": parsed["household"]},
                )
        parsed_rows.append((number, parsed))
    report.parsed["deliveries"] = parsed_rows

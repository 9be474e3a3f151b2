"""Importing a centre's existing register: upload, a dry run in the background, decisions on
possible duplicates, and saving all or nothing through the registry's and the service
records' own services, as the importing user.

Only the centre's manager imports. The dry run and the saving run as background tasks
(``globa.core.tasks``) in the importing user's row-level security scope, so they see and
change exactly what that person could on the pages, and the audit trail names them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.core import tasks
from globa.core.saving import saving
from globa.imports import layout, validation
from globa.imports.models import ImportBatch, ImportedRecord
from globa.lib import clock
from globa.lib.dbscope import db_scope
from globa.organisations.models import Organisation
from globa.registry import services as registry
from globa.registry.models import CarerHousehold, Child
from globa.support import services as support
from globa.support.models import Service

MAX_BYTES = 20 * 1024 * 1024
FORMATS = (".xlsx", ".csv")
DECISIONS = ("new", "skip", "existing")


def import_upload(*, by: User, centre: Organisation, name: str, content: bytes) -> ImportBatch:
    """Keep the file and start its dry run in the background."""
    require_page(bool(scope_for(by).managed_centre_ids))
    require_change(scope_for(by).manages(centre.pk))
    if not name.lower().endswith(FORMATS):
        raise ValidationError({"file": _("Send the template filled in, as XLSX or CSV.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    with saving():
        batch = ImportBatch.objects.create(
            centre=centre,
            file_name=name[-200:],
            content=content,
            created_by=by,
            created_at=clock.now(),
        )
        tasks.defer(validate_task, batch_id=str(batch.pk), user_id=by.pk)
    return batch


def _as(user: User) -> Any:
    """The user's row-level security scope, for background work done for them."""
    scope = scope_for(user)
    return db_scope(
        org_ids=scope.registry_org_ids,
        case_org_ids=scope.case_org_ids,
        user_id=user.pk,
        acting_org_id=scope.primary_org_id,
    )


def _batch(batch_id: str, user: User) -> ImportBatch:
    with transaction.atomic(), _as(user):
        return ImportBatch.objects.select_related("created_by", "centre").get(pk=batch_id)


def _progress(batch: ImportBatch, user: User) -> Callable[[int], None]:
    def report(done: int) -> None:
        with transaction.atomic(), _as(user):
            ImportBatch.objects.filter(pk=batch.pk).update(rows_done=done)

    return report


def dry_run(
    batch: ImportBatch, user: User, sheets: list[layout.Rows] | None = None
) -> validation.Report:
    """Check the file as it would be saved now (nothing is saved)."""
    if sheets is None:
        sheets = layout.read(bytes(batch.content), batch.file_name)
    known = validation.known_for(user, batch.centre, clock.today())
    return validation.check(
        sheets, known, decisions=batch.decisions, progress=_progress(batch, user)
    )


def validate(batch_id: str, user_id: int) -> None:
    """The dry run, as a background task for the user who asked: progress as it goes, then
    the result."""
    user = User.objects.get(pk=user_id)
    batch = _batch(batch_id, user)
    with translation.override("lt"):
        try:
            sheets = layout.read(bytes(batch.content), batch.file_name)
        except (layout.UnreadableFile, ValueError) as error:
            with transaction.atomic(), _as(user):
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=ImportBatch.Status.UNREADABLE,
                    result={
                        "general": [
                            _("The file could not be read: %(why)s") % {"why": str(error)[:200]}
                        ]
                    },
                    checked_at=clock.now(),
                )
            return
        total = sum(len(rows.rows) for rows in sheets)
        with transaction.atomic(), _as(user):
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.CHECKING, rows_total=total, rows_done=0
            )
        report = dry_run(batch, user, sheets)
        with transaction.atomic(), _as(user):
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.CHECKED,
                rows_done=total,
                error_count=len(report.errors),
                result=report.as_json(),
                checked_at=clock.now(),
            )


validate_task = tasks.task("imports.validate")(validate)


def may_commit(batch: ImportBatch) -> bool:
    """Checked, without errors, and every possible duplicate decided."""
    if batch.status != ImportBatch.Status.CHECKED or batch.error_count:
        return False
    rows = {str(d["row"]) for d in batch.result.get("duplicates", [])}
    return rows <= set(batch.decisions)


def decide(*, by: User, batch: ImportBatch, decisions: dict[str, str], version: int) -> ImportBatch:
    """Record what to do with rows that match a registered child, then check again."""
    require_change(scope_for(by).manages(batch.centre_id))
    if batch.status not in (ImportBatch.Status.CHECKED,):
        raise ValidationError(_("Decide once the file has been checked."))
    duplicates = {str(d["row"]): d for d in batch.result.get("duplicates", [])}
    clean: dict[str, str] = {}
    for row, decision in decisions.items():
        if row not in duplicates or not decision:
            continue
        kind = duplicates[row]["kind"]
        if decision == "existing" and kind == "existing":
            clean[row] = f"existing:{duplicates[row]['candidates'][0][0]}"
        elif (decision == "new" and kind == "likely") or decision == "skip":
            clean[row] = decision
        else:
            raise ValidationError(_("Row %(row)s: this choice is not possible.") % {"row": row})
    with saving():
        updated = ImportBatch.objects.filter(pk=batch.pk, version=version).update(
            decisions={**batch.decisions, **clean},
            status=ImportBatch.Status.WAITING,
            version=batch.version + 1,
        )
        if not updated:
            raise ValidationError(_("Someone else changed this import meanwhile; reload the page."))
        tasks.defer(validate_task, batch_id=str(batch.pk), user_id=by.pk)
    batch.refresh_from_db()
    return batch


def import_commit(*, by: User, batch: ImportBatch) -> ImportBatch:
    """Save the import in the background, all or nothing, as this user."""
    require_change(scope_for(by).manages(batch.centre_id))
    if not may_commit(batch):
        raise ValidationError(
            _("Save once the check found no errors and every possible duplicate is decided.")
        )
    with saving():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.COMMITTING, committed_by=by
        )
        tasks.defer(commit_task, batch_id=str(batch.pk), user_id=by.pk)
    batch.refresh_from_db()
    return batch


def import_cancel(*, by: User, batch: ImportBatch) -> None:
    require_change(scope_for(by).manages(batch.centre_id))
    if batch.status in (ImportBatch.Status.COMMITTED, ImportBatch.Status.COMMITTING):
        raise ValidationError(_("A saved import cannot be cancelled."))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CANCELLED)


class _Saver:
    """Saves the checked rows through the services, remembering which row made which record."""

    def __init__(self, batch: ImportBatch, user: User) -> None:
        self.batch, self.user = batch, user
        self.traced: list[ImportedRecord] = []
        self.children: dict[str, Child] = {}
        self.households: dict[str, CarerHousehold] = {}

    def trace(self, sheet: str, row: int, record: Model) -> None:
        self.traced.append(
            ImportedRecord(
                batch=self.batch,
                centre_id=self.batch.centre_id,
                sheet=sheet,
                row=row,
                table=record._meta.db_table,
                record_id=str(record.pk),
            )
        )

    def run(self, report: validation.Report) -> None:
        parsed = report.parsed
        centre = self.batch.centre
        for row, data in parsed.get("households", []):
            self._row("households", row, partial(self._household, centre, row, data))
        for row, data in parsed.get("children", []):
            self._row("children", row, partial(self._child, centre, row, data))
        for row, data in parsed.get("relatives", []):
            self._row("relatives", row, partial(self._relative, row, data))
        for row, data in sorted(
            parsed.get("placements", []), key=lambda item: item[1]["started_on"]
        ):
            self._row("placements", row, partial(self._placement, row, data))
        for row, data in parsed.get("deliveries", []):
            self._row("deliveries", row, partial(self._delivery, row, data))
        ImportedRecord.objects.bulk_create(self.traced, batch_size=2000)

    def _row(self, sheet: str, row: int, save: Callable[[], None]) -> None:
        try:
            save()
        except ValidationError as error:
            title = next(s.title for s in layout.SHEETS if s.key == sheet)
            raise ValidationError(
                _("Sheet “%(sheet)s”, row %(row)d: %(problem)s")
                % {"sheet": title, "row": row, "problem": " ".join(error.messages)}
            ) from error

    def _household(self, centre: Organisation, row: int, data: dict[str, Any]) -> None:
        from globa.accounts.models import User as Staff

        coordinator = Staff.objects.get(pk=data["coordinator_id"])
        household = registry.household_create(
            by=self.user,
            centre=centre,
            coordinator=coordinator,
            data={
                "name": data["name"],
                "kind": data["kind"],
                "address": data["address"],
                "municipality": _municipality(data["municipality_id"]),
            },
        )
        self.households[data["key"].strip().lower()] = household
        self.trace("households", row, household)
        for n in (1, 2):
            if data[f"adult{n}_first_name"]:
                adult = registry.household_adult_add(
                    by=self.user,
                    household=household,
                    data={
                        "first_name": data[f"adult{n}_first_name"],
                        "last_name": data[f"adult{n}_last_name"],
                        "birth_date": data[f"adult{n}_birth_date"],
                        "personal_code": data[f"adult{n}_personal_code"],
                        "phone": data[f"adult{n}_phone"],
                    },
                )
                self.trace("households", row, adult)

    def _child(self, centre: Organisation, row: int, data: dict[str, Any]) -> None:
        identifier = (data["personal_code"] or "").strip() or (
            data["other_identifier"] or ""
        ).strip().lower()
        decision = self.batch.decisions.get(str(row), "")
        if decision == "skip":
            return
        if decision.startswith("existing:"):
            self.children[identifier] = Child.objects.get(pk=decision.split(":", 1)[1])
            return
        child = registry.child_create(
            by=self.user,
            centre=centre,
            data={
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "sex": data["sex"],
                "birth_date": data["birth_date"],
                "personal_code": data["personal_code"],
                "other_identifier": data["other_identifier"],
                "other_identifier_country": data["other_identifier_country"],
                "municipality": _municipality(data["municipality_id"]),
                "legal_status": data["legal_status"],
                "has_disability": data["has_disability"],
                "special_needs": data["special_needs"],
            },
        )
        self.children[identifier] = child
        self.trace("children", row, child)

    def _find_child(self, raw: str) -> Child | None:
        key = raw.strip()
        found = self.children.get(key) or self.children.get(key.lower())
        if found is not None:
            return found
        return (
            Child.objects.filter(personal_code=key).first()
            or Child.objects.filter(other_identifier__iexact=key).first()
        )

    def _find_household(self, raw: str) -> CarerHousehold | None:
        key = raw.strip().lower()
        if key in self.households:
            return self.households[key]
        for household in CarerHousehold.objects.filter(centre_id=self.batch.centre_id):
            if validation.fold(household.name) == validation.fold(key):
                return household
        return None

    def _relative(self, row: int, data: dict[str, Any]) -> None:
        child = self._find_child(data["child"])
        if child is None:
            return
        relative = registry.relative_add(
            by=self.user,
            child=child,
            data={
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "relation": data["relation"],
                "contact_arrangement": data["contact_arrangement"] or "to_be_agreed",
                "phone": data["phone"],
            },
        )
        self.trace("relatives", row, relative)

    def _placement(self, row: int, data: dict[str, Any]) -> None:
        child = self._find_child(data["child"])
        if child is None:
            return
        household = self._find_household(data["household"]) if data["household"] else None
        institution = (
            Organisation.objects.get(pk=data["institution_id"]) if data["institution_id"] else None
        )
        placement = registry.placement_start(
            by=self.user,
            child=child,
            kind=data["kind"],
            started_on=data["started_on"],
            household=household,
            institution=institution,
            is_emergency=data["is_emergency"],
        )
        if data["ended_on"]:
            registry.placement_end(
                by=self.user,
                placement=placement,
                ended_on=data["ended_on"],
                end_reason=data["end_reason"],
                version=placement.version,
            )
        self.trace("placements", row, placement)

    def _delivery(self, row: int, data: dict[str, Any]) -> None:
        child = self._find_child(data["child"]) if data["child"] else None
        household = self._find_household(data["household"]) if data["household"] else None
        deliveries = support.record_contact(
            by=self.user,
            provider_id=self.batch.centre_id,
            contact=support.Contact(
                service=Service.objects.get(code=data["service"]),
                delivered_on=data["delivered_on"],
                minutes=data["minutes"],
                form=data["form"],
                notes=data["notes"],
            ),
            household=household,
            children=[child] if child else [],
        )
        for delivery in deliveries:
            self.trace("deliveries", row, delivery)


def _municipality(pk: int | None) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first() if pk else None


def commit(batch_id: str, user_id: int) -> None:
    """Saving, as a background task: everything in one transaction as the user, or nothing
    (the import then says which row stopped it)."""
    user = User.objects.get(pk=user_id)
    batch = _batch(batch_id, user)
    with translation.override("lt"):
        try:
            with transaction.atomic(), _as(user):
                report = dry_run(batch, user)
                if report.errors:
                    raise ValidationError(_("The file no longer passes the check; check it again."))
                _Saver(batch, user).run(report)
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=ImportBatch.Status.COMMITTED, committed_at=clock.now()
                )
        except ValidationError as error:
            with transaction.atomic(), _as(user):
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=ImportBatch.Status.FAILED,
                    result={**batch.result, "general": error.messages},
                )


commit_task = tasks.task("imports.commit")(commit)


def report_workbook(batch: ImportBatch) -> bytes:
    """The file as sent, with an errors column on each sheet."""
    sheets = layout.read(bytes(batch.content), batch.file_name)
    errors: dict[tuple[str, int], list[str]] = {}
    for sheet, row, header, message in batch.result.get("errors", []):
        errors.setdefault((sheet, row), []).append(f"{header}: {message}" if header else message)
    return layout.report(sheets, errors)

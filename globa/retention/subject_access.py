"""A person's data on request (the right of access, GDPR art. 15): for a child, an adult of a
carer household or a prospective carer, everything Globa holds about them (their
assessments and plans included, or their household's) and who has seen it, as JSON and as a
PDF, for the data protection officer to hand over.

It is read within the officer's data protection scope (their organisations), and the export
itself is in the access log.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.assessments.models import Assessment
from globa.assessments.registry import definition_of
from globa.audit import services as audit
from globa.audit.models import AccessLog, AuditChange
from globa.carers.models import Candidate
from globa.documents.models import Document
from globa.lib import clock
from globa.lib.pdf import a4
from globa.plans.models import Plan
from globa.registry.models import Child, HouseholdAdult
from globa.support.models import Delivery

EXPORT = "subject_access"
KINDS = ("child", "adult", "candidate")


def find(kind: str, query: str, organisation_ids: frozenset[int]) -> list[Model]:
    """The people of the officer's organisations matching a personal code, an e-mail or a
    name."""
    text = query.strip()
    if len(text) < 3:
        return []
    if kind == "child":
        rows: QuerySet[Any] = Child.objects.filter(centre_id__in=organisation_ids)
        match = (
            Q(personal_code=text) | Q(other_identifier__iexact=text) | Q(last_name__icontains=text)
        )
    elif kind == "adult":
        rows = HouseholdAdult.objects.filter(centre_id__in=organisation_ids).select_related(
            "household"
        )
        match = Q(personal_code=text) | Q(email__iexact=text) | Q(last_name__icontains=text)
    elif kind == "candidate":
        rows = Candidate.objects.filter(centre_id__in=organisation_ids)
        match = Q(email__iexact=text) | Q(phone=text) | Q(last_name__icontains=text)
    else:
        return []
    return list(rows.filter(match).order_by("last_name", "first_name")[:50])


def record_of(kind: str, pk: UUID | str, organisation_ids: frozenset[int]) -> Model | None:
    model = {"child": Child, "adult": HouseholdAdult, "candidate": Candidate}.get(kind)
    if model is None:
        return None
    return model.objects.filter(pk=pk, centre_id__in=organisation_ids).first()  # type: ignore[attr-defined]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Model):
        return str(value.pk)
    return value


HIDDEN = ("search_name", "content", "file", "version", "submission")


def _fields(record: Model, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's fields by their names as the pages show them, values as a person reads
    them (a choice's name, a related record's name, yes or no)."""
    found: dict[str, Any] = {"id": str(record.pk)}
    for field in record._meta.concrete_fields:
        if field.name in leave_out or field.name in HIDDEN or field.primary_key:
            continue
        value = getattr(record, field.attname)
        if field.is_relation:
            related = getattr(record, field.name) if value is not None else None
            shown: Any = str(related) if related is not None else None
        elif field.choices and value not in (None, ""):
            shown = str(getattr(record, f"get_{field.name}_display")())
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        else:
            shown = _plain(value)
        found[str(field.verbose_name)] = shown
    return found


def _changes(table: str, ids: list[str]) -> list[dict[str, Any]]:
    rows = (
        AuditChange.objects.filter(table_name=table, row_id__in=ids)
        .select_related("user")
        .order_by("at")
    )
    return [
        {
            "at": _plain(row.at),
            "what": str(row.get_operation_display()),
            "by": str(row.user) if row.user_id else "",
            "after": row.after,
        }
        for row in rows
    ]


def _seen(**record: Any) -> list[dict[str, Any]]:
    rows = AccessLog.objects.filter(**record).select_related("user").order_by("at")
    return [{"at": _plain(r.at), "who": str(r.user), "what": r.what} for r in rows]


def _assessments(rows: QuerySet[Assessment]) -> list[dict[str, Any]]:
    """Each assessment with every answer, domain rating and informant, its documents and
    who has seen it."""
    found = []
    for assessment in rows.select_related(
        "instrument_version__instrument", "assessor", "decided_by"
    ).order_by("assessed_on", "created_at"):
        definition = definition_of(assessment.instrument_version)
        names = {informant.pk: informant.name for informant in assessment.informants.all()}
        answers = []
        for answer in assessment.answers.select_related("item").order_by("item__position"):
            item = definition.items.get(answer.item.code)
            answers.append(
                {
                    str(_("item")): f"{answer.item.code}: {item.text if item else ''}",
                    str(_("informant")): names.get(answer.informant_id, "")
                    if answer.informant_id
                    else "",
                    str(_("rating")): _("not applicable")
                    if answer.not_applicable
                    else answer.value,
                    str(_("evidence")): answer.evidence,
                }
            )
        found.append(
            _fields(assessment, leave_out=("scores",))
            | {
                str(_("instrument")): str(assessment.instrument_version.instrument),
                str(_("scores")): assessment.scores,
                "answers": answers,
                "domain_ratings": [
                    {
                        str(_("domain")): rating.domain.code,
                        str(_("overall rating")): rating.value,
                        str(_("strengths")): rating.strengths,
                    }
                    for rating in assessment.domain_ratings.select_related("domain")
                ],
                "documents": [
                    _fields(d, leave_out=("sha256",)) for d in assessment.documents.all()
                ],
                "seen_by": _seen(assessment=assessment),
            }
        )
    return found


def _plans(rows: QuerySet[Plan]) -> list[dict[str, Any]]:
    """Each plan with its goals, actions and reviews, its documents and who has seen it."""
    found = []
    for plan in rows.order_by("starts_on"):
        found.append(
            _fields(plan)
            | {
                "goals": [_fields(goal) for goal in plan.goals.all()],
                "actions": [_fields(step) for step in plan.actions.select_related("service").all()],
                "reviews": [_fields(review) for review in plan.reviews.all()],
                "documents": [_fields(d, leave_out=("sha256",)) for d in plan.documents.all()],
                "seen_by": _seen(plan=plan),
            }
        )
    return found


def collect(kind: str, record: Model) -> dict[str, Any]:
    """Everything Globa holds about the person, and who has seen it."""
    data: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "kind": kind,
        "person": _fields(record),
    }
    if isinstance(record, Child):
        data["relatives"] = [_fields(r) for r in record.relatives.all()]
        data["placements"] = [_fields(p) for p in record.placements.order_by("started_on")]
        data["services"] = [
            _fields(d, leave_out=("contact",)) | {"service": d.service.name}
            for d in Delivery.objects.filter(child=record)
            .select_related("service")
            .order_by("delivered_on")
        ]
        data["documents"] = [
            _fields(d, leave_out=("sha256",))
            for d in Document.objects.filter(Q(child=record) | Q(placement__child=record))
        ]
        data["assessments"] = _assessments(Assessment.objects.filter(child=record))
        data["plans"] = _plans(Plan.objects.filter(child=record))
        ids = [str(record.pk)]
        data["changes"] = _changes("registry_child", ids)
        data["seen_by"] = _seen(child=record)
    elif isinstance(record, HouseholdAdult):
        household = record.household
        data["household"] = _fields(household)
        data["services_to_household"] = [
            _fields(d, leave_out=("contact",)) | {"service": d.service.name}
            for d in Delivery.objects.filter(household=household)
            .select_related("service")
            .order_by("delivered_on")
        ]
        data["documents"] = [
            _fields(d, leave_out=("sha256",)) for d in Document.objects.filter(household=household)
        ]
        data["assessments"] = _assessments(Assessment.objects.filter(household=household))
        data["changes"] = _changes("registry_householdadult", [str(record.pk)])
        data["seen_by"] = _seen(household=household)
    elif isinstance(record, Candidate):
        data["stages"] = [_fields(c) for c in record.changes.order_by("on", "at")]
        data["assessments"] = _assessments(Assessment.objects.filter(candidate=record))
        data["changes"] = _changes("carers_candidate", [str(record.pk)])
        data["seen_by"] = _seen(candidate=record)
    return data


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def log_export(by: User, kind: str, record: Model) -> None:
    """The export is a view of the record, in its access log."""
    shown = record.household if isinstance(record, HouseholdAdult) else record
    audit.record_view(by=by, record=shown, what=EXPORT)


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def as_pdf(data: dict[str, Any]) -> bytes:
    """The same, as a PDF to hand over on paper or by e-mail."""
    pdf = a4(_("Personal data held in Globa"), margins=(15, 15))
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, _("Personal data held in Globa"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        _("Exported on %(day)s.") % {"day": data["exported_at"][:16]},
        new_x="LMARGIN",
        new_y="NEXT",
    )

    def section(title: str, value: Any) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        items = value if isinstance(value, list) else [value]
        if not items:
            pdf.multi_cell(0, 5, "—", new_x="LMARGIN", new_y="NEXT")
        for item in items:
            line(item)
            pdf.ln(1)

    def line(item: Any, depth: int = 0) -> None:
        """A record: its values on one line, then its own lists (an assessment's answers, a
        plan's goals), each of their records indented."""
        if isinstance(item, dict):
            text = "; ".join(
                f"{k}: {v}"
                for k, v in item.items()
                if v not in ("", None, [], {}) and not _is_rows(v)
            )
        else:
            text = str(item)
        pdf.set_x(pdf.l_margin + 5 * depth)
        pdf.multi_cell(0, 4.5, text[:4000], new_x="LMARGIN", new_y="NEXT")
        if isinstance(item, dict):
            for key, value in item.items():
                if _is_rows(value) and value:
                    pdf.set_x(pdf.l_margin + 5 * (depth + 1))
                    pdf.set_font("DejaVu", "B", 8)
                    pdf.multi_cell(
                        0, 4.5, str(titles.get(key) or key), new_x="LMARGIN", new_y="NEXT"
                    )
                    pdf.set_font("DejaVu", "", 8)
                    for row in value:
                        line(row, depth + 1)

    titles = {
        "person": _("The person"),
        "relatives": _("Relatives"),
        "placements": _("Placements"),
        "services": _("Services received"),
        "household": _("The household"),
        "services_to_household": _("Services to the household"),
        "documents": _("Documents"),
        "stages": _("The way to becoming a carer"),
        "assessments": _("Assessments"),
        "plans": _("Plans"),
        "answers": _("Answers"),
        "domain_ratings": _("Domains' overall ratings"),
        "goals": _("Goals"),
        "actions": _("Actions"),
        "reviews": _("Reviews"),
        "changes": _("Changes to the record"),
        "seen_by": _("Who has seen the record"),
    }
    for key, title in titles.items():
        if key in data:
            section(title, data[key])
    return bytes(pdf.output())

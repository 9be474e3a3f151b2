"""Demo records of the integration features: an API client of the municipality's service
register, documents on a child and a contract, an import checked with its report, and the
data protection officer's list (a record at the end of its retention, a legal hold)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from globa.accounts.models import Membership, Role, User
from globa.api import routes
from globa.api.models import ApiClient
from globa.assessments.models import DONE, Assessment
from globa.documents.models import Document, Kind
from globa.imports import layout
from globa.imports import services as imports
from globa.imports.models import ImportBatch
from globa.lib import clock, personal_code
from globa.lib.dates import add_years
from globa.lib.pdf import a4
from globa.organisations.models import Organisation
from globa.plans.models import Kind as PlanKind
from globa.plans.models import Plan
from globa.registry.models import Child, Placement
from globa.retention.models import LegalHold
from globa.retention.services import find_ended


def _pdf(title: str, lines: list[str]) -> bytes:
    pdf = a4(title, margins=(10, 10))
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _document(
    centre: Organisation, by: User, kind: str, day: dt.date, text: str, **record: Any
) -> None:
    content = _pdf(text, ["Demonstracinis dokumentas.", f"Data: {day:%Y-%m-%d}"])
    document = Document(
        organisation=centre,
        kind=kind,
        dated_on=day,
        description=text,
        original_name=f"{text}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="",
        added_by=by,
        added_at=clock.now(),
        **record,
    )
    document.file.save(document.original_name, ContentFile(content), save=False)
    document.save(force_insert=True)


def add_integration(
    *, centre: Organisation, manager: User, administrator: User, today: dt.date
) -> None:
    """Run in the demo's system scope."""
    # An API client of the municipality's register, approved, reading the centre's records.
    account = User.objects.create(
        username="api-savivaldybes-registras", first_name="API", last_name="Savivaldybės registras"
    )
    account.set_unusable_password()
    account.save()
    client = ApiClient.objects.create(
        organisation=centre,
        name="Savivaldybės paslaugų registras",
        user=account,
        role=Role.SPECIALIST,
        scopes=[s for s in routes.scopes() if s.endswith(":read")],
        created_by=administrator,
        created_at=clock.now(),
    )
    Membership.objects.create(user=account, organisation=centre, role=Role.SPECIALIST)
    # No token: the administrator issues one on the client's page (shown once), as for real.
    del client
    # Documents: a court decision on a child in care, the contract of an on-call carer.
    placement = (
        Placement.objects.filter(centre=centre, ended_on__isnull=True, household__isnull=False)
        .select_related("child", "household")
        .first()
    )
    if placement is not None:
        _document(
            centre,
            manager,
            Kind.COURT_DECISION,
            placement.started_on,
            "Teismo nutartis dėl laikinosios globos",
            child=placement.child,
        )
        _document(
            centre,
            manager,
            Kind.CHILD_RIGHTS_DECISION,
            placement.started_on,
            "VTAS sprendimas dėl apgyvendinimo",
            placement=placement,
        )
        contract = placement.household.contracts.first() if placement.household else None
        if contract is not None:
            _document(
                centre,
                manager,
                Kind.CONTRACT,
                contract.starts_on,
                "Budinčio globotojo sutartis",
                contract=contract,
            )
    # A child's service plan signed with the family, and a report attached to an assessment.
    plan = Plan.objects.filter(organisation=centre, kind=PlanKind.SERVICE_PLAN).first()
    if plan is not None:
        _document(
            centre,
            manager,
            Kind.SIGNED_PLAN,
            plan.starts_on,
            "Pasirašytas individualus paslaugų planas",
            plan=plan,
            subject_kind=plan.subject_kind,
        )
    assessment = Assessment.objects.filter(
        organisation=centre, subject_kind="child", status__in=DONE
    ).first()
    if assessment is not None:
        _document(
            centre,
            manager,
            Kind.REPORT,
            assessment.assessed_on,
            "Psichologo išvada vertinimui",
            assessment=assessment,
            subject_kind=assessment.subject_kind,
        )
    # Retention: a record whose time is up, and a legal hold on a closed household.
    birth = add_years(today, -76)
    old = Child.objects.create(
        centre=centre,
        municipality_id=centre.municipality_id or 0,
        first_name="Antanas",
        last_name="Senasis",
        sex="M",
        birth_date=birth,
        personal_code=personal_code.make(birth, "M", 901) if birth.year >= 1900 else None,
        other_identifier="" if birth.year >= 1900 else "archyvas-1",
        legal_status=Child.LegalStatus.PERMANENT_CARE,
        status=Child.Status.LEFT_CARE,
    )
    held = (
        Child.objects.filter(centre=centre, status=Child.Status.LEFT_CARE)
        .exclude(pk=old.pk)
        .first()
    )
    if held is not None:
        LegalHold.objects.create(
            organisation=centre,
            child=held,
            reason="Vyksta teismo byla dėl paramos išlaikymo (Nr. e2-1234-567/2026)",
            placed_by=manager,
            placed_at=clock.now(),
        )
    find_ended(today)
    # An import: the example template, checked, waiting for its duplicates to be decided.
    batch = ImportBatch.objects.create(
        centre=centre,
        file_name="senasis-registras.xlsx",
        content=layout.template(example=True),
        created_by=manager,
        created_at=clock.now(),
    )
    imports.validate(str(batch.pk), manager.pk)

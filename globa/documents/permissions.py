"""Access to documents goes through the record they belong to: whoever may see the child
(the household, the placement's child, the case, the on-call carer, the assessment, the plan)
sees its documents, and whoever may change that record adds and removes them (an
assessment's: whoever may assess its subject, or a manager of its organisation, even once
it is completed, for its signed copy). An outsider gets 404, a read-only role
403 when adding. Downloading a document is in the access log, as ``download``, against the
record it belongs to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.assessments import permissions as assessments
from globa.assessments.models import Assessment
from globa.audit import services as audit
from globa.cases import permissions as cases
from globa.core.views import uuid_or_404
from globa.documents.models import Document
from globa.documents.selectors import documents_visible_to
from globa.oncall import permissions as oncall
from globa.plans import permissions as plans
from globa.plans.models import Plan
from globa.registry import permissions as registry

DOWNLOAD = "download"


@dataclass(frozen=True)
class Subject:
    """The record documents are attached to, and what the access log names for it."""

    field: str
    record: Model
    shown: Model
    organisation_id: int
    may_change: bool
    # Whom an assessment or a plan is of (row-level security reads its documents by it).
    subject_kind: str = ""


def may_attach_to_assessment(user: User, assessment: Assessment) -> bool:
    """Whoever may assess its subject, and the organisation's managers."""
    return scope_for(user).manages(assessment.organisation_id) or assessments.can_assess(
        user, assessments.subject_of(assessment), assessment.organisation_id
    )


def access_subject(
    user: User,
    field: str,
    record_id: str | uuid.UUID,
    *,
    write: bool = False,
    household_id: str | uuid.UUID = "",
) -> Subject:
    """The record (404 for an outsider; with ``write``, 403 unless the user may change it)."""
    if field == "child":
        child = registry.access_child(user, record_id, write=write)
        return Subject(field, child, child, child.centre_id, registry.can_edit_child(user, child))
    if field == "household":
        household = registry.access_household(user, record_id, write=write)
        may = registry.can_edit_household(user, household)
        return Subject(field, household, household, household.centre_id, may)
    if field == "placement":
        placement = registry.access_placement(user, record_id, write=write)
        may = registry.can_edit_child(user, placement.child)
        return Subject(field, placement, placement.child, placement.centre_id, may)
    if field == "family_case":
        case = cases.access_case(user, record_id, write=write)
        return Subject(field, case, case, case.organisation_id, cases.can_edit_case(user, case))
    if field == "contract":
        contract = oncall.access_contract(user, household_id, record_id, manage=write)
        may = oncall.manages(user, contract.centre_id)
        return Subject(field, contract, contract.household, contract.centre_id, may)
    if field == "assessment":
        assessment = assessments.access_assessment(user, record_id)
        may = may_attach_to_assessment(user, assessment)
        if write:
            require_change(may)
        return Subject(
            field, assessment, assessment, assessment.organisation_id, may, assessment.subject_kind
        )
    if field == "plan":
        plan = plans.access_plan(user, record_id)
        may = plans.can_change(user, plan)
        if write:
            require_change(may)
        return Subject(field, plan, plan, plan.organisation_id, may, plan.subject_kind)
    raise Http404


def access_document(user: User, document_id: str | uuid.UUID, *, write: bool = False) -> Document:
    """A document of a record the user may see (else 404); with ``write``, one they may
    remove (else 403)."""
    document = (
        documents_visible_to(user)
        .select_related(
            "child",
            "household",
            "placement__child",
            "family_case",
            "contract__household",
            "assessment",
            "plan__child",
        )
        .filter(pk=uuid_or_404(document_id))
        .first()
    )
    # An assessment's or a plan's are seen by whoever sees it, which row-level security and
    # the condition above only approach.
    if document is None or not _sees_its_record(user, document):
        raise Http404
    if write:
        require_change(may_change(user, document))
    return document


def _sees_its_record(user: User, document: Document) -> bool:
    if document.assessment_id:
        assert isinstance(document.assessment, Assessment)
        return assessments.can_see(user, document.assessment)
    if document.plan_id:
        assert isinstance(document.plan, Plan)
        return plans.can_see(user, document.plan)
    return True


def shown_record(document: Document) -> Model:
    """What the access log names when the document is opened."""
    if document.placement_id:
        return document.placement.child  # type: ignore[union-attr]
    if document.contract_id:
        return document.contract.household  # type: ignore[union-attr]
    record = getattr(document, document.subject_field)
    assert isinstance(record, Model)
    return record


def may_change(user: User, document: Document) -> bool:
    """Whoever may change the record may remove its documents."""
    if document.child_id:
        return registry.can_edit_child(user, document.child)  # type: ignore[arg-type]
    if document.household_id:
        return registry.can_edit_household(user, document.household)  # type: ignore[arg-type]
    if document.placement_id:
        return registry.can_edit_child(user, document.placement.child)  # type: ignore[union-attr]
    if document.family_case_id:
        return cases.can_edit_case(user, document.family_case)  # type: ignore[arg-type]
    if document.assessment_id:
        return may_attach_to_assessment(user, document.assessment)  # type: ignore[arg-type]
    if document.plan_id:
        return plans.can_change(user, document.plan)  # type: ignore[arg-type]
    return scope_for(user).manages(document.organisation_id)


def download(user: User, document_id: str | uuid.UUID) -> Document:
    """The document to send, with the download in the access log."""
    document = access_document(user, document_id)
    audit.record_view(by=user, record=shown_record(document), what=DOWNLOAD)
    return document

"""Reading documents, limited to the records the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.documents.models import Document


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Documents of the registry records of the user's centres, of the cases of the
    organisations whose cases they work with, and of the assessments and plans in the same
    scopes (``permissions.access_document`` then asks the assessment's or plan's own
    access)."""
    scope = scope_for(user)
    registry, cases = sorted(scope.registry_org_ids), sorted(scope.case_org_ids)
    return Document.objects.filter(
        Q(family_case__isnull=True, subject_kind="", organisation_id__in=registry)
        | Q(family_case__isnull=False, organisation_id__in=cases)
        | Q(subject_kind="family", organisation_id__in=cases)
        | Q(subject_kind="staff", organisation_id__in=sorted({*registry, *cases}))
        | Q(subject_kind__in=["child", "carer", "household"], organisation_id__in=registry)
    )


def documents_of(user: User, field: str, record: object) -> QuerySet[Document]:
    return (
        documents_visible_to(user)
        .filter(**{field: record})
        .select_related("added_by")
        .order_by("-dated_on", "-added_at")
    )

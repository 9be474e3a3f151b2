"""Reading documents, limited to the records the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.documents.models import Document


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Documents of the registry records of the user's centres, and of the cases of the
    organisations whose cases they work with."""
    scope = scope_for(user)
    return Document.objects.filter(
        Q(family_case__isnull=True, organisation_id__in=scope.registry_org_ids)
        | Q(family_case__isnull=False, organisation_id__in=scope.case_org_ids)
    )


def documents_of(user: User, field: str, record: object) -> QuerySet[Document]:
    return (
        documents_visible_to(user)
        .filter(**{field: record})
        .select_related("added_by")
        .order_by("-dated_on", "-added_at")
    )

"""Who looks after retention and a person's data: an organisation's data protection officer,
and its centre manager. Anyone else gets 403; a review, hold or record of another
organisation does not exist for them (404).

A data protection officer works with no registry page, so their pages read the records of
their organisations in a scope of their own (``data_protection_scope``): the same row-level
security, narrowed to those organisations, for these pages only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.core.views import uuid_or_404
from globa.lib.dbscope import db_scope
from globa.retention.models import LegalHold, Review
from globa.retention.selectors import protected_org_ids


def looks_after(user: User, organisation_id: int) -> bool:
    scope = scope_for(user)
    return scope.protects_data(organisation_id) or scope.manages(organisation_id)


def access_retention(user: User) -> frozenset[int]:
    """The retention pages: the organisations the user looks after (403 for none)."""
    orgs = protected_org_ids(user)
    require_page(bool(orgs))
    return orgs


def access_subject_requests(user: User) -> frozenset[int]:
    """A person's data on request: for data protection officers (403 for anyone else)."""
    orgs = scope_for(user).data_protection_org_ids
    require_page(bool(orgs))
    return orgs


@contextmanager
def data_protection_scope(user: User) -> Iterator[None]:
    """The records of the organisations the user looks after, for these pages."""
    scope = scope_for(user)
    orgs = protected_org_ids(user)
    # A savepoint of its own: a refusal inside (404, 403) undoes the scope with it and leaves
    # the request's transaction as it was.
    with (
        transaction.atomic(),
        db_scope(
            org_ids=scope.registry_org_ids | orgs,
            case_org_ids=scope.case_org_ids | orgs,
            user_id=user.pk,
            acting_org_id=scope.primary_org_id,
        ),
    ):
        yield


def access_review(user: User, review_id: str | uuid.UUID) -> Review:
    review = (
        Review.objects.filter(organisation_id__in=access_retention(user))
        .select_related("rule", "confirmed_by")
        .filter(pk=uuid_or_404(review_id))
        .first()
    )
    if review is None:
        raise Http404
    require_change(looks_after(user, review.organisation_id))
    return review


def access_hold(user: User, hold_id: str | uuid.UUID) -> LegalHold:
    hold = (
        LegalHold.objects.filter(organisation_id__in=access_retention(user))
        .filter(pk=uuid_or_404(hold_id))
        .first()
    )
    if hold is None:
        raise Http404
    return hold

"""The access functions for GIMK training.

A centre's training groups are run like its pipeline, which their participants come from:
the coordinators and the centre manager run them, the specialists see them, anyone else
gets 404; a specialist who changes something gets 403.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.carers.permissions import can_change_pipeline
from globa.core.views import uuid_or_404
from globa.training.models import TrainingGroup, TrainingSession


def runs_training(user: User, centre_id: int) -> bool:
    """Starts groups, adds trainers and participants, records sessions and certificates."""
    return can_change_pipeline(user, centre_id)


def access_training_group(
    user: User, group_id: str | uuid.UUID, *, write: bool = False
) -> TrainingGroup:
    group = (
        TrainingGroup.objects.filter(centre_id__in=scope_for(user).registry_org_ids)
        .select_related("programme", "centre")
        .filter(pk=uuid_or_404(group_id))
        .first()
    )
    if group is None:
        raise Http404
    if write:
        require_change(runs_training(user, group.centre_id))
    return group


def access_session(
    user: User, group_id: str | uuid.UUID, session_id: str | uuid.UUID, *, write: bool = False
) -> TrainingSession:
    """A session of a group the user may see (404 otherwise), to change with ``write``."""
    group = access_training_group(user, group_id, write=write)
    session = group.sessions.filter(pk=uuid_or_404(session_id)).first()
    if session is None:
        raise Http404
    session.group = group
    return session

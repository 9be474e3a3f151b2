"""Every read of notifications: a person's own, nothing else (row-level security backs it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from globa.accounts.models import User
from globa.notifications.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def people_with(organisation_id: int, roles: Iterable[str]) -> QuerySet[User]:
    """The active people with one of the roles in the organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__organisation__is_active=True,
            memberships__role__in=list(roles),
            memberships__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )

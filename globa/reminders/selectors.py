"""A person's open reminders and tasks (row-level security shows each person their own)."""

from __future__ import annotations

from django.db.models import QuerySet

from globa.accounts.models import User
from globa.lib.collation import lt
from globa.reminders.models import Reminder


def open_for(user: User) -> QuerySet[Reminder]:
    return Reminder.objects.filter(assignee=user, done_on__isnull=True).order_by(
        "due_on", *lt("title")
    )


def users_with_open_reminders() -> QuerySet[User]:
    """For the e-mail digest (background work, in a system scope)."""
    return User.objects.filter(
        reminders__done_on__isnull=True,
        is_active=True,
        email__gt="",
        memberships__is_active=True,
    ).distinct()

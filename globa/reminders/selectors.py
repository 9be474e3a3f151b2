"""A person's open reminders and tasks (row-level security shows each person their own)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from globa.accounts.models import User
from globa.lib.collation import lt
from globa.reminders.models import Kind, Reminder
from globa.reminders.rules import WORKING_DAY_KINDS, wanted_today
from globa.support.selectors import WorkingDay


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


def current_for(
    user: User, today: dt.date, *, day: WorkingDay | None = None, shown_elsewhere: bool = False
) -> list[Reminder]:
    """The person's open tasks, and the open reminders their rules still call for today:
    one whose reason has gone since the daily run (a contact recorded an hour ago) is not
    shown. ``shown_elsewhere``: leave out the kinds the start page's working day lists
    (a coordinator's contacts, coming of age, on-call limits), so nothing shows twice."""
    still = {(w.kind, w.subject) for w in wanted_today(today, only=user, day=day)}
    return [
        reminder
        for reminder in open_for(user)
        if (reminder.kind == Kind.TASK or (reminder.kind, reminder.subject) in still)
        and not (shown_elsewhere and reminder.kind in WORKING_DAY_KINDS)
    ]

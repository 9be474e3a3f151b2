"""Keeping the reminders in line with their rules (``reminders.rules``), and a person's own tasks.

``generate`` runs once a day (``globa reminders``, from cron or a systemd timer) in a system
scope. It opens a reminder for everything that needs someone's attention, keeps the open
ones current, and closes (as resolved) those whose reason has gone, so running it twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import Membership, User
from globa.accounts.selectors import require_page
from globa.lib.dates import check_due_day
from globa.reminders.models import Kind, Reminder
from globa.reminders.permissions import keeps_tasks
from globa.reminders.rules import wanted_today


@dataclass(frozen=True)
class Run:
    opened: int
    kept: int
    resolved: int


def generate(today: dt.date) -> Run:
    """Bring the open generated reminders in line with what the records call for today."""
    wanted = {(w.assignee_id, w.kind, w.subject): w for w in wanted_today(today)}
    opened = kept = resolved = 0
    with transaction.atomic():
        open_now = (
            Reminder.objects.select_for_update()
            .filter(done_on__isnull=True)
            .exclude(kind=Kind.TASK)
        )
        for reminder in open_now:
            key = (reminder.assignee_id, reminder.kind, reminder.subject)
            found = wanted.pop(key, None)
            if found is None:
                reminder.done_on, reminder.resolved = today, True
                reminder.save(update_fields=["done_on", "resolved"])
                resolved += 1
            elif (reminder.title, reminder.due_on) != (found.title, found.due_on):
                reminder.title, reminder.due_on = found.title, found.due_on
                reminder.save(update_fields=["title", "due_on"])
                kept += 1
            else:
                kept += 1
        Reminder.objects.bulk_create(
            Reminder(
                assignee_id=w.assignee_id,
                organisation_id=w.organisation_id,
                kind=w.kind,
                subject=w.subject,
                title=w.title,
                due_on=w.due_on,
            )
            for w in wanted.values()
        )
        opened = len(wanted)
    return Run(opened, kept, resolved)


def task_add(*, by: User, title: str, due_on: dt.date, today: dt.date) -> Reminder:
    """A task a person writes for themself: someone whose start page lists tasks."""
    require_page(keeps_tasks(by))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Describe the task.")
    check_due_day(due_on, today, "due_on", errors)
    if errors:
        raise ValidationError(errors)
    primary = Membership.objects.filter(user=by, is_active=True).order_by("id").first()
    return Reminder.objects.create(
        assignee=by,
        organisation_id=primary.organisation_id if primary else None,
        kind=Kind.TASK,
        title=title.strip(),
        due_on=due_on,
        created_by=by,
    )


def reminder_done(*, by: User, reminder: Reminder, today: dt.date) -> Reminder:
    if reminder.done_on is not None:
        raise ValidationError(_("This is already done."))
    if not Reminder.objects.filter(pk=reminder.pk, done_on__isnull=True).update(done_on=today):
        raise ValidationError(_("This is already done."))
    reminder.refresh_from_db()
    return reminder

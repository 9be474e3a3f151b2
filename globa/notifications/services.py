"""Telling people what concerns them, in the application and by e-mail.

The app sits low in the layers (just above the audit), so the services of the registry,
cases and carers call ``notify`` inside their own transaction: a notification exists only
if the act it reports was saved. Its e-mail is queued once that transaction commits
(``transaction.on_commit``, then the task queue), so a refused or rolled-back act sends
nothing. An e-mail leaves the system: it names no child, family, carer or case, only what
kind of thing happened and a link into Globa, where the reader's access decides what they see.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.core import tasks
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.notifications.models import Notification
from globa.organisations.models import Organisation


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    label: str = "",
    link: str = "",
    organisation: Organisation | int | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """One notification per recipient (never to the person who acted), e-mailed after commit."""
    org_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in recipients:
        if user.pk in seen or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                organisation_id=org_id,
                actor=actor,
                kind=kind,
                label=label[:300],
                link=link[:300],
            )
        )
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    for row in rows:
        if row.recipient.email:
            transaction.on_commit(partial(tasks.defer, email_task, notification_id=str(row.pk)))
    return rows


def email_after_commit(*, to: str, subject: str, body: str) -> None:
    """An e-mail to someone outside Globa (a person who sent an inquiry), sent once the
    transaction commits. The caller writes it without names of children or families."""
    if to:
        transaction.on_commit(
            partial(tasks.defer, plain_email_task, to=to, subject=subject, body=body)
        )


def mark_read(*, by: User, notification: Notification) -> None:
    """The recipient has seen it."""
    if notification.recipient_id != by.pk:
        raise Http404
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=clock.now()
    )


def send_email(notification_id: str) -> bool:
    """The e-mail of one notification, once: the kind and a link, in the interface's
    default language. Nothing when the notification is gone (its act was undone)."""
    with system_scope():
        row = (
            Notification.objects.select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if row is None or not row.recipient.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "notifications/email.txt",
                {
                    "user": row.recipient,
                    "kind": row.get_kind_display(),
                    "url": settings.GLOBA_SITE_URL + row.get_absolute_url(),
                    "all_url": settings.GLOBA_SITE_URL + "/notifications/",
                },
            )
            subject = _("Globa: %(kind)s") % {"kind": row.get_kind_display()}
        send_mail(subject, body, None, [row.recipient.email])
        Notification.objects.filter(pk=row.pk).update(emailed_at=clock.now())
    return True


def send_plain_email(to: str, subject: str, body: str) -> bool:
    send_mail(subject, body, None, [to])
    return True


email_task = tasks.task("notifications.email")(send_email)
plain_email_task = tasks.task("notifications.plain_email")(send_plain_email)

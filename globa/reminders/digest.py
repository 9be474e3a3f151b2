"""The e-mail digest of a person's open reminders and tasks."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from globa.reminders.selectors import open_for, users_with_open_reminders


def send_digests(today: dt.date) -> int:
    """One e-mail per person with open reminders and an address; returns how many were sent.
    Written in Lithuanian, the interface's default language."""
    sent = 0
    for user in users_with_open_reminders():
        reminders = list(open_for(user))
        with translation.override(settings.LANGUAGE_CODE):
            # Counts and a link only: an e-mail leaves the system, so it names no child,
            # family or carer (the titles do).
            kinds = Counter(str(r.get_kind_display()) for r in reminders)
            body = render_to_string(
                "reminders/digest.txt",
                {
                    "user": user,
                    "reminders": reminders,
                    "overdue": sum(1 for r in reminders if r.due_on < today),
                    "by_kind": sorted(kinds.items()),
                    "site": settings.GLOBA_SITE_URL,
                },
            )
            subject = _("Globa: %(count)d open reminders and tasks") % {"count": len(reminders)}
        sent += send_mail(subject, body, None, [user.email])
    return sent

"""Notifications are personal: everyone signed in has their own list, and a notification is
reachable only by its recipient (anyone else gets 404, as for a record outside their scope)."""

from __future__ import annotations

from django.http import Http404

from globa.accounts.models import User
from globa.core.views import uuid_or_404
from globa.notifications.models import Notification
from globa.notifications.selectors import notifications_for


def access_notification(user: User, notification_id: str) -> Notification:
    notification = notifications_for(user).filter(pk=uuid_or_404(notification_id)).first()
    if notification is None:
        raise Http404
    return notification

"""A person's notifications: the list, the count in the header, opening and marking read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from globa.core.views import request_user
from globa.notifications import selectors, services
from globa.notifications.permissions import access_notification

PAGE_SIZE = 30


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    unread_only = request.GET.get("show") == "unread"
    rows = selectors.notifications_for(user).select_related("actor")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "unread": selectors.unread_count(user)},
    )


@login_required
@require_safe
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's count, loaded by htmx so that no page pays a query for it."""
    count = selectors.unread_count(request_user(request))
    return render(request, "notifications/badge.html", {"unread": count})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: str) -> HttpResponse:
    """Mark it read and go to what it is about."""
    user = request_user(request)
    notification = access_notification(user, notification_id)
    services.mark_read(by=user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: str) -> HttpResponse:
    user = request_user(request)
    services.mark_read(by=user, notification=access_notification(user, notification_id))
    messages.success(request, _("Marked as read."))
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(by=request_user(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")

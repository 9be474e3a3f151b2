"""Adding a task and marking a reminder done, from the start page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from globa.core.views import request_user, save_once, uuid_or_404
from globa.lib import clock
from globa.reminders import selectors, services
from globa.reminders.forms import TaskForm
from globa.reminders.permissions import access_tasks


@login_required
@require_POST
def task_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access_tasks(user)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            _url, first = save_once(
                request,
                form,
                lambda data: services.task_add(
                    by=user, title=data["title"], due_on=data["due_on"], today=clock.today()
                ),
                lambda _task: reverse("home:start"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if first:
                messages.success(request, _("The task was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("home:start")


@login_required
@require_POST
def reminder_done(request: HttpRequest, reminder_id: str) -> HttpResponse:
    user = request_user(request)
    reminder = selectors.open_for(user).filter(pk=uuid_or_404(reminder_id)).first()
    if reminder is None:
        raise Http404
    services.reminder_done(by=user, reminder=reminder, today=clock.today())
    messages.success(request, _("Marked as done."))
    return redirect("home:start")

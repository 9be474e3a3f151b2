"""Data protection pages: records at the end of their retention (confirmed by one person,
approved by another), legal holds, the destruction register, and a person's data on request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from globa.audit.selectors import exports_of
from globa.core.views import request_user
from globa.lib import clock
from globa.retention import permissions, selectors, services, subject_access
from globa.retention.forms import HoldForm, SearchForm


@login_required
@require_safe
def retention(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    orgs = permissions.access_retention(user)
    with permissions.data_protection_scope(user):
        reviews = list(selectors.reviews_for(user))
        context = {
            "exports": exports_of(orgs),
            "reviews": reviews,
            "labels": selectors.labels(reviews),
            "holds": list(selectors.holds_for(user)),
            "register": list(selectors.register_for(user)[:100]),
            "rules": selectors.rules_in_force(clock.today()),
            "hold_form": HoldForm(),
        }
    return render(request, "retention/retention.html", context)


def _act(request: HttpRequest, action: str, review_id: str) -> HttpResponse:
    user = request_user(request)
    with permissions.data_protection_scope(user):
        review = permissions.access_review(user, review_id)
        try:
            if action == "confirm":
                services.review_confirm(by=user, review=review)
                messages.success(request, _("Confirmed; a second person approves it now."))
            elif action == "approve":
                services.review_approve(by=user, review=review)
                messages.success(request, _("Approved; the record is being anonymised."))
            else:
                services.review_keep(by=user, review=review, note=request.POST.get("note", ""))
                messages.success(request, _("The record is kept."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("retention:retention")


@login_required
@require_POST
def confirm(request: HttpRequest, review_id: str) -> HttpResponse:
    return _act(request, "confirm", review_id)


@login_required
@require_POST
def approve(request: HttpRequest, review_id: str) -> HttpResponse:
    return _act(request, "approve", review_id)


@login_required
@require_POST
def keep(request: HttpRequest, review_id: str) -> HttpResponse:
    return _act(request, "keep", review_id)


@login_required
@require_POST
def hold_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_retention(user)
    form = HoldForm(request.POST)
    if form.is_valid():
        with permissions.data_protection_scope(user):
            try:
                services.hold_place(by=user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The hold is on: the record is kept until it is lifted.")
                )
    else:
        messages.error(request, _("Name the record and say why it must be kept."))
    return redirect("retention:retention")


@login_required
@require_POST
def hold_lift(request: HttpRequest, hold_id: str) -> HttpResponse:
    user = request_user(request)
    with permissions.data_protection_scope(user):
        hold = permissions.access_hold(user, hold_id)
        try:
            services.hold_lift(by=user, hold=hold, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The hold was lifted."))
    return redirect("retention:retention")


@login_required
@require_safe
def requests(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    orgs = permissions.access_subject_requests(user)
    form = SearchForm(request.GET or None)
    found: list[Any] = []
    if form.is_valid():
        with permissions.data_protection_scope(user):
            found = subject_access.find(form.cleaned_data["kind"], form.cleaned_data["query"], orgs)
    context = {
        "form": form,
        "found": found,
        "kind": form.cleaned_data.get("kind") if form.is_valid() else "",
    }
    return render(request, "retention/requests.html", context)


@login_required
@require_safe
def export(request: HttpRequest, kind: str, record_id: str, fmt: str) -> HttpResponse:
    user = request_user(request)
    orgs = permissions.access_subject_requests(user)
    with permissions.data_protection_scope(user):
        try:
            record = subject_access.record_of(kind, record_id, orgs)
        except ValidationError:
            record = None
        if record is None:
            raise Http404
        data = subject_access.collect(kind, record)
        subject_access.log_export(user, kind, record)
    if fmt == "pdf":
        response = HttpResponse(subject_access.as_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(subject_access.as_json(data), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="asmens-duomenys-{record.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The staff pages: who works where in which role, roles proposed and approved, and roles
ended — for administrators (every organisation) and centre managers (their centres); and the
renewal of a session the person chose to keep."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts import permissions, selectors, services
from globa.accounts.forms import DecisionForm, PositionForm, RoleProposeForm
from globa.accounts.middleware import SessionRenewalMiddleware
from globa.core.views import FormPage, form_page, request_user
from globa.lib import clock


@login_required
@require_safe
def staff(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_staff(user)
    wanted = request.GET.get("organisation", "")
    organisations = selectors.staff_organisations(user)
    chosen = (
        organisations.filter(pk=int(wanted)).first()
        if wanted.isascii() and wanted.isdigit()
        else None
    )
    pending = [
        (grant, services.may_decide(user, grant))
        for grant in selectors.role_grants(user, pending=True)
    ]
    context = {
        "organisations": organisations,
        "chosen": chosen,
        "memberships": selectors.staff_memberships(user, chosen.pk if chosen else None)[:500],
        "ended": selectors.staff_memberships(user, chosen.pk if chosen else None, ended=True)[:50],
        "pending": pending,
        "decided": selectors.role_grants(user, pending=False)[:20],
    }
    return render(request, "accounts/staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def role_propose(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_staff(user)
    form = RoleProposeForm(
        request.POST or None,
        users=selectors.active_users().exclude(pk=user.pk),
        organisations=selectors.staff_organisations(user),
        initial={"organisation": request.GET.get("organisation")},
    )

    def save(data: dict[str, Any]) -> object:
        grant = services.role_propose(
            by=user,
            user=data["user"],
            organisation=data["organisation"],
            role=data["role"],
            reason=data["reason"],
        )
        if grant.status == grant.Status.PENDING:
            messages.success(
                request, _("The role is proposed. It takes effect when someone else approves it.")
            )
        else:
            messages.success(request, _("The role is given."))
        return grant

    page = FormPage(_("Give a role"), reverse("accounts:staff"), _("Staff and roles"))
    return form_page(request, form, page, save)


@login_required
@require_POST
def role_decide(request: HttpRequest, grant_id: str) -> HttpResponse:
    user = request_user(request)
    grant = permissions.access_grant(user, grant_id)
    form = DecisionForm(request.POST)
    approve = "approve" in request.POST
    if form.is_valid():
        try:
            services.role_decide(
                by=user, grant=grant, approve=approve, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The role is approved.") if approve else _("The role is declined.")
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("accounts:staff")


@login_required
@require_POST
def role_end(request: HttpRequest, membership_id: str) -> HttpResponse:
    user = request_user(request)
    membership = permissions.access_membership(user, membership_id)
    try:
        services.role_end(by=user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has ended."))
    return redirect(reverse("accounts:staff") + f"?organisation={membership.organisation_id}")


@login_required
@require_http_methods(["GET", "POST"])
def membership_position(request: HttpRequest, membership_id: str) -> HttpResponse:
    """A staff member's position, FTE and the day they began in the organisation, for the
    staffing figures."""
    user = request_user(request)
    membership = permissions.access_membership(user, membership_id)
    form = PositionForm(
        request.POST or None,
        initial={
            "position": membership.position,
            "fte": membership.fte,
            "started_on": membership.started_on,
        },
    )

    def save(data: dict[str, Any]) -> object:
        return services.membership_position_set(
            by=user,
            membership=membership,
            position=data["position"],
            fte=data["fte"],
            started_on=data["started_on"],
        )

    page = FormPage(
        _("Position and FTE"),
        reverse("accounts:staff") + f"?organisation={membership.organisation_id}",
        _("Staff and roles"),
        subtitle=str(membership),
        done=_("The position was saved."),
    )
    return form_page(request, form, page, save)


@require_POST
def session_renew(request: HttpRequest) -> HttpResponse:
    """Keep the session: the warning before an idle session ends asks this when the person
    chooses to stay signed in. A session that has already ended is not brought back."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    # Writing the renewal time saves the session, with its expiry counted from now.
    request.session[SessionRenewalMiddleware.key] = int(clock.now().timestamp())
    return JsonResponse({"signed_in": True, "idle_seconds": settings.SESSION_COOKIE_AGE})

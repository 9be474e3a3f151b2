"""The API clients' pages (for administrators): register a client, see its tokens, issue a
new one (shown once), revoke a token or the client; and the API's own description and
documentation, served from Globa's static files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.selectors import staff_organisations
from globa.api import permissions, routes, selectors, services
from globa.api.forms import ClientForm, TokenForm
from globa.core import submissions
from globa.core.views import apply_errors, request_user


@login_required
@require_safe
def clients(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_clients(user)
    return render(request, "api/clients.html", {"clients": selectors.clients_for(user)})


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_clients(user)
    form = ClientForm(request.POST or None, organisations=staff_organisations(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                earlier = submissions.claim(request, form)
                if earlier is not None:
                    messages.info(request, submissions.ALREADY_SAVED)
                    return redirect(earlier or reverse("api:clients"))
                client, key = services.client_register(
                    by=user,
                    organisation=data["organisation"],
                    name=data["name"],
                    role=data["role"],
                    scopes=form.scopes(),
                    known_scopes=routes.scopes(),
                    rate_per_minute=data["rate_per_minute"],
                    expires_in_days=data["expires_in_days"],
                )
                url = reverse("api:client", kwargs={"client_id": client.pk})
                submissions.remember(request, form, url)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "api/token_shown.html", {"client": client, "key": key})
    return render(request, "api/client_form.html", {"form": form})


@login_required
@require_safe
def client(request: HttpRequest, client_id: str) -> HttpResponse:
    user = request_user(request)
    api_client = permissions.access_client(user, client_id)
    context = {
        "client": api_client,
        "tokens": selectors.tokens_of(api_client),
        "form": TokenForm(),
        "labels": dict(routes.resources()),
    }
    return render(request, "api/client.html", context)


@login_required
@require_POST
def token_new(request: HttpRequest, client_id: str) -> HttpResponse:
    user = request_user(request)
    api_client = permissions.access_client(user, client_id)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            key = services.token_issue(
                by=user, client=api_client, expires_in_days=form.cleaned_data["expires_in_days"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return render(request, "api/token_shown.html", {"client": api_client, "key": key})
    else:
        messages.error(request, _("A token lasts from 1 to 365 days."))
    return redirect("api:client", client_id=api_client.pk)


@login_required
@require_POST
def token_revoke(request: HttpRequest, client_id: str, token_id: str) -> HttpResponse:
    user = request_user(request)
    api_client = permissions.access_client(user, client_id)
    token = permissions.access_token(user, api_client, token_id)
    try:
        services.token_revoke(by=user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("api:client", client_id=api_client.pk)


@login_required
@require_POST
def client_revoke(request: HttpRequest, client_id: str) -> HttpResponse:
    user = request_user(request)
    api_client = permissions.access_client(user, client_id)
    try:
        services.client_revoke(by=user, client=api_client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The client was revoked: its tokens no longer work."))
    return redirect("api:client", client_id=api_client.pk)

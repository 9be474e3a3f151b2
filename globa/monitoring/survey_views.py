"""The carer satisfaction survey: the rounds a manager or the national monitor runs (open a
round, its links to print or e-mail, its results) and the anonymous survey page a carer opens
from a link, with no login."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.selectors import require_page
from globa.core.views import FormPage, apply_errors, form_page, request_user, save_once
from globa.lib import clock
from globa.monitoring import forms, permissions, survey
from globa.monitoring.models import SurveyRound


def _round_url(round: SurveyRound) -> str:
    return reverse("monitoring:survey", kwargs={"round_id": round.pk})


def link_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("monitoring:survey_answer", kwargs={"token": token}))


@login_required
@require_safe
def rounds(request: HttpRequest) -> HttpResponse:
    """The survey rounds of the centres the user runs surveys for."""
    user = request_user(request)
    require_page(permissions.may_run_surveys(user))
    centres = permissions.survey_centres(user)
    found = (
        SurveyRound.objects.filter(centre__in=centres)
        .select_related("centre")
        .order_by("-starts_on", "centre__name")
    )
    today = clock.today()
    rows = [
        (r, r.links.count(), r.links.filter(used=True).count(), r.closes_on >= today)
        for r in found[:200]
    ]
    return render(request, "monitoring/survey_rounds.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_page(permissions.may_run_surveys(user))
    centres = permissions.survey_centres(user)
    today = clock.today()
    start = dt.date(today.year, 1, 1)
    initial: dict[str, Any] = {
        "starts_on": start,
        "ends_on": dt.date(today.year, 12, 31),
        "closes_on": today + dt.timedelta(days=30),
    }
    if len(centres) == 1:
        initial["centre"] = centres[0].pk
        initial["links"] = max(survey.active_households(centres[0]), 1)
    form = forms.SurveyRoundForm(request.POST or None, centres=centres, initial=initial)
    page = FormPage(
        title=_("Open a carer satisfaction survey"),
        subtitle=_(
            "Each carer household gets an anonymous link of its own; the answers are kept "
            "without any link to the household."
        ),
        back_url=reverse("monitoring:surveys"),
        back_label=_("Satisfaction surveys"),
        done=_("The survey is open. Print the links or send them by e-mail."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: survey.open_round(
            by=user,
            centre=data["centre"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            closes_on=data["closes_on"],
            links=data["links"],
        ),
        then=_round_url,
    )


@login_required
@require_safe
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request_user(request)
    round = permissions.access_round(user, round_id)
    unused = list(round.links.filter(used=False).order_by("number"))
    context = {
        "round": round,
        "results": survey.results(user, round),
        "links": [(link.number, link_url(request, link.token)) for link in unused],
        "open": round.closes_on >= clock.today(),
        "manager": permissions.sees_comments(user, round),
        "links_form": forms.SurveyLinksForm(),
        "close_form": forms.SurveyCloseForm(
            initial={"closes_on": round.closes_on, "version": round.version}
        ),
    }
    return render(request, "monitoring/survey_round.html", context)


@login_required
@require_safe
def round_print(request: HttpRequest, round_id: int) -> HttpResponse:
    """The unused links as slips to print and cut, one for each household."""
    round = permissions.access_round(request_user(request), round_id)
    unused = round.links.filter(used=False).order_by("number")
    slips = [(link.number, link_url(request, link.token)) for link in unused]
    response = render(request, "monitoring/survey_print.html", {"round": round, "slips": slips})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def round_links(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request_user(request)
    round = permissions.access_round(user, round_id)
    form = forms.SurveyLinksForm(request.POST)
    if form.is_valid():
        try:
            _url, first = save_once(
                request,
                form,
                lambda data: survey.add_links(by=user, round=round, count=data["links"]),
                lambda _saved: _round_url(round),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if first:
                messages.success(request, _("The links were added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_round_url(round))


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request_user(request)
    round = permissions.access_round(user, round_id)
    form = forms.SurveyCloseForm(
        request.POST or None, initial={"closes_on": round.closes_on, "version": round.version}
    )
    page = FormPage(
        title=_("Accept answers until"),
        subtitle=str(round),
        back_url=_round_url(round),
        back_label=_("Back"),
        done=_("The survey's last day was changed."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: survey.change_round(
            by=user, round=round, version=data["version"], closes_on=data["closes_on"]
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_email(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request_user(request)
    round = permissions.access_round(user, round_id)
    form = forms.SurveyEmailForm(request.POST or None)
    page = FormPage(
        title=_("Send the links by e-mail"),
        subtitle=str(round),
        back_url=_round_url(round),
        back_label=_("Back"),
        done=_("The links were sent."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: survey.send_links(
            by=user,
            round=round,
            addresses=data["addresses"],
            link_url=link_url(request, "TOKEN"),
        ),
        fields={"links": "addresses"},
    )


def _private(response: HttpResponse) -> HttpResponse:
    # The link is the key: not cached, not sent on to another site (a form sent to the same
    # site keeps its origin, which the CSRF check reads), not indexed.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _spent(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return _private(
        render(request, "monitoring/survey_closed.html", {"message": message}, status=status)
    )


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey a carer opens from their link, with no login."""
    try:
        link = survey.link_for(token)
    except survey.LinkNotFound:
        return _spent(
            request,
            _("This survey link is not known. Check that it was copied in full."),
            404,
        )
    except survey.LinkSpent as spent:
        return _spent(request, spent.message, 410)
    form = forms.SurveyAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey.answer(
                token=token,
                ratings=survey.Ratings(
                    {k: v for k, v in data.items() if k != "comment"}, data["comment"]
                ),
            )
        except survey.LinkNotFound:
            return _spent(request, _("This survey link is not known."), 404)
        except survey.LinkSpent as spent:
            return _spent(request, spent.message, 410)
        except ValidationError as error:
            apply_errors(form, error, None)
        else:
            return _private(render(request, "monitoring/survey_thanks.html", {}))
    return _private(
        render(
            request,
            "monitoring/survey_answer.html",
            {"form": form, "round": link.round},
            status=400 if request.method == "POST" else 200,
        )
    )

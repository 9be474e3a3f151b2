"""Pages of GIMK training: a centre's training groups, and a group's page with its
participants' progress, trainers, sessions and certificates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.carers.models import Stage
from globa.core.forms import Form
from globa.core.views import apply_errors, request_user, uuid_or_404
from globa.lib import clock
from globa.registry import permissions as registry_permissions
from globa.registry import selectors as registry_selectors
from globa.training import permissions, selectors, services
from globa.training.forms import (
    CertificateForm,
    ParticipantForm,
    SessionChangeForm,
    SessionForm,
    TrainerForm,
    TrainingGroupForm,
)
from globa.training.models import TrainingGroup


@login_required
@require_http_methods(["GET", "POST"])
def training_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    posting = request.method == "POST"
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""), change=posting)
    can_change = permissions.runs_training(user, centre.pk)
    form = TrainingGroupForm(
        request.POST or None,
        programmes=selectors.programmes(),
        initial={"starts_on": clock.today()},
    )
    if posting and form.is_valid():
        try:
            group = services.group_create(by=user, centre=centre, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The training group is started."))
            return redirect("training:training_group", group_id=group.pk)
    context = {
        "centre": centre,
        "centres": registry_selectors.care_centres_of(user),
        "groups": selectors.training_groups(centre.pk),
        "form": form if can_change else None,
    }
    return render(request, "training/training_list.html", context)


def _training_page(
    request: HttpRequest, group: TrainingGroup, forms: dict[str, Form] | None = None
) -> HttpResponse:
    user = request_user(request)
    can_change = permissions.runs_training(user, group.centre_id)
    forms = forms or {}
    context = {
        "group": group,
        "trainers": group.trainers.all(),
        "progress": selectors.progress(group),
        "sessions": group.sessions.prefetch_related("topics").annotate(came=Count("attendance")),
        "topics": group.programme.topics.order_by("position"),
        "can_change": can_change,
        "trainer_form": forms.get("trainer") or TrainerForm(),
        "participant_form": forms.get("participant")
        or ParticipantForm(candidates=selectors.candidates_for_training(group)),
        "session_form": forms.get("session")
        or SessionForm(group=group, initial={"held_on": clock.today()}),
        "certificate_form": CertificateForm(initial={"on": clock.today()}),
        "certificate_errors": forms.get("certificate"),
    }
    return render(request, "training/training_group.html", context)


@login_required
@require_safe
def training_group(request: HttpRequest, group_id: str) -> HttpResponse:
    group = permissions.access_training_group(request_user(request), group_id)
    return _training_page(request, group)


def _training_post(
    request: HttpRequest,
    group_id: str,
    name: str,
    form: Callable[[TrainingGroup], Form],
    save: Callable[[TrainingGroup, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One of the training group page's forms: saved, or the page again with its errors."""
    group = permissions.access_training_group(request_user(request), group_id, write=True)
    bound = form(group)
    if bound.is_valid():
        try:
            save(group, bound.cleaned_data)
        except ValidationError as error:
            apply_errors(bound, error)
        else:
            messages.success(request, done)
            return redirect("training:training_group", group_id=group.pk)
    return _training_page(request, group, {name: bound})


@login_required
@require_POST
def trainer_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "trainer",
        lambda group: TrainerForm(request.POST),
        lambda group, data: services.trainer_add(by=user, group=group, **data),
        _("The trainer is added."),
    )


@login_required
@require_POST
def participant_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "participant",
        lambda group: ParticipantForm(
            request.POST, candidates=selectors.candidates_for_training(group)
        ),
        lambda group, data: services.participant_add(by=user, group=group, **data),
        _("The participant is added."),
    )


@login_required
@require_POST
def session_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "session",
        lambda group: SessionForm(request.POST, group=group),
        lambda group, data: services.session_record(
            by=user,
            group=group,
            held_on=data["held_on"],
            topics=list(data["topics"]),
            attended=list(data["attended"]),
        ),
        _("The session is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_change(request: HttpRequest, group_id: str, session_id: str) -> HttpResponse:
    user = request_user(request)
    session = permissions.access_session(user, group_id, session_id, write=True)
    form = SessionChangeForm(
        request.POST or None,
        group=session.group,
        initial={
            "held_on": session.held_on,
            "topics": list(session.topics.all()),
            "attended": [a.participant_id for a in session.attendance.all()],
            "version": session.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_change(
                by=user,
                session=session,
                held_on=data["held_on"],
                topics=list(data["topics"]),
                attended=list(data["attended"]),
                version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session is corrected."))
            return redirect("training:training_group", group_id=session.group_id)
    context = {
        "group": session.group,
        "session": session,
        "form": form,
        "attended": session.attendance.count(),
    }
    return render(request, "training/session.html", context)


@login_required
@require_POST
def session_delete(request: HttpRequest, group_id: str, session_id: str) -> HttpResponse:
    user = request_user(request)
    session = permissions.access_session(user, group_id, session_id, write=True)
    version = request.POST.get("version", "")
    try:
        services.session_delete(
            by=user,
            session=session,
            version=int(version) if version.isascii() and version.isdigit() else 0,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:session_change", group_id=session.group_id, session_id=session.pk)
    messages.success(
        request,
        _("The session of %(day)s was deleted, with its attendance.")
        % {"day": date_format(session.held_on, "Y-m-d")},
    )
    return redirect("training:training_group", group_id=session.group_id)


@login_required
@require_POST
def certificate_add(request: HttpRequest, group_id: str, participant_id: str) -> HttpResponse:
    user = request_user(request)

    def save(group: TrainingGroup, data: dict[str, Any]) -> object:
        participant = group.participants.filter(pk=uuid_or_404(participant_id)).first()
        if participant is None:
            raise Http404
        training = participant.candidate is not None and participant.candidate.stage == (
            Stage.TRAINING
        )
        participant = services.certificate_record(by=user, participant=participant, **data)
        moved = participant.candidate is not None and participant.candidate.stage == (
            Stage.ASSESSMENT
        )
        if training and moved:
            messages.info(
                request,
                _("%(name)s moves on to the suitability assessment.")
                % {"name": participant.candidate},
            )
        return participant

    return _training_post(
        request,
        group_id,
        "certificate",
        lambda group: CertificateForm(request.POST),
        save,
        _("The certificate is recorded."),
    )

"""Plan pages: a plan with its goals, actions, services given and reviews (printable, and as
a PDF for signing), its forms, and taking goals from an assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.assessments import permissions as assessment_permissions
from globa.audit.selectors import who_has_seen
from globa.cases import permissions as case_permissions
from globa.cases import selectors as case_selectors
from globa.core.views import FormPage, form_page, request_user
from globa.lib import clock
from globa.lib.dates import add_months
from globa.organisations.models import Organisation
from globa.plans import pdf, permissions, selectors, services
from globa.plans.forms import (
    ActionForm,
    CloseForm,
    DoneForm,
    EnrolForm,
    GoalForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
)
from globa.plans.models import Kind, Plan
from globa.registry import permissions as registry_permissions
from globa.support import selectors as support_selectors
from globa.support import services as support_services
from globa.support.models import DeliveryForm
from globa.training.models import Programme
from globa.training.selectors import training_groups


def _url(plan: Plan) -> str:
    return reverse("plans:plan", kwargs={"plan_id": plan.pk})


def _subject_url(plan: Plan) -> str:
    if plan.child_id:
        return reverse("registry:child", kwargs={"child_id": plan.child_id})
    assert plan.staff is not None
    return reverse("assessments:staff", kwargs={"staff_id": plan.staff.uuid})


@login_required
@require_safe
def plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id)
    is_manager = scope_for(user).manages(plan.organisation_id)
    context = {
        "plan": plan,
        **selectors.plan_page(plan),
        "can_change": permissions.can_change(user, plan) and plan.status == "active",
        "today": clock.today(),
        "subject_url": _subject_url(plan),
        "done_form": DoneForm(initial={"on": clock.today()}),
        "is_manager": is_manager,
        "access_log": who_has_seen(plan) if is_manager else [],
    }
    return render(request, "plans/plan.html", context)


def _plan_form(
    request: HttpRequest,
    plan_id: str,
    *,
    title: str,
    build: Callable[[Plan, Any], BaseForm],
    save: Callable[[User, Plan, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id, write=True)
    page = FormPage(title, _url(plan), str(plan), done=done)
    return form_page(
        request, build(plan, request.POST or None), page, lambda d: save(user, plan, d)
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_form(
        request,
        plan_id,
        title=_("Add a goal"),
        build=lambda plan, data: GoalForm(data),
        save=lambda user, plan, d: services.goal_add(by=user, plan=plan, text=d["text"]),
        done=_("The goal was added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, plan_id: str) -> HttpResponse:
    def build(plan: Plan, data: Any) -> BaseForm:
        today = clock.today()
        development = plan.kind == Kind.DEVELOPMENT_PLAN
        return ActionForm(
            data,
            goals=plan.goals.all(),
            services=support_selectors.services_provided(plan.organisation_id, today),
            programmes=Programme.objects.filter(is_active=True) if development else None,
            staff=User.objects.filter(
                memberships__organisation_id=plan.organisation_id,
                memberships__is_active=True,
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name"),
            organisations=Organisation.objects.filter(is_active=True)
            .exclude(kind=Organisation.Kind.MUNICIPALITY)
            .order_by("name"),
            initial={
                "goal": request.GET.get("goal"),
                "responsible_organisation": plan.organisation_id,
                "due_on": add_months(today, 1),
            },
        )

    def save(user: User, plan: Plan, d: dict[str, Any]) -> object:
        return services.action_add(
            by=user,
            plan=plan,
            step=services.Step(
                goal=d["goal"],
                description=d["description"],
                due_on=d["due_on"],
                responsible_organisation=d["responsible_organisation"],
                responsible_user=d["responsible_user"],
                responsible_name=d["responsible_name"],
                service=d["service"],
                programme=d.get("programme"),
            ),
        )

    return _plan_form(
        request,
        plan_id,
        title=_("Add an action"),
        build=build,
        save=save,
        done=_("The action was added."),
    )


@login_required
@require_POST
def action_done(request: HttpRequest, plan_id: str, action_id: str) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id, write=True)
    action = permissions.access_action(user, plan, action_id)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.action_done(
                by=user,
                plan=plan,
                action=action,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Marked as done."))
    else:
        messages.error(request, _("Give the date the action was done."))
    return redirect(_url(plan) + "#goals")


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, plan_id: str, action_id: str) -> HttpResponse:
    """Record a service given to the child towards an action of the plan."""
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id, write=True)
    action = permissions.access_action(user, plan, action_id)
    today = clock.today()
    provided = support_selectors.services_provided(plan.organisation_id, today)
    form = ServiceForm(
        request.POST or None,
        services=provided,
        initial={
            "service": action.service_id,
            "delivered_on": today,
            "minutes": 60,
            "mode": DeliveryForm.OFFICE,
        },
    )
    page = FormPage(
        _("Record a service given"),
        _url(plan),
        str(plan),
        subtitle=action.description,
        done=_("The service was recorded."),
    )

    def save(d: dict[str, Any]) -> object:
        return services.service_record(
            by=user,
            plan=plan,
            action=action,
            contact=support_services.Contact(
                service=d["service"],
                delivered_on=d["delivered_on"],
                minutes=d["minutes"],
                form=d["mode"],
                notes=d["notes"],
            ),
        )

    return form_page(request, form, page, save, fields={"form": "mode"})


@login_required
@require_http_methods(["GET", "POST"])
def training_enrol(request: HttpRequest, plan_id: str, action_id: str) -> HttpResponse:
    """Put the staff member in one of the centre's training groups for a development plan's
    training; its certificate completes the action."""
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id, write=True)
    action = permissions.access_action(user, plan, action_id)
    groups = training_groups(plan.organisation_id)
    if action.programme_id:
        groups = groups.filter(programme_id=action.programme_id)
    page = FormPage(
        _("Join a training group"),
        _url(plan),
        str(plan),
        subtitle=action.description,
        done=_("The staff member was added to the training group."),
    )
    return form_page(
        request,
        EnrolForm(request.POST or None, groups=groups),
        page,
        lambda d: services.training_enrol(by=user, plan=plan, action=action, group=d["group"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, plan_id: str) -> HttpResponse:
    def build(plan: Plan, data: Any) -> BaseForm:
        goals = [goal for goal in plan.goals.all() if goal.is_open]
        return ReviewForm(
            data,
            goals=goals,
            initial={
                "held_on": clock.today(),
                "next_review_on": add_months(clock.today(), services.REVIEW_MONTHS),
                "version": plan.version,
            },
        )

    def save(user: User, plan: Plan, d: dict[str, Any]) -> object:
        form_goals = [goal for goal in plan.goals.all() if goal.is_open]
        return services.review_record(
            by=user,
            plan=plan,
            held_on=d["held_on"],
            progress={g.pk: (d[f"goal_{g.pk}"], d[f"note_{g.pk}"]) for g in form_goals},
            note=d["note"],
            reassess=d["reassess"],
            next_review_on=d["next_review_on"],
            version=d["version"],
        )

    return _plan_form(
        request,
        plan_id,
        title=_("Review the plan"),
        build=build,
        save=save,
        done=_("The review was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_close(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_form(
        request,
        plan_id,
        title=_("Close the plan"),
        build=lambda plan, data: CloseForm(
            data, initial={"on": clock.today(), "version": plan.version}
        ),
        save=lambda user, plan, d: services.plan_close(
            by=user, plan=plan, on=d["on"], version=d["version"]
        ),
        done=_("The plan was closed."),
    )


# Starting a plan ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start_child(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = registry_permissions.access_child(user, child_id)
    require_change(permissions.can_start_for_child(user, child))
    today = clock.today()
    form = PlanForm(
        request.POST or None,
        initial={"starts_on": today, "review_on": add_months(today, services.REVIEW_MONTHS)},
    )
    page = FormPage(
        _("New individual service plan"),
        reverse("registry:child", kwargs={"child_id": child.pk}),
        str(child),
        done=_("The plan was started."),
    )
    return form_page(
        request,
        form,
        page,
        lambda d: services.plan_start(
            by=user, child=child, starts_on=d["starts_on"], review_on=d["review_on"]
        ),
        then=_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_staff(request: HttpRequest, staff_id: str) -> HttpResponse:
    user = request_user(request)
    person, orgs = assessment_permissions.access_staff_member(user, staff_id)
    managed = [org for org in orgs if permissions.can_start_for_staff(user, person, org)]
    require_change(bool(managed))
    today = clock.today()
    form = PlanForm(
        request.POST or None,
        initial={"starts_on": today, "review_on": add_months(today, 12)},
    )
    page = FormPage(
        _("New development plan"),
        reverse("assessments:staff", kwargs={"staff_id": person.uuid}),
        str(person),
        done=_("The plan was started."),
    )
    organisation = Organisation.objects.get(pk=managed[0])
    return form_page(
        request,
        form,
        page,
        lambda d: services.plan_start(
            by=user,
            staff=person,
            organisation=organisation,
            starts_on=d["starts_on"],
            review_on=d["review_on"],
        ),
        then=_url,
    )


@login_required
@require_POST
def goals_accept(request: HttpRequest, assessment_id: str) -> HttpResponse:
    """Take the ticked proposed goals (with the words as edited) into the plan."""
    user = request_user(request)
    assessment = assessment_permissions.access_assessment(user, assessment_id)
    chosen = [
        services.Accepted(code, request.POST.get(f"text_{code}", ""))
        for code in request.POST.getlist("item")
    ]
    back = reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})
    try:
        target = services.goals_accept(by=user, assessment=assessment, goals=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back + "#proposals")
    messages.success(
        request,
        _("%(n)s goals were taken into the plan.") % {"n": len(chosen)}
        if len(chosen) != 1
        else _("The goal was taken into the plan."),
    )
    if isinstance(target, Plan):
        return redirect(_url(target) + "#goals")
    return redirect(reverse("cases:case", kwargs={"case_id": target.pk}))


# Printing and the PDF --------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    return {
        "goals": _("Goals and actions"),
        "none": _("The plan has no goals yet."),
        "what": _("What"),
        "who": _("Who"),
        "by": _("By"),
        "done": _("Done"),
        "reviews": _("Reviews"),
        "signatures": _("Signatures"),
        "date": _("Date"),
    }


def _plan_document(plan: Plan) -> pdf.Document:
    page = selectors.plan_page(plan)
    goals = []
    for goal in page["goals"]:
        steps = [
            pdf.Step(
                what=a.description + (f" ({a.service.name})" if a.service else ""),
                who=", ".join(
                    str(x)
                    for x in (a.responsible_user or a.responsible_name, a.responsible_organisation)
                    if x
                ),
                by=date_format(a.due_on, "Y-m-d"),
                done=date_format(a.done_on, "Y-m-d") if a.done_on else "",
                given=_("given %(n)s times") % {"n": len(a.given)} if a.given else "",
            )
            for a in goal.steps
        ]
        goals.append(
            pdf.GoalBlock(
                text=goal.text,
                raised_by=_("from the assessment of %(day)s")
                % {"day": date_format(goal.assessment.assessed_on, "Y-m-d")}
                if goal.assessment
                else "",
                progress=goal.get_progress_display() if goal.progress else "",
                steps=steps,
            )
        )
    subject = plan.child or plan.staff
    return pdf.Document(
        title=plan.get_kind_display().capitalize(),
        facts=[
            (_("For"), str(subject)),
            (_("Organisation"), plan.organisation.name),
            (_("Responsible for the plan"), str(plan.responsible)),
            (_("From"), date_format(plan.starts_on, "Y-m-d")),
            (_("Next review"), date_format(plan.review_on, "Y-m-d")),
        ],
        goals=goals,
        reviews=[(date_format(r.held_on, "Y-m-d"), r.note or "—") for r in page["reviews"]],
        signatures=[
            _("Responsible for the plan: %(name)s") % {"name": plan.responsible},
            _("The person or their representative"),
        ],
        footer=f"Globa · {plan.get_kind_display()} · {date_format(clock.today(), 'Y-m-d')}",
        labels=_labels(),
    )


def _pdf_response(document: pdf.Document, name: str) -> HttpResponse:
    response = HttpResponse(pdf.render(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
@require_safe
def plan_pdf(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The plan as a PDF for signing, in Lithuanian whatever the page's language."""
    user = request_user(request)
    plan = permissions.access_plan(user, plan_id)
    with translation.override("lt"):
        document = _plan_document(plan)
    return _pdf_response(document, f"planas-{plan.starts_on:%Y-%m-%d}")


@login_required
@require_safe
def case_plan_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """An early-intervention case's help plan as a PDF for signing with the family."""
    user = request_user(request)
    case = case_permissions.access_case(user, case_id)
    page = case_selectors.case_page(case)
    with translation.override("lt"):
        goals = [
            pdf.GoalBlock(
                text=goal.text,
                raised_by=_("from the family's assessment") if goal.assessment_item_id else "",
                progress=_("achieved %(day)s") % {"day": date_format(goal.achieved_on, "Y-m-d")}
                if goal.achieved_on
                else "",
                steps=[
                    pdf.Step(
                        what=a.description + (f" ({a.service.name})" if a.service else ""),
                        who=str(a.responsible),
                        by=date_format(a.due_on, "Y-m-d"),
                        done=date_format(a.done_on, "Y-m-d") if a.done_on else "",
                    )
                    for a in goal.plan_actions
                ],
            )
            for goal in page["goals"]
        ]
        document = pdf.Document(
            title=_("Comprehensive help plan for the family"),
            facts=[
                (_("Family"), case.family_name),
                (_("Organisation"), case.organisation.name),
                (_("Case manager"), str(case.case_manager)),
                (_("Stage"), case.get_stage_display()),
                (_("Children"), ", ".join(str(c) for c in page["children"]) or "—"),
            ],
            goals=goals,
            reviews=[],
            signatures=[
                _("Case manager: %(name)s") % {"name": case.case_manager},
                _("For the family"),
            ],
            footer=f"Globa · {_('help plan')} · {date_format(clock.today(), 'Y-m-d')}",
            labels=_labels(),
        )
    return _pdf_response(document, f"pagalbos-planas-{case.referred_on:%Y-%m-%d}")

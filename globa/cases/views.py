"""Case pages: the list, taking a referral, the case page and its forms."""

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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.audit.exports import export_list
from globa.audit.selectors import who_has_seen
from globa.cases import permissions, selectors, services
from globa.cases.forms import (
    ActionForm,
    AdvanceForm,
    CaseChildForm,
    CaseManagerForm,
    CaseServiceForm,
    ConferenceForm,
    DoneForm,
    GoalForm,
    ReferralForm,
    TeamMemberForm,
    responsible_choices,
)
from globa.cases.models import FamilyCase, Stage, TeamMember
from globa.core.lists import Column, ListSpec
from globa.core.parts import parts_for
from globa.core.submissions import ALREADY_SAVED
from globa.core.views import (
    FormPage,
    apply_errors,
    form_page,
    is_htmx,
    request_user,
    save_once,
)
from globa.lib import clock
from globa.lib.collation import lt
from globa.organisations.models import Organisation
from globa.registry import selectors as registry_selectors
from globa.registry.models import Child
from globa.registry.selectors import ChildFilters
from globa.support import selectors as support_selectors
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service

_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}

CASES = ListSpec(
    name="cases",
    title=gettext_lazy("Cases"),
    columns=(
        Column("family", gettext_lazy("Family"), lambda c: c.family_name, text=True),
        Column(
            "stage",
            gettext_lazy("Stage"),
            lambda c: c.get_stage_display(),
            sort_value=lambda c: (_STAGE_ORDER.get(c.stage, 0), c.stage_since),
        ),
        Column("due", gettext_lazy("Next stage due"), lambda c: c.due.due_on),
        Column("actions", gettext_lazy("Open actions"), lambda c: c.open_actions, numeric=True),
        Column(
            "manager",
            gettext_lazy("Case manager"),
            lambda c: str(c.case_manager) if c.case_manager else "",
            sort_value=lambda c: (
                f"{c.case_manager.last_name} {c.case_manager.first_name}" if c.case_manager else ""
            ),
            text=True,
        ),
    ),
    filters=("q", "mine", "stage"),
)


def _case_url(case: FamilyCase) -> str:
    return reverse("cases:case", kwargs={"case_id": case.pk})


@login_required
@require_safe
def cases_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_cases(user)
    is_case_manager = scope_for(user).has_role(Role.CASE_MANAGER)
    mine = request.GET.get("mine", "1" if is_case_manager else "") == "1"
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    query = request.GET.get("q", "")[:100]
    listing = CASES.read(request.GET)
    cases = listing.sorted(
        selectors.case_list(
            user,
            today=clock.today(),
            mine=mine,
            stage=stage,
            closed=stage == Stage.CLOSURE,
            query=query,
        )
    )
    if listing.export:
        return export_list(user, listing, cases)
    context = {
        "listing": listing,
        "query": query,
        "cases": cases,
        "mine": mine,
        "stage": stage,
        "stages": Stage.choices,
        "can_open": bool(permissions.can_open_cases(user)),
    }
    return render(request, "cases/cases_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    org_ids = permissions.access_cases(user)
    organisations = Organisation.objects.filter(id__in=org_ids).order_by(*lt("name"))
    posted = request.POST.get("organisation", "")
    chosen = (
        int(posted)
        if posted.isascii() and posted.isdigit()
        else (org_ids[0] if len(org_ids) == 1 else None)
    )
    # The case managers of the chosen organisation (of all of the user's, until one is chosen).
    managers = selectors.case_managers_of(*([chosen] if chosen in org_ids else org_ids))
    form = ReferralForm(
        request.POST or None,
        organisations=organisations,
        municipalities=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            *lt("name")
        ),
        case_managers=managers,
        initial={"referred_on": clock.today(), "case_manager": user.pk},
    )

    def save(data: dict[str, Any]) -> FamilyCase:
        return services.case_open(
            by=user,
            organisation=data["organisation"],
            referral=services.Referral(
                family_name=data["family_name"],
                municipality=data["municipality"],
                referral_source=data["referral_source"],
                referred_on=data["referred_on"],
                referral_reason=data["referral_reason"],
                case_manager=data["case_manager"],
                address=data["address"],
                phone=data["phone"],
            ),
        )

    page = FormPage(
        _("Take a referral"), reverse("cases:list"), _("Cases"), done=_("The case was opened.")
    )
    return form_page(request, form, page, save, then=_case_url)


@login_required
@require_safe
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    user = request_user(request)
    case = permissions.access_case(user, case_id)
    today = clock.today()
    is_manager = scope_for(user).manages(case.organisation_id)
    context = {
        "case": case,
        **selectors.case_page(case),
        "due": selectors.stage_due(case, None, today),
        "next_stages": services.next_stages(case),
        "has_next_stage": any(s != Stage.CLOSURE for s in services.next_stages(case)),
        "can_edit": permissions.can_edit_case(user, case) and not case.is_closed,
        "is_manager": is_manager,
        # A child linked to the registry links to its record for those who read the registry.
        "sees_registry": scope_for(user).works_with_registry(case.organisation_id),
        "access_log": who_has_seen(case) if is_manager else [],
        "today": today,
        "services": selectors.services_of_case(user, case),
        # What apps built on cases show here (the family's assessments: globa.assessments).
        "parts": parts_for("case", user, case),
    }
    return render(request, "cases/case_detail.html", context)


def _case_form(
    request: HttpRequest,
    case_id: str,
    *,
    title: str,
    build: Callable[[FamilyCase, Any], BaseForm],
    save: Callable[[User, FamilyCase, dict[str, Any]], object],
    done: str,
    fields: dict[str, str] | None = None,
    reassign: bool = False,
) -> HttpResponse:
    """A form of the case page on a page of its own: build it, save through a service,
    show errors next to the fields or go back to the case. ``reassign``: the form hands the
    case to someone else, which only the organisation's managers may do."""
    user = request_user(request)
    case = permissions.access_case(user, case_id, write=not reassign, reassign=reassign)
    page = FormPage(
        title,
        _case_url(case),
        str(case),
        subtitle=f"{case.family_name} · {case.get_stage_display()}",
        done=done,
    )
    return form_page(
        request,
        build(case, request.POST or None),
        page,
        lambda data: save(user, case, data),
        fields=fields,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_advance(request: HttpRequest, case_id: str) -> HttpResponse:
    def build(case: FamilyCase, data: Any) -> BaseForm:
        stages = [s for s in services.next_stages(case) if s != Stage.CLOSURE]
        return AdvanceForm(
            data,
            stages=stages,
            initial={
                "to": stages[0] if stages else "",
                "on": clock.today(),
                "version": case.version,
            },
        )

    def save(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
        return services.case_advance(
            by=user,
            case=case,
            to=data["to"],
            on=data["on"],
            version=data["version"],
            note=data["note"],
        )

    return _case_form(
        request,
        case_id,
        title=_("Next stage"),
        build=build,
        save=save,
        done=_("The stage was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: str) -> HttpResponse:
    """Closing a case, with its outcome: a page of its own, so the outcome is asked only then."""

    def build(case: FamilyCase, data: Any) -> BaseForm:
        return AdvanceForm(
            data,
            stages=[Stage.CLOSURE],
            closing=True,
            open_actions=selectors.open_actions(case),
            initial={"to": Stage.CLOSURE, "on": clock.today(), "version": case.version},
        )

    def save(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
        return services.case_advance(
            by=user,
            case=case,
            to=Stage.CLOSURE,
            on=data["on"],
            version=data["version"],
            note=data["note"],
            outcome=data["outcome"],
            outcome_notes=data["outcome_notes"],
            close_with_open_actions=data.get("close_with_open_actions", False),
        )

    return _case_form(
        request,
        case_id,
        title=_("Close the case"),
        build=build,
        save=save,
        done=_("The case was closed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_reassign(request: HttpRequest, case_id: str) -> HttpResponse:
    def build(case: FamilyCase, data: Any) -> BaseForm:
        return CaseManagerForm(
            data,
            case_managers=selectors.case_managers_of(case.organisation_id),
            initial={"case_manager": case.case_manager_id, "version": case.version},
        )

    def save(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
        return services.case_reassign(
            by=user, case=case, case_manager=data["case_manager"], version=data["version"]
        )

    return _case_form(
        request,
        case_id,
        title=_("Case manager"),
        build=build,
        save=save,
        done=_("The case manager was changed."),
        reassign=True,
    )


def _adding(
    form_class: type[BaseForm], add: Callable[..., object], title: Any, done: Any
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A page that adds one thing to the case: the form's fields are the service's."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_id: str) -> HttpResponse:
        return _case_form(
            request,
            case_id,
            title=str(title),
            build=lambda case, data: form_class(data),
            save=lambda user, case, data: add(by=user, case=case, **data),
            done=str(done),
        )

    return view


CHILDREN_FOUND = 10


@login_required
@require_http_methods(["GET", "POST"])
def child_add(request: HttpRequest, case_id: str) -> HttpResponse:
    """A child of the family: by name, by the personal code of a child in the centre's
    registry, or (for those who read the registry) chosen from a search of it."""
    user = request_user(request)
    case = permissions.access_case(user, case_id, write=True)
    registry = None
    found: list[Child] = []
    query = ""
    if scope_for(user).works_with_registry(case.organisation_id):
        registry = registry_selectors.children_visible_to(user).filter(
            centre_id=case.organisation_id
        )
        query = request.GET.get("q", "").strip()[:100]
        if query:
            found = list(
                registry_selectors.search_children(user, ChildFilters(query=query)).filter(
                    centre_id=case.organisation_id
                )[:CHILDREN_FOUND]
            )
    page = FormPage(
        _("Add a child"),
        _case_url(case),
        str(case),
        subtitle=f"{case.family_name} · {case.get_stage_display()}",
        done=_("The child was added."),
        above="cases/_registry_search.html" if registry is not None else "",
        extra={"query": query, "found": found},
    )
    form = CaseChildForm(request.POST or None, registry=registry, found=found)
    return form_page(
        request, form, page, lambda data: services.child_add(by=user, case=case, **data)
    )


member_add = _adding(
    TeamMemberForm,
    services.team_member_add,
    gettext_lazy("Add to the case team"),
    gettext_lazy("The team member was added."),
)
goal_add = _adding(
    GoalForm,
    services.goal_add,
    gettext_lazy("Add a goal to the help plan"),
    gettext_lazy("The goal was added."),
)


def _responsible(case: FamilyCase) -> tuple[list[Any], dict[str, Any]]:
    """Choices for "who", and what each choice stands for."""
    team = list(case.team.all())
    staff = list(selectors.case_staff_of(case.organisation_id))
    lookup: dict[str, Any] = {f"m:{m.pk}": m for m in team}
    lookup.update({f"u:{u.pk}": u for u in staff})
    return responsible_choices(case, team, staff), lookup


def _task(
    data: dict[str, Any], lookup: dict[str, Any], prefix: str = "", **extra: Any
) -> services.Task:
    who = lookup.get(data[f"{prefix}responsible"])
    return services.Task(
        description=data[f"{prefix}description"],
        due_on=data[f"{prefix}due_on"],
        member=who if isinstance(who, TeamMember) else None,
        user=who if isinstance(who, User) else None,
        **extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, case_id: str) -> HttpResponse:
    lookup: dict[str, Any] = {}

    def build(case: FamilyCase, data: Any) -> BaseForm:
        choices, found = _responsible(case)
        lookup.update(found)
        return ActionForm(
            data,
            responsible=choices,
            goals=case.goals.filter(achieved_on__isnull=True),
            services=Service.objects.filter(valid_to__isnull=True),
            initial={"goal": request.GET.get("goal")},
        )

    def save(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
        task = _task(data, lookup, goal=data["goal"], service=data["service"])
        return services.action_add(by=user, case=case, task=task)

    return _case_form(
        request,
        case_id,
        title=_("Add an action"),
        build=build,
        save=save,
        done=_("The action was added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_add(request: HttpRequest, case_id: str) -> HttpResponse:
    lookup: dict[str, Any] = {}

    def build(case: FamilyCase, data: Any) -> BaseForm:
        choices, found = _responsible(case)
        lookup.update(found)
        return ConferenceForm(
            data,
            team=case.team.all(),
            responsible=choices,
            initial={"held_on": clock.today()},
        )

    def save(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
        tasks = [
            _task(data, lookup, prefix=f"task{n}_")
            for n in range(1, ConferenceForm.TASKS + 1)
            if data.get(f"task{n}_description")
        ]
        return services.conference_record(
            by=user,
            case=case,
            held_on=data["held_on"],
            decisions=data["decisions"],
            participants=list(data["participants"]),
            family_took_part=data["family_took_part"],
            tasks=tasks,
        )

    return _case_form(
        request,
        case_id,
        title=_("Record a case conference"),
        build=build,
        save=save,
        done=_("The conference was recorded."),
    )


def _service_form(case: FamilyCase, data: Any, action: str | None) -> CaseServiceForm:
    today = clock.today()
    services_ = support_selectors.services_provided(case.organisation_id, today)
    default = services_.filter(code="case_management").values_list("pk", flat=True).first()
    return CaseServiceForm(
        data,
        services=services_,
        actions=case.actions.filter(done_on__isnull=True, goal__isnull=False),
        initial={
            "service": default,
            "delivered_on": today,
            "minutes": 60,
            "mode": DeliveryForm.HOME_VISIT,
            "case_action": action,
        },
    )


def _save_service(user: User, case: FamilyCase, data: dict[str, Any]) -> object:
    return services.service_record(
        by=user,
        case=case,
        contact=support_services.Contact(
            service=data["service"],
            delivered_on=data["delivered_on"],
            minutes=data["minutes"],
            form=data["mode"],
            notes=data["notes"],
        ),
        action=data["case_action"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, case_id: str) -> HttpResponse:
    """Record a service to the family: in place on the case page (htmx), or as a page."""
    if is_htmx(request):
        return _service_section(request, case_id)
    return _case_form(
        request,
        case_id,
        title=_("Record a service"),
        build=lambda case, data: _service_form(case, data, request.GET.get("action")),
        save=_save_service,
        done=_("The service was recorded."),
        fields={"form": "mode"},
    )


def _service_section(request: HttpRequest, case_id: str) -> HttpResponse:
    """The case page's services section, with the form open, refreshed after saving."""
    user = request_user(request)
    case = permissions.access_case(user, case_id, write=True)
    form: CaseServiceForm | None = _service_form(case, request.POST or None, None)
    saved = ""
    if "closed" in request.GET:
        form = None
    elif request.method == "POST" and form is not None and form.is_valid():
        try:
            _url, first = save_once(
                request,
                form,
                lambda data: _save_service(user, case, data),
                lambda _delivery: _case_url(case),
            )
        except ValidationError as error:
            apply_errors(form, error, {"form": "mode"})
        else:
            saved = _("The service was recorded.") if first else str(ALREADY_SAVED)
            form = None
    context = {
        "case": case,
        "can_edit": True,
        "services": selectors.services_of_case(user, case),
        "service_form": form,
        "saved": saved,
    }
    return render(request, "cases/_services.html", context)


@login_required
@require_POST
def action_done(request: HttpRequest, case_id: str, action_id: str) -> HttpResponse:
    user = request_user(request)
    case = permissions.access_case(user, case_id)
    action = permissions.access_action(user, case, action_id, mark_done=True)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.action_done(
                by=user,
                case=case,
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
    return redirect(_case_url(case) + "#relay")

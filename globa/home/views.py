"""Start pages per role, and the error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.models import Role, User
from globa.accounts.selectors import PAGE_NOT_FOR_ROLE, NotForYourRole, ReadOnly, scope_for
from globa.audit.exports import export_list
from globa.cases import selectors as case_selectors
from globa.core.lists import Column, ListSpec
from globa.core.views import apply_errors, is_htmx, request_user
from globa.home import chronology
from globa.home import search as home_search
from globa.home import selectors as home_selectors
from globa.home.forms import ReassignForm, SearchForm
from globa.lib import clock
from globa.lib.collation import lt, lt_key
from globa.monitoring import permissions as monitoring_permissions
from globa.monitoring import selectors as monitoring_selectors
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import selectors
from globa.registry import services as registry_services
from globa.reminders import selectors as reminder_selectors
from globa.reminders.forms import TaskForm
from globa.reminders.permissions import keeps_tasks
from globa.support import selectors as support_selectors


def _coordinator_name(load: home_selectors.Caseload) -> str:
    return str(load.coordinator) if load.coordinator else str(_("No coordinator"))


CASELOADS = ListSpec(
    name="caseloads",
    title=gettext_lazy("Caseloads"),
    columns=(
        Column(
            "centre", gettext_lazy("Care centre"), lambda load: load.centre.name, in_table=False
        ),
        Column(
            "coordinator",
            gettext_lazy("Coordinator"),
            _coordinator_name,
            sort_value=lambda load: (
                f"{load.coordinator.last_name} {load.coordinator.first_name}"
                if load.coordinator
                else ""
            ),
            text=True,
        ),
        Column(
            "households", gettext_lazy("Households"), lambda load: load.households, numeric=True
        ),
        Column(
            "children",
            gettext_lazy("Children placed now"),
            lambda load: load.children,
            numeric=True,
        ),
        Column(
            "overdue", gettext_lazy("Contacts overdue"), lambda load: load.overdue, numeric=True
        ),
    ),
)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Says which refusal it is: a page not for the user's role, or a record they may only
    see (``globa.accounts.selectors``); anything else is told as the page refusal."""
    message = str(exception) if isinstance(exception, (NotForYourRole, ReadOnly)) else ""
    return render(request, "errors/403.html", {"message": message or PAGE_NOT_FOR_ROLE}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an expired session, a page kept open from
    before the last sign-in, cookies refused): said in the site's own page, which the
    Content-Security-Policy allows, and nothing saved. Django's reason is for the log only."""
    return render(request, "errors/csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def _centres_with_reviews(user: User) -> list[dict[str, object]]:
    """The manager's centres, each with its quality review actions open and overdue."""
    centres = selectors.centre_overview(user)
    counts = monitoring_selectors.action_counts([c["centre"].pk for c in centres])
    for c in centres:
        c["review_actions"] = counts.get(c["centre"].pk)
    return centres


@login_required
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The start page: what this user works on, by role."""
    user = request.user
    assert isinstance(user, User)
    scope = scope_for(user)
    today = clock.today()
    day = support_selectors.working_day(user, today) if scope.has_role(Role.COORDINATOR) else None
    context = {
        "roles": [Role(role).label for role in sorted(scope.roles)],
        "organisations": Organisation.objects.filter(id__in=scope.roles_by_org.keys()).order_by(
            *lt("name")
        ),
        "day": day,
        "centres": _centres_with_reviews(user) if scope.has_role(Role.CENTRE_MANAGER) else None,
        "cases": case_selectors.case_list(user, today=clock.today(), mine=True)
        if scope.has_role(Role.CASE_MANAGER)
        else None,
        "has_cases": bool(scope.case_org_ids),
        "reminders": reminder_selectors.current_for(user, today, day=day, shown_elsewhere=True)
        if keeps_tasks(user)
        else None,
        "task_form": TaskForm(initial={"due_on": clock.today()}),
        "has_registry": bool(scope.registry_org_ids),
        "today": clock.today(),
        "no_personal_data": not scope.registry_org_ids and not scope.case_org_ids,
        "figures": _headline_figures(user),
    }
    return render(request, "home/start.html", context)


def _headline_figures(user: User) -> monitoring_selectors.Dashboard | None:
    """A municipality officer's or national monitor's headline figures (the last month)."""
    scope = scope_for(user)
    if not (scope.has_role(Role.NATIONAL_MONITOR) or scope.has_role(Role.MUNICIPALITY_OFFICER)):
        return None
    views = [v for v in monitoring_permissions.views_for(user) if v.area.level != "centre"]
    return monitoring_selectors.headline(views[0]) if views else None


@login_required
@require_safe
def caseloads(request: HttpRequest) -> HttpResponse:
    """Every coordinator's caseload in the centres the manager leads."""
    user = request_user(request)
    registry_permissions.access_managed_centres(user)
    today = clock.today()
    listing = CASELOADS.read(request.GET)
    loads = listing.sorted(home_selectors.caseloads(user, today))
    # Still grouped by centre, in the chosen order within each.
    loads.sort(key=lambda load: lt_key(load.centre.name))
    if listing.export:
        return export_list(user, listing, loads)
    context = {
        "listing": listing,
        "loads": loads,
        "case_loads": home_selectors.case_loads(user, today),
    }
    return render(request, "home/caseloads.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def caseload(request: HttpRequest, centre_id: int, coordinator: str) -> HttpResponse:
    """One coordinator's households (or the centre's households without one), with the
    reassignment of one or many to another coordinator."""
    user = request_user(request)
    today = clock.today()
    load = _find_caseload(home_selectors.caseloads(user, today), centre_id, coordinator)
    households = {str(d.household.pk): d.household for d in load.contacts}
    others = selectors.coordinators_for(user).filter(memberships__organisation_id=load.centre.pk)
    if load.coordinator is not None:
        others = others.exclude(pk=load.coordinator.pk)
    form = ReassignForm(
        request.POST or None,
        households=[(key, h.name) for key, h in households.items()],
        coordinators=others,
    )
    if request.method == "POST" and form.is_valid():
        chosen = [households[key] for key in form.cleaned_data["households"]]
        try:
            registry_services.coordinators_reassign(
                by=user,
                households=chosen,
                coordinator=form.cleaned_data["coordinator"],
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d household was handed to %(name)s.",
                    "%(count)d households were handed to %(name)s.",
                    len(chosen),
                )
                % {"count": len(chosen), "name": form.cleaned_data["coordinator"]},
            )
            return redirect(request.path)
    return render(request, "home/caseload.html", {"load": load, "form": form, "today": today})


def _find_caseload(
    loads: list[home_selectors.Caseload], centre_id: int, coordinator: str
) -> home_selectors.Caseload:
    """The caseload in the manager's centres, or 404 (an unknown or outside coordinator)."""
    for load in loads:
        if load.centre.pk != centre_id:
            continue
        if coordinator == "none" and load.coordinator is None:
            return load
        if load.coordinator is not None and str(load.coordinator.uuid) == coordinator:
            return load
    if coordinator == "none" and any(load.centre.pk == centre_id for load in loads):
        return home_selectors.Caseload(
            next(load.centre for load in loads if load.centre.pk == centre_id), None
        )
    raise Http404


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: a short list as one types (htmx), or a page of its own
    (without JavaScript, or when the box is sent with Enter)."""
    user = request_user(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    fragment = is_htmx(request)
    groups = home_search.search(user, query, per_kind=5 if fragment else 25)
    context = {
        "form": form,
        "query": query.strip(),
        "groups": groups,
        "found": sum(len(group.hits) for group in groups),
        "searchable": home_search.searchable(user),
        "shortest": home_search.SHORTEST,
    }
    template = "home/_search_results.html" if fragment else "home/search.html"
    return render(request, template, context)


@login_required
@require_safe
def child_chronology(request: HttpRequest, child_id: str) -> HttpResponse:
    """Everything that happened in the child's care, the latest first; opening it is a view
    of the child's record."""
    user = request_user(request)
    child = registry_permissions.access_child(user, child_id)
    wanted = frozenset(k for k in request.GET.getlist("kind") if k in chronology.KINDS)
    events = chronology.child_chronology(user, child, wanted or None)
    context = {
        "child": child,
        "events": events,
        "kinds": list(chronology.KINDS.items()),
        "wanted": wanted,
    }
    return render(request, "home/chronology.html", context)


@login_required
@require_safe
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest logged-in page: the floor for the benchmark."""
    return HttpResponse("ok", content_type="text/plain")

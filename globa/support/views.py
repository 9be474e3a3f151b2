"""Recording a contact: inline on the household and child pages (htmx), or as a page.
Groups: the centre's groups, a group's members (added and removed in place with htmx) and
its sessions with the attendance checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.core.submissions import ALREADY_SAVED
from globa.core.views import (
    FormPage,
    apply_errors,
    form_page,
    is_htmx,
    request_user,
    save_once,
    uuid_or_404,
)
from globa.lib import clock
from globa.lib.dates import add_months
from globa.lib.paging import page_of
from globa.registry import permissions as registry_permissions
from globa.registry import selectors as registry_selectors
from globa.registry.models import CarerHousehold, Child
from globa.support import permissions, selectors, services
from globa.support.forms import (
    HOUSEHOLD,
    CancelVisitForm,
    ContactForm,
    GroupForm,
    GroupMemberForm,
    PlannedVisitForm,
    SessionForm,
)
from globa.support.models import DeliveryForm, Group, GroupMember, GroupSession, PlannedVisit
from globa.support.templatetags.contacts import contacts_context

Resolve = Callable[[list[str]], tuple[CarerHousehold | None, list[Child]]]


@login_required
@require_http_methods(["GET", "POST"])
def household_contact(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_household_to_record(user, household_id)
    today = clock.today()
    children = [
        placement.child
        for placement in registry_selectors.placements_active_on(household, today)
        .select_related("child")
        .order_by("child__birth_date")
    ]

    def resolve(values: list[str]) -> tuple[CarerHousehold | None, list[Child]]:
        chosen = household if HOUSEHOLD in values else None
        return chosen, [child for child in children if str(child.pk) in values]

    by_id = {str(child.pk): child for child in children}
    planned: PlannedVisit | None = None
    visit_id = request.POST.get("visit") or request.GET.get("visit")
    if visit_id:
        planned = selectors.open_visits_of(household).filter(pk=uuid_or_404(visit_id)).first()
        if planned is None and request.method == "GET":
            messages.info(
                request, _("This planned visit is no longer open: it was recorded or cancelled.")
            )

    def facts(data: dict[str, Any]) -> services.HomeVisitFacts:
        return services.HomeVisitFacts(
            safety=data.get("safety") or "",
            children_seen=[by_id[v] for v in data.get("children_seen", []) if v in by_id],
            children_seen_alone=[
                by_id[v] for v in data.get("children_seen_alone", []) if v in by_id
            ],
            safety_notes=data.get("safety_notes", ""),
            next_steps=data.get("next_steps", ""),
        )

    return _contact(
        request,
        user,
        record=household,
        recipients=[(HOUSEHOLD, household.name), *((str(c.pk), str(c)) for c in children)],
        resolve=resolve,
        section=lambda: contacts_context(user, household),
        page_url=reverse("registry:household", kwargs={"household_id": household.pk}),
        home_visit=True,
        children_seen=[(str(c.pk), str(c)) for c in children],
        planned=planned,
        visit_missing=bool(visit_id) and planned is None,
        facts=facts,
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_contact(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child_to_record(user, child_id)

    def resolve(values: list[str]) -> tuple[CarerHousehold | None, list[Child]]:
        return None, [child] if str(child.pk) in values else []

    return _contact(
        request,
        user,
        record=child,
        recipients=[(str(child.pk), str(child))],
        resolve=resolve,
        section=lambda: contacts_context(user, child),
        page_url=reverse("registry:child", kwargs={"child_id": child.pk}),
        home_visit=False,
    )


def _contact(
    request: HttpRequest,
    user: User,
    *,
    record: CarerHousehold | Child,
    recipients: list[tuple[str, str]],
    resolve: Resolve,
    section: Callable[[], dict[str, Any]],
    page_url: str,
    home_visit: bool,
    children_seen: list[tuple[str, str]] | None = None,
    planned: PlannedVisit | None = None,
    visit_missing: bool = False,
    facts: Callable[[dict[str, Any]], services.HomeVisitFacts] | None = None,
) -> HttpResponse:
    today = clock.today()
    provider_id = record.centre_id
    scope = scope_for(user)
    form = ContactForm(
        request.POST or None,
        services=selectors.services_provided(provider_id, today),
        recipients=recipients,
        role=next(iter(sorted(scope.roles_by_org.get(provider_id, frozenset()))), None),
        today=today,
        home_visit=home_visit,
        children=children_seen,
    )
    if planned is not None and not form.is_bound:
        form.initial.update({"visit": planned.pk, "mode": planned.kind})
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    saved = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household, children = resolve(data["recipients"])
        recorded: list[Any] = []
        if visit_missing:
            form.add_error(
                None, _("This planned visit is no longer open: it was recorded or cancelled.")
            )

        def save(data: dict[str, Any]) -> None:
            recorded.extend(
                services.record_contact(
                    by=user,
                    provider_id=provider_id,
                    contact=services.Contact(
                        service=data["service"],
                        delivered_on=data["delivered_on"],
                        minutes=data["minutes"],
                        form=data["mode"],
                        notes=data["notes"],
                    ),
                    household=household,
                    children=children,
                    person_name=data["person_name"],
                    today=today,
                    visit=planned,
                    home_visit=facts(data) if facts and household is not None else None,
                    confirm_same=bool(data.get("confirm_same")),
                )
            )

        try:
            if visit_missing:
                raise ValidationError({})
            # A contact sent twice (a double click, a second tab) is recorded once.
            save_once(request, form, save, lambda _saved: back or page_url)
        except ValidationError as error:
            apply_errors(form, error, {"form": "mode", "visit": NON_FIELD_ERRORS})
        else:
            saved = message = (
                ngettext(
                    "Recorded: %(service)s, for %(count)d recipient.",
                    "Recorded: %(service)s, for %(count)d recipients.",
                    len(recorded),
                )
                % {"service": data["service"].name, "count": len(recorded)}
                if recorded
                else str(ALREADY_SAVED)
            )
            if not is_htmx(request):
                if recorded:
                    messages.success(request, message)
                return redirect(back or page_url)
    context = {
        "record": record,
        "page_url": page_url,
        "back": back,
        **section(),
        "contact_form": None if saved or "closed" in request.GET else form,
        "saved": saved,
        "closed": "closed" in request.GET,
        "planned_visit": planned,
    }
    if is_htmx(request):
        return render(request, "support/_contacts.html", context)
    return render(request, "support/contact_page.html", context)


# Groups -----------------------------------------------------------------------------------

GROUPS_PAGE_SIZE = 50
SESSIONS_PAGE_SIZE = 20
# What a new group usually is, and how long a session usually lasts.
DEFAULT_GROUP_SERVICE = "mutual_help_group"
DEFAULT_SESSION_MINUTES = 90


def group_url(group: Group) -> str:
    return reverse("support:group", kwargs={"group_id": group.pk})


def session_url(session: GroupSession) -> str:
    return reverse(
        "support:session", kwargs={"group_id": session.group_id, "session_id": session.pk}
    )


@login_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_groups(user)
    scope = scope_for(user)
    with_closed = request.GET.get("closed") == "1"
    groups = selectors.groups_list(user, with_closed=with_closed)
    startable = permissions.group_centres(user)
    context = {
        "page": page_of(groups, request.GET.get("page"), GROUPS_PAGE_SIZE),
        "query": "closed=1" if with_closed else "",
        "with_closed": with_closed,
        "new_group_centres": list(registry_selectors.centres_for(user).filter(id__in=startable)),
        "several_centres": len(scope.registry_org_ids) > 1,
    }
    return render(request, "support/groups_list.html", context)


def _group_details(data: dict[str, Any]) -> services.GroupDetails:
    return services.GroupDetails(
        name=data["name"],
        service=data["service"],
        facilitator=data["facilitator"],
        description=data["description"],
        # A new group is active; the field is on the edit form only.
        is_active=data.get("is_active", True),
    )


def _facilitators(user: User, provider_id: int) -> QuerySet[User]:
    """Whom the user may name as a group's facilitator: a coordinator only themselves."""
    staff = selectors.staff_of(provider_id)
    return staff if scope_for(user).records_for_all(provider_id) else staff.filter(pk=user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = permissions.access_group_centres(user)
    wanted = request.GET.get("centre", "")
    provider_id = (
        int(wanted)
        if wanted.isascii() and wanted.isdigit() and int(wanted) in centres
        else centres[0]
    )
    today = clock.today()
    offered = selectors.group_services(provider_id, today)
    default = next((s for s in offered if s.code == DEFAULT_GROUP_SERVICE), None)
    form = GroupForm(
        request.POST or None,
        services=offered,
        staff=_facilitators(user, provider_id),
        editing=False,
        initial={"facilitator": user.pk, "service": default.pk if default else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                by=user,
                provider_id=provider_id,
                details=_group_details(form.cleaned_data),
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The group was created. Add its members."))
            return redirect(group_url(group))
    context = {
        "form": form,
        "creating": True,
        "centre": registry_selectors.centres_for(user).filter(id=provider_id).first(),
        "several_centres": len(centres) > 1,
    }
    return render(request, "support/group_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, group_id: UUID) -> HttpResponse:
    user = request_user(request)
    group = permissions.access_group(user, group_id, write=True)
    today = clock.today()
    form = GroupForm(
        request.POST or None,
        services=selectors.group_services(group.provider_id, today, keeping=group.service_id),
        staff=_facilitators(user, group.provider_id),
        editing=True,
        initial={
            "name": group.name,
            "service": group.service_id,
            "facilitator": group.facilitator_id,
            "description": group.description,
            "is_active": group.is_active,
            "version": group.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_group(
                by=user,
                group=group,
                details=_group_details(form.cleaned_data),
                version=form.cleaned_data["version"],
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(group_url(group))
    return render(request, "support/group_form.html", {"form": form, "group": group})


def _members_section(
    group: Group,
    *,
    can_run: bool,
    form: GroupMemberForm | None = None,
    saved: str = "",
) -> dict[str, Any]:
    """The members section of the group page."""
    members = selectors.group_members(group)
    return {
        "group": group,
        "can_run": can_run,
        "members": [m for m in members if m.left_on is None],
        "former_members": [m for m in members if m.left_on is not None],
        "member_form": form,
        "saved": saved,
    }


@login_required
@require_safe
def group_detail(request: HttpRequest, group_id: UUID) -> HttpResponse:
    user = request_user(request)
    group = permissions.access_group(user, group_id)
    can_run = permissions.can_run_group(user, group)
    context = {
        **_members_section(group, can_run=can_run),
        "sessions": page_of(
            selectors.group_sessions(group), request.GET.get("page"), SESSIONS_PAGE_SIZE
        ),
        "query": "",
    }
    return render(request, "support/group_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_member_add(request: HttpRequest, group_id: UUID) -> HttpResponse:
    user = request_user(request)
    group = permissions.access_group(user, group_id, write=True)
    form: GroupMemberForm | None = GroupMemberForm(
        request.POST or None, households=selectors.households_for_group(group)
    )
    saved = ""
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_group_member(
                by=user, group=group, household=data["household"], person_name=data["person_name"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            saved = _("%(name)s joined the group.") % {"name": member}
            if not is_htmx(request):
                messages.success(request, saved)
                return redirect(group_url(group))
    if is_htmx(request):
        closed = bool(saved) or "closed" in request.GET
        section = _members_section(group, can_run=True, form=None if closed else form, saved=saved)
        section["closed"] = "closed" in request.GET
        return render(request, "support/_group_members.html", section)
    return render(request, "support/group_member_form.html", {"form": form, "group": group})


@login_required
@require_POST
def group_member_remove(request: HttpRequest, group_id: UUID, member_id: UUID) -> HttpResponse:
    user = request_user(request)
    member = permissions.access_group_member(user, group_id, member_id, write=True)
    group = member.group
    level = messages.SUCCESS
    try:
        deleted = services.remove_group_member(by=user, member=member)
    except ValidationError as error:
        level, saved = messages.ERROR, " ".join(error.messages)
    else:
        saved = (
            _("%(name)s was taken off the group.")
            if deleted
            else _("%(name)s left the group; their attendance is kept.")
        ) % {"name": member}
    if is_htmx(request):
        return render(
            request,
            "support/_group_members.html",
            _members_section(group, can_run=True, saved=saved),
        )
    messages.add_message(request, level, saved)
    return redirect(group_url(group))


def _member_label(member: GroupMember) -> str:
    if member.left_on is None:
        return str(member)
    return _("%(name)s (left the group on %(day)s)") % {
        "name": member,
        "day": date_format(member.left_on, "Y-m-d"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, group_id: UUID) -> HttpResponse:
    user = request_user(request)
    group = permissions.access_group(user, group_id, write=True)
    members = [m for m in selectors.group_members(group) if m.left_on is None]
    initial = {
        "held_on": clock.today(),
        "minutes": DEFAULT_SESSION_MINUTES,
        "mode": DeliveryForm.OFFICE,
        "facilitator": group.facilitator_id,
    }
    return _session_form(request, user, group, None, members, initial)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, group_id: UUID, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = permissions.access_session(user, group_id, session_id, write=True)
    attended = selectors.session_attendees(session)
    members = [
        m for m in selectors.group_members(session.group) if m.left_on is None or m.pk in attended
    ]
    initial = {
        "held_on": session.held_on,
        "minutes": session.minutes,
        "mode": session.form,
        "facilitator": session.facilitator_id,
        "topic": session.topic,
        "notes": session.notes,
        "attended": [str(pk) for pk in attended],
        "version": session.version,
    }
    return _session_form(request, user, session.group, session, members, initial)


def _session_form(
    request: HttpRequest,
    user: User,
    group: Group,
    session: GroupSession | None,
    members: list[GroupMember],
    initial: dict[str, Any],
) -> HttpResponse:
    today = clock.today()
    form = SessionForm(
        request.POST or None,
        staff=selectors.staff_of(group.provider_id),
        members=[(str(m.pk), _member_label(m)) for m in members],
        editing=session is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {str(m.pk): m for m in members}
        details = services.SessionDetails(
            held_on=data["held_on"],
            minutes=data["minutes"],
            form=data["mode"],
            facilitator=data["facilitator"],
            topic=data["topic"],
            notes=data["notes"],
        )
        attended = [by_id[value] for value in data["attended"]]
        try:
            if session is None:
                session = services.record_session(
                    by=user, group=group, details=details, attended=attended, today=today
                )
            else:
                services.change_session(
                    by=user,
                    session=session,
                    details=details,
                    attended=attended,
                    version=data["version"],
                    today=today,
                )
        except ValidationError as error:
            apply_errors(form, error, {"form": "mode"})
        else:
            messages.success(
                request,
                ngettext(
                    "Session of %(day)s saved: %(count)d participant.",
                    "Session of %(day)s saved: %(count)d participants.",
                    len(attended),
                )
                % {"day": date_format(details.held_on, "Y-m-d"), "count": len(attended)},
            )
            return redirect(group_url(group))
    context = {"form": form, "group": group, "session": session}
    return render(request, "support/session_form.html", context)


@login_required
@require_safe
def session_detail(request: HttpRequest, group_id: UUID, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = permissions.access_session(user, group_id, session_id)
    attended = selectors.session_attendees(session)
    members = selectors.group_members(session.group)
    day = session.held_on
    context = {
        "group": session.group,
        "session": session,
        "present": [m for m in members if m.pk in attended],
        # Those who were members on the day and did not come.
        "absent": [
            m
            for m in members
            if m.pk not in attended
            and m.joined_on <= day
            and (m.left_on is None or m.left_on >= day)
        ],
        "can_run": permissions.can_run_group(user, session.group),
    }
    return render(request, "support/session_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, group_id: UUID, session_id: UUID) -> HttpResponse:
    user = request_user(request)
    session = permissions.access_session(user, group_id, session_id, write=True)
    if request.method == "GET":
        context = {
            "group": session.group,
            "session": session,
            "attended": len(selectors.session_attendees(session)),
        }
        return render(request, "support/session_delete.html", context)
    version = request.POST.get("version", "")
    try:
        services.delete_session(
            by=user,
            session=session,
            version=int(version) if version.isascii() and version.isdigit() else 0,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session_url(session))
    messages.success(
        request,
        _("The session of %(day)s was deleted, with its attendance.")
        % {"day": date_format(session.held_on, "Y-m-d")},
    )
    return redirect(group_url(session.group))


# Planned visits ---------------------------------------------------------------------------


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _day_param(value: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return default
    # Far-off dates are typing mistakes, not plans.
    return day if abs((day - default).days) <= 3660 else default


def calendar_url(view: str = "week", day: dt.date | None = None, who: str = "") -> str:
    query = {
        "view": view,
        **({"date": day.isoformat()} if day else {}),
        **({"who": who} if who else {}),
    }
    return reverse("support:visits") + "?" + urlencode(query)


@login_required
@require_safe
def visit_calendar(request: HttpRequest) -> HttpResponse:
    """The week or month of visits booked, contacts falling due, and what is overdue."""
    user = request_user(request)
    permissions.access_visits(user)
    today = clock.today()
    view = "month" if request.GET.get("view") == "month" else "week"
    day = _day_param(request.GET.get("date"), today)
    manages = bool(scope_for(user).managed_centre_ids)
    whole_centre = manages and request.GET.get("who") == "centre"
    who = "centre" if whole_centre else ""
    if view == "month":
        first = day.replace(day=1)
        following = add_months(first, 1)
        start, end = _monday(first), _monday(following - dt.timedelta(days=1)) + dt.timedelta(6)
        previous, after = add_months(first, -1), following
        title = date_format(first, "F Y")
    else:
        start = _monday(day)
        end = start + dt.timedelta(days=6)
        previous, after = start - dt.timedelta(days=7), start + dt.timedelta(days=7)
        title = _("Week of %(start)s") % {"start": date_format(start, "Y-m-d")}
    calendar = selectors.visit_calendar(
        user,
        start=start,
        end=end,
        today=today,
        whole_centre=whole_centre,
        month=day.month if view == "month" else None,
    )
    here = calendar_url(view, day, who)
    return render(
        request,
        "support/visit_calendar.html",
        {
            "calendar": calendar,
            "view": view,
            "title": title,
            "today": today,
            "manages": manages,
            "whole_centre": whole_centre,
            "here": here,
            "previous_url": calendar_url(view, previous, who),
            "next_url": calendar_url(view, after, who),
            "today_url": calendar_url(view, None, who),
            "week_url": calendar_url("week", day, who),
            "month_url": calendar_url("month", day, who),
            "mine_url": calendar_url(view, day),
            "centre_url": calendar_url(view, day, "centre"),
        },
    )


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    return back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else default


def _visit(data: dict[str, Any]) -> services.Visit:
    return services.Visit(
        planned_on=data["planned_on"],
        kind=data["kind"],
        planned_at=data.get("planned_at"),
        note=data.get("note", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_plan(request: HttpRequest) -> HttpResponse:
    """Book a visit with a household (chosen, or given by the household page)."""
    user = request_user(request)
    permissions.access_visits(user)
    households = permissions.households_to_visit(user)
    initial: dict[str, Any] = {"kind": DeliveryForm.HOME_VISIT}
    chosen = request.GET.get("household")
    if chosen:
        household = registry_permissions.access_household(user, chosen)
        initial["household"] = household.pk
    form = PlannedVisitForm(request.POST or None, households=households, initial=initial)
    back = _back(request, reverse("support:visits"))
    page = FormPage(
        title=_("Plan a visit"),
        back_url=back,
        back_label=_("Back"),
        done=_("The visit is planned."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: services.visit_plan(by=user, household=data["household"], visit=_visit(data)),
        then=lambda visit: calendar_url("week", visit.planned_on),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, visit_id: str) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit(user, visit_id, write=True)
    form = PlannedVisitForm(
        request.POST or None,
        households=None,
        editing=True,
        initial={
            "planned_on": visit.planned_on,
            "planned_at": visit.planned_at,
            "kind": visit.kind,
            "note": visit.note,
            "version": visit.version,
        },
    )
    page = FormPage(
        title=_("Change the planned visit"),
        subtitle=visit.household.name,
        back_url=_back(request, calendar_url("week", visit.planned_on)),
        back_label=_("Back"),
        done=_("The visit is changed."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: services.visit_change(
            by=user, planned=visit, version=data["version"], visit=_visit(data)
        ),
        then=lambda changed: calendar_url("week", changed.planned_on),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_cancel(request: HttpRequest, visit_id: str) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit(user, visit_id, write=True)
    form = CancelVisitForm(request.POST or None, initial={"version": visit.version})
    page = FormPage(
        title=_("Cancel the planned visit"),
        subtitle=f"{visit.household.name} · {date_format(visit.planned_on, 'Y-m-d')}",
        back_url=_back(request, calendar_url("week", visit.planned_on)),
        back_label=_("Back"),
        done=_("The visit is cancelled."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: services.visit_cancel(
            by=user, planned=visit, version=data["version"], reason=data["cancel_reason"]
        ),
    )

"""Assessment pages: the list, starting an assessment, the form one domain at a time (saved
as one goes), completing, approving or returning, amending, the result with its change over
time, and the instruments themselves (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.selectors import require_change, scope_for
from globa.assessments import charts, permissions, selectors, services
from globa.assessments.definitions import Definition, Scale
from globa.assessments.forms import (
    AmendForm,
    CompleteForm,
    DecisionForm,
    DomainForm,
    InformantForm,
    StartForm,
)
from globa.assessments.models import Assessment, SubjectKind
from globa.assessments.registry import definition_of
from globa.audit.selectors import who_has_seen
from globa.core.parts import parts_for
from globa.core.views import FormPage, apply_errors, form_page, is_htmx, request_user
from globa.lib import clock


def _url(assessment: Assessment) -> str:
    return reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk})


def _domain_url(assessment: Assessment, domain: str) -> str:
    return reverse("assessments:domain", kwargs={"assessment_id": assessment.pk, "domain": domain})


def subject_url(assessment_or_kind: Assessment | str, subject: Any = None) -> str:
    """The page of the person, family or household assessed."""
    if isinstance(assessment_or_kind, Assessment):
        kind, subject = assessment_or_kind.subject_kind, assessment_or_kind.subject
    else:
        kind = assessment_or_kind
    if kind == SubjectKind.FAMILY:
        return reverse("cases:case", kwargs={"case_id": subject.pk})
    if kind == SubjectKind.CHILD:
        return reverse("registry:child", kwargs={"child_id": subject.pk})
    if kind == SubjectKind.CARER:
        return reverse("carers:candidate", kwargs={"candidate_id": subject.pk})
    if kind == SubjectKind.HOUSEHOLD:
        return reverse("registry:household", kwargs={"household_id": subject.pk})
    return reverse("assessments:staff", kwargs={"staff_id": subject.uuid})


def profile_scale(definition: Definition) -> Scale:
    """The scale the profile's rule is drawn on."""
    rule = definition.profile_rule
    if rule.scales:
        return definition.scales[rule.scales[0]]
    counts: dict[str, int] = {}
    for item in definition.items.values():
        counts[item.scale.code] = counts.get(item.scale.code, 0) + 1
    return definition.scales[max(counts, key=lambda code: counts[code])]


# Lists and instruments ----------------------------------------------------------------------


@login_required
@require_safe
def assessments_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    permissions.access_assessments(user)
    context = {
        "drafts": selectors.my_drafts(user),
        "to_approve": selectors.to_approve(user),
        "recent": selectors.recent(user),
        "manages": bool(scope_for(user).managed_centre_ids),
        "staff": selectors.staff_to_assess(user),
    }
    return render(request, "assessments/list.html", context)


@login_required
@require_safe
def instruments(request: HttpRequest) -> HttpResponse:
    request_user(request)
    versions = list(selectors.all_versions())
    rows = [(version, definition_of(version)) for version in versions]
    return render(request, "assessments/instruments.html", {"rows": rows})


@login_required
@require_safe
def instrument(request: HttpRequest, code: str, number: int) -> HttpResponse:
    request_user(request)
    version = selectors.all_versions().filter(instrument__code=code, number=number).first()
    if version is None:
        raise Http404
    context = {"version": version, "definition": definition_of(version)}
    return render(request, "assessments/instrument.html", context)


# Starting ---------------------------------------------------------------------------------


def _start(request: HttpRequest, subject: Any, staff_org: int | None = None) -> HttpResponse:
    user = request_user(request)
    kind = permissions.kind_of(subject)
    versions = selectors.instruments_for(kind, clock.today())
    form = StartForm(
        request.POST or None,
        versions=versions,
        initial={"assessed_on": clock.today(), "timepoint": "intake"},
    )

    def save(data: dict[str, Any]) -> Assessment:
        return services.assessment_start(
            by=user,
            subject=subject,
            version=data["instrument"],
            timepoint=data["timepoint"],
            assessed_on=data["assessed_on"],
            staff_org=staff_org,
        )

    back = subject_url(kind, subject)
    page = FormPage(
        _("New assessment"),
        back,
        str(getattr(subject, "family_name", subject)),
        subtitle=str(SubjectKind(kind).label).capitalize(),
        done=_("The assessment was started; it is saved as you go."),
    )
    first = {v.pk: definition_of(v).domains[0].code for v in versions}
    return form_page(
        request,
        form,
        page,
        save,
        fields={"instrument": "instrument"},
        then=lambda a: _domain_url(a, first[a.instrument_version_id]),
    )


def _starting(kind: str) -> Any:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        (subject_id,) = kwargs.values()
        subject = permissions.access_subject(request_user(request), kind, subject_id, write=True)
        return _start(request, subject)

    return view


start_family = _starting(SubjectKind.FAMILY)
start_child = _starting(SubjectKind.CHILD)
start_carer = _starting(SubjectKind.CARER)
start_household = _starting(SubjectKind.HOUSEHOLD)


@login_required
@require_http_methods(["GET", "POST"])
def start_staff(request: HttpRequest, staff_id: str) -> HttpResponse:
    user = request_user(request)
    person, orgs = permissions.access_staff_member(user, staff_id)
    managed = [org for org in orgs if scope_for(user).manages(org)]
    require_change(bool(managed) and person.pk != user.pk)
    return _start(request, person, staff_org=managed[0])


@login_required
@require_safe
def staff_member(request: HttpRequest, staff_id: str) -> HttpResponse:
    """A staff member's assessments (and, through its part, their development plan)."""
    user = request_user(request)
    person, orgs = permissions.access_staff_member(user, staff_id)
    context = {
        "person": person,
        "assessments": selectors.of_subject(user, SubjectKind.STAFF, person),
        "can_assess": person.pk != user.pk and any(scope_for(user).manages(org) for org in orgs),
        "parts": parts_for("staff", user, person),
    }
    return render(request, "assessments/staff.html", context)


# The form -----------------------------------------------------------------------------------


def _form_context(
    assessment: Assessment, form: DomainForm, recorded: selectors.Sheet
) -> dict[str, Any]:
    definition = form.definition
    domains = selectors.progress(definition, assessment.age_band, recorded)
    codes = [d.domain.code for d in domains]
    here = codes.index(form.domain.code)
    rows = []
    values = recorded.values()
    for item in form.items:
        given = recorded.given.get(item.code)
        rows.append(
            {
                "item": item,
                "field": form[f"item_{item.code}"],
                "evidence": form[f"evidence_{item.code}"],
                "levels": [(level, item.anchor(level)) for level in item.scale.levels],
                "informants": [
                    form[f"inf_{i.pk}_{item.code}"] for i in form.informants if item.informants
                ],
                "shown": definition.shown(item, assessment.age_band, values),
                "hidden_evidence": bool(given and given.evidence_hidden),
            }
        )
    return {
        "assessment": assessment,
        "definition": definition,
        "domain": form.domain,
        "form": form,
        "rows": rows,
        "domains": domains,
        "previous": codes[here - 1] if here > 0 else "",
        "next": codes[here + 1] if here + 1 < len(codes) else "",
        "position": here + 1,
        "overall": form["overall"] if "overall" in form.fields else None,
        "subject_name": selectors.subject_name(assessment),
        "subject_url": subject_url(assessment),
    }


def _initial(form_domain: Any, recorded: selectors.Sheet, informants: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for item in form_domain.items:
        given = recorded.given.get(item.code)
        if given is None:
            continue
        initial[f"item_{item.code}"] = (
            "na" if given.not_applicable else "" if given.value is None else str(given.value)
        )
        initial[f"evidence_{item.code}"] = given.evidence
        for informant in informants:
            value = given.informants.get(informant.pk)
            initial[f"inf_{informant.pk}_{item.code}"] = "" if value is None else str(value)
    rating = recorded.ratings.get(form_domain.code)
    if rating is not None:
        initial["overall"] = "" if rating.value is None else str(rating.value)
        initial["strengths"] = rating.strengths
    return initial


def _after_saving(assessment: Assessment, definition: Definition, domain: str, go: str) -> str:
    """Where the form's own buttons lead: the previous or next domain, the same one, or the
    completion page after the last."""
    codes = list(definition.domain_of)
    here = codes.index(domain)
    if go == "previous" and here > 0:
        return _domain_url(assessment, codes[here - 1])
    if go == "next" and here + 1 < len(codes):
        return _domain_url(assessment, codes[here + 1])
    if go == "stay":
        return _domain_url(assessment, domain)
    return reverse("assessments:complete", kwargs={"assessment_id": assessment.pk})


@login_required
@require_http_methods(["GET", "POST"])
def domain_form(request: HttpRequest, assessment_id: str, domain: str) -> HttpResponse:
    """One domain of the form. A POST saves it: from the page's own button (then on to the
    next domain), or as one goes (htmx: the answer is the saving status)."""
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, write=True)
    definition = definition_of(assessment.instrument_version)
    if domain not in definition.domain_of:
        raise Http404
    section = definition.domain(domain)
    if request.method == "POST":
        # Saving as one goes is the most frequent request of all: it reads only what the
        # save needs (the informants, where the domain asks them).
        asks = any(item.informants for item in section.items)
        form = DomainForm(
            request.POST,
            definition=definition,
            domain=section,
            band=assessment.age_band,
            informants=selectors.informants_of(assessment) if asks else [],
        )
        saved_at = ""
        saved: services.Saved | None = None
        if form.is_valid():
            try:
                saved = services.domain_save(
                    by=user,
                    assessment=assessment,
                    domain=domain,
                    ratings=form.ratings(),
                    informant_ratings=form.informant_ratings(),
                    overall=form.overall(),
                    strengths=form.cleaned_data.get("strengths", ""),
                )
            except ValidationError as error:
                apply_errors(form, error, {c: f"item_{c}" for c in definition.items})
        if form.is_valid() and not form.errors:
            saved_at = time_format(localtime(clock.now()), "H:i")
            if not is_htmx(request):
                messages.success(request, _("Saved."))
                return redirect(
                    _after_saving(assessment, definition, domain, request.POST.get("go", "next"))
                )
        if is_htmx(request):
            values, answered = (
                (saved.values, saved.answered)
                if saved is not None
                else selectors.answered_values(assessment)
            )
            context = {
                "form": form,
                "saved_at": saved_at,
                "domains": selectors.progress_of(definition, assessment.age_band, values, answered),
                "assessment": assessment,
                "domain": section,
                "oob": True,
            }
            return render(request, "assessments/_saving.html", context)
        recorded = selectors.sheet(assessment, user)
    else:
        recorded = selectors.sheet(assessment, user)
        form = DomainForm(
            None,
            definition=definition,
            domain=section,
            band=assessment.age_band,
            informants=recorded.informants,
            initial=_initial(section, recorded, recorded.informants),
        )
    context = _form_context(assessment, form, recorded)
    context["informant_form"] = (
        InformantForm(definition=definition) if definition.informant_roles else None
    )
    return render(request, "assessments/domain_form.html", context)


@login_required
@require_POST
def informant_add(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, write=True)
    definition = definition_of(assessment.instrument_version)
    form = InformantForm(request.POST, definition=definition)
    back = request.POST.get("domain", "")
    if back not in definition.domain_of:
        back = definition.domains[0].code
    if form.is_valid():
        try:
            services.informant_add(
                by=user,
                assessment=assessment,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The person was added; record their ratings."))
    else:
        messages.error(request, _("Give the person's name and role."))
    return redirect(_domain_url(assessment, back) + "#informants")


# Completing, deciding, amending -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, write=True)
    recorded = selectors.sheet(assessment, user)
    result = selectors.result(assessment, recorded)
    form = CompleteForm(
        request.POST or None,
        initial={"summary": assessment.summary, "version": assessment.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_complete(
                by=user,
                assessment=assessment,
                summary=form.cleaned_data["summary"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assessment was completed and locked."))
            return redirect(_url(assessment))
    context = {
        "assessment": assessment,
        "form": form,
        "result": result,
        "domains": selectors.progress(result.definition, assessment.age_band, recorded),
        "subject_name": selectors.subject_name(assessment),
    }
    return render(request, "assessments/complete.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, decide=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to return the assessment."))
        return redirect(_url(assessment) + "#decision")
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            services.assessment_approve(
                by=user, assessment=assessment, version=data["version"], note=data["note"]
            )
            messages.success(request, _("The assessment was approved."))
        else:
            services.assessment_return(
                by=user, assessment=assessment, version=data["version"], note=data["note"]
            )
            messages.success(request, _("The assessment was returned to its assessor."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url(assessment))


@login_required
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, amend=True)
    definition = definition_of(assessment.instrument_version)
    page = FormPage(
        _("Amend the assessment"),
        _url(assessment),
        str(assessment),
        subtitle=_(
            "The completed assessment stays as it was; the amendment takes its place once completed."
        ),
        done=_("The amendment was started from the assessment's answers."),
    )
    return form_page(
        request,
        AmendForm(request.POST or None),
        page,
        lambda data: services.assessment_amend(
            by=user, assessment=assessment, reason=data["reason"]
        ),
        then=lambda a: _domain_url(a, definition.domains[0].code),
    )


@login_required
@require_POST
def discard(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id, write=True)
    back = subject_url(assessment)
    try:
        services.draft_discard(
            by=user, assessment=assessment, version=int(request.POST.get("version", "0") or 0)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url(assessment))
    messages.success(request, _("The draft was thrown away."))
    return redirect(back)


# The result ---------------------------------------------------------------------------------


def change_charts(change: selectors.Change, prefix: str = "c") -> list[dict[str, Any]]:
    scale = profile_scale(change.definition)
    found = []
    for index, domain in enumerate(change.domains):
        if all(value is None for value in domain.values):
            continue  # not asked (another age band)
        tone = domain.since_first or "same"
        found.append(
            {
                "domain": domain,
                "svg": charts.trend(
                    domain.values,
                    change.dates,
                    scale,
                    title=str(domain.domain.name),
                    chart_id=f"{prefix}{index}",
                    tone=tone,
                ),
            }
        )
    return found


@login_required
@require_safe
def assessment_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    user = request_user(request)
    assessment = permissions.access_assessment(user, assessment_id)
    recorded = selectors.sheet(assessment, user)
    result = selectors.result(assessment, recorded)
    definition = result.definition
    scale = profile_scale(definition)
    profile = charts.profile(
        [charts.Bar(str(d.domain.name), d.scores.get(definition.profile)) for d in result.domains],
        scale,
        title=_("Profile: %(rule)s by domain") % {"rule": definition.profile_rule.name},
        chart_id="profile",
    )
    change = selectors.change_over_time(assessment) if assessment.is_done else None
    is_manager = scope_for(user).manages(assessment.organisation_id)
    context = {
        "assessment": assessment,
        "result": result,
        "definition": definition,
        "profile": profile,
        "profile_rule": definition.profile_rule,
        "change": change,
        "change_charts": change_charts(change) if change else [],
        "recorded": recorded,
        "can_edit": permissions.can_edit(user, assessment),
        "can_decide": permissions.can_decide(user, assessment),
        "can_amend": permissions.can_amend(user, assessment),
        "decision_form": DecisionForm(initial={"version": assessment.version}),
        "subject_name": selectors.subject_name(assessment),
        "subject_url": subject_url(assessment),
        "first_domain": definition.domains[0].code,
        "parts": parts_for("assessment", user, assessment),
        "access_log": who_has_seen(assessment) if is_manager else [],
        "is_manager": is_manager,
    }
    return render(request, "assessments/assessment.html", context)


# The section a subject's page loads ---------------------------------------------------------


def _of(kind: str) -> Any:
    @login_required
    @require_safe
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        """The subject's assessments, their change over time and the plans: loaded into the
        subject's page (htmx), or a page of its own."""
        from globa.assessments.hooks import subject_section

        user = request_user(request)
        (subject_id,) = kwargs.values()
        subject = permissions.access_subject(user, kind, subject_id)
        context = {
            "kind": kind,
            "section": subject_section(user, kind, subject),
            "parts": parts_for(f"{kind}_assessments", user, subject),
            "name": str(getattr(subject, "family_name", "") or getattr(subject, "name", subject)),
            "back_url": subject_url(kind, subject),
        }
        template = "assessments/_section.html" if is_htmx(request) else "assessments/subject.html"
        return render(request, template, context)

    return view


of_family = _of(SubjectKind.FAMILY)
of_child = _of(SubjectKind.CHILD)
of_household = _of(SubjectKind.HOUSEHOLD)

"""A record's documents: the list, adding one, downloading (only through here, never a
public address) and removing one added by mistake."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.core.views import apply_errors, request_user
from globa.documents import permissions, selectors, services
from globa.documents.forms import DocumentForm
from globa.documents.permissions import Subject

# The URL keyword that names the record of each kind.
RECORD_KWARG = {
    "child": "child_id",
    "household": "household_id",
    "placement": "placement_id",
    "family_case": "case_id",
    "contract": "contract_id",
    "assessment": "assessment_id",
    "plan": "plan_id",
}


def record_url(subject: Subject) -> str:
    """The page of the record the documents belong to."""
    record = subject.record
    if subject.field == "child":
        return reverse("registry:child", kwargs={"child_id": record.pk})
    if subject.field == "household":
        return reverse("registry:household", kwargs={"household_id": record.pk})
    if subject.field == "placement":
        return reverse("registry:child", kwargs={"child_id": subject.shown.pk})
    if subject.field == "family_case":
        return reverse("cases:case", kwargs={"case_id": record.pk})
    if subject.field == "assessment":
        return reverse("assessments:assessment", kwargs={"assessment_id": record.pk})
    if subject.field == "plan":
        return reverse("plans:plan", kwargs={"plan_id": record.pk})
    return reverse("oncall:on_call_carer", kwargs={"household_id": subject.shown.pk})


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, field: str, **ids: str) -> HttpResponse:
    user = request_user(request)
    record_id = ids[RECORD_KWARG[field]]
    writing = request.method == "POST"
    subject = permissions.access_subject(
        user, field, record_id, write=writing, household_id=ids.get("household_id", "")
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if writing and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_add(
                by=user,
                subject=subject,
                kind=form.cleaned_data["kind"],
                dated_on=form.cleaned_data["dated_on"],
                description=form.cleaned_data["description"],
                upload=upload,
                name=upload.name or "",
                size=upload.size or 0,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(request.path)
    context = {
        "subject": subject,
        "record_url": record_url(subject),
        "documents": selectors.documents_of(user, field, subject.record),
        "form": form,
    }
    return render(request, "documents/documents.html", context)


@login_required
@require_safe
def download(request: HttpRequest, document_id: str) -> FileResponse:
    document = permissions.download(request_user(request), document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=request.GET.get("inline") != "1",
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def remove(request: HttpRequest, document_id: str) -> HttpResponse:
    user = request_user(request)
    document = permissions.access_document(user, document_id, write=True)
    back = request.POST.get("next", "")
    services.document_remove(by=user, document=document)
    messages.success(request, _("The document was removed."))
    return redirect(back if back.startswith("/") and not back.startswith("//") else "home:start")

"""The imports pages (for centre managers): the templates, uploading a file, its check with
progress, the report to download, decisions on possible duplicates, saving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.core.views import apply_errors, is_htmx, request_user
from globa.imports import layout, permissions, services
from globa.imports.forms import UploadForm
from globa.imports.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IN_PROGRESS = (
    ImportBatch.Status.WAITING,
    ImportBatch.Status.CHECKING,
    ImportBatch.Status.COMMITTING,
)


@login_required
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = permissions.access_imports(user)
    form = UploadForm(request.POST or None, request.FILES or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_upload(
                by=user,
                centre=form.cleaned_data["centre"],
                name=upload.name or "",
                content=upload.read(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("imports:detail", batch_id=batch.pk)
    context = {"form": form, "imports": permissions.imports_of(user)[:50], "sheets": layout.SHEETS}
    return render(request, "imports/imports.html", context)


@login_required
@require_safe
def template(request: HttpRequest) -> HttpResponse:
    permissions.access_imports(request_user(request))
    example = request.GET.get("example") == "1"
    name = "globa-importas-pavyzdys.xlsx" if example else "globa-importas.xlsx"
    response = HttpResponse(layout.template(example=example), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def detail(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = permissions.access_import(request_user(request), batch_id)
    context = {
        "batch": batch,
        "in_progress": batch.status in IN_PROGRESS,
        "may_commit": services.may_commit(batch),
        "errors": batch.result.get("errors", [])[:300],
        "duplicates": batch.result.get("duplicates", []),
        "general": batch.result.get("general", []),
        "counts": [
            (sheet.title, batch.result.get("counts", {}).get(sheet.key, 0))
            for sheet in layout.SHEETS
            if batch.result.get("counts", {}).get(sheet.key)
        ],
        "traced": permissions.traced(batch) if batch.status == ImportBatch.Status.COMMITTED else [],
    }
    template_name = "imports/_status.html" if is_htmx(request) else "imports/import.html"
    return render(request, template_name, context)


@login_required
@require_safe
def report(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = permissions.access_import(request_user(request), batch_id)
    response = HttpResponse(services.report_workbook(batch), content_type=XLSX)
    stem = batch.file_name.rsplit(".", 1)[0][:80] or "importas"
    response["Content-Disposition"] = f'attachment; filename="{stem}-klaidos.xlsx"'
    return response


@login_required
@require_POST
def decide(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = request_user(request)
    batch = permissions.access_import(user, batch_id)
    decisions = {
        key.removeprefix("row-"): value
        for key, value in request.POST.items()
        if key.startswith("row-") and value in services.DECISIONS
    }
    version = request.POST.get("version", "")
    try:
        services.decide(
            by=user,
            batch=batch,
            decisions=decisions,
            version=int(version) if version.isdigit() else 0,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The decisions were recorded; the file is being checked again.")
        )
    return redirect("imports:detail", batch_id=batch.pk)


@login_required
@require_POST
def commit(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = request_user(request)
    batch = permissions.access_import(user, batch_id)
    try:
        services.import_commit(by=user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", batch_id=batch.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = request_user(request)
    batch = permissions.access_import(user, batch_id)
    try:
        services.import_cancel(by=user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:list")

"""The JSON API of documents: a record's documents (their description), one document's
content (in the access log as a download, like the page's), and attaching a file (checked
as on the page: size, type by content, virus scan)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, parsers, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from globa.core.api import RecordViewSet
from globa.documents import permissions, selectors, services
from globa.documents.models import Document, Kind

# The record a document belongs to, by the name the API gives it.
SUBJECTS = {
    "child": "child",
    "household": "household",
    "placement": "placement",
    "case": "family_case",
    "assessment": "assessment",
    "plan": "plan",
}


class DocumentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    case = serializers.UUIDField(source="family_case_id", read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "organisation",
            "kind",
            "dated_on",
            "description",
            "original_name",
            "content_type",
            "size",
            "scanned",
            "added_by",
            "added_at",
            "child",
            "household",
            "placement",
            "case",
            "contract",
            "assessment",
            "plan",
        ]
        read_only_fields = fields


class DocumentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The record (one of child, household, placement, case, assessment, plan), what the
    document is, and the file."""

    child = serializers.UUIDField(required=False)
    household = serializers.UUIDField(required=False)
    placement = serializers.UUIDField(required=False)
    case = serializers.UUIDField(required=False)
    assessment = serializers.UUIDField(required=False)
    plan = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=Kind.choices)
    dated_on = serializers.DateField()
    description = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    file = serializers.FileField()


def _subject_of(data: Any) -> tuple[str, Any]:
    named = [(key, data[key]) for key in SUBJECTS if data.get(key)]
    if len(named) != 1:
        raise ValidationError(
            {
                "child": _(
                    "Name the one record the document belongs to: a child, a household, a "
                    "placement, a case, an assessment or a plan."
                )
            }
        )
    return named[0]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.UUID, description=f"The documents of this {name}")
            for name in SUBJECTS
        ]
    )
)
class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Documents of one record the caller may see: name it with ``child``, ``household``,
    ``placement``, ``case``, ``assessment`` or ``plan``."""

    resource = "documents"
    resource_label = gettext_lazy("documents")
    serializer_class = DocumentSerializer
    # For the schema only (the type of the id); documents are read through get_queryset.
    queryset = Document.objects.none()
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    ordering = ["-dated_on", "-added_at", "id"]

    def get_queryset(self) -> QuerySet[Document]:
        if self.action != "list":
            return selectors.documents_visible_to(self.user)
        key, value = _subject_of(self.request.query_params)
        try:
            record_id = uuid.UUID(str(value))
        except ValueError:
            raise Http404 from None
        subject = permissions.access_subject(self.user, SUBJECTS[key], record_id)
        return selectors.documents_of(self.user, subject.field, subject.record).order_by(
            *self.ordering
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = permissions.access_document(self.user, kwargs["pk"])
        return self.record_response(document, DocumentSerializer(document).data)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
        request=None,
    )
    @action(detail=True, methods=["get"])
    def content(self, request: Request, pk: str) -> FileResponse:
        """The file, as it was attached; the download is in the record's access log."""
        document = permissions.download(self.user, pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        request={"multipart/form-data": DocumentInputSerializer},
        responses={201: DocumentSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Attach a file to a record, checked as on the page."""
        serializer = DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key, record_id = _subject_of(data)
        subject = permissions.access_subject(self.user, SUBJECTS[key], record_id, write=True)
        upload = data["file"]
        document = services.document_add(
            by=self.user,
            subject=subject,
            kind=data["kind"],
            dated_on=data["dated_on"],
            description=data["description"],
            upload=upload,
            name=upload.name or "",
            size=upload.size or 0,
        )
        return self.record_response(document, DocumentSerializer(document).data, 201)

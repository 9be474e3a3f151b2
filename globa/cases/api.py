"""The JSON API of early-intervention cases: read them (as the case pages show them to the
organisation's case managers and managers) and move them through their stages by the same
service as the case page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from globa.cases import permissions, selectors, services
from globa.cases.models import FamilyCase, Outcome, Stage
from globa.core.api import IF_MATCH, RecordViewSet, version_to_change


class CaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = FamilyCase
        fields = [
            "id",
            "organisation",
            "municipality",
            "family_name",
            "address",
            "phone",
            "referral_source",
            "referred_on",
            "referral_reason",
            "case_manager",
            "stage",
            "stage_since",
            "outcome",
            "outcome_notes",
            "closed_on",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class AdvanceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    outcome_notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("stage", str, enum=Stage.values),
            OpenApiParameter("mine", bool, description="Only the caller's own cases"),
        ]
    )
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet):
    """Early-intervention cases of the caller's organisations."""

    resource = "cases"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = FamilyCase.objects.none()
    resource_label = gettext_lazy("early-intervention cases")
    serializer_class = CaseSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["referred_on", "stage_since", "family_name"]
    ordering = ["-referred_on", "id"]

    def get_queryset(self) -> QuerySet[FamilyCase]:
        permissions.access_cases(self.user)
        rows = selectors.cases_visible_to(self.user)
        params = self.request.query_params
        if params.get("stage") in Stage.values:
            rows = rows.filter(stage=params["stage"])
        if params.get("mine") in ("true", "1"):
            rows = rows.filter(case_manager=self.user)
        return rows

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = permissions.access_case(self.user, kwargs["pk"])
        return self.record_response(case, CaseSerializer(case).data)

    @extend_schema(request=AdvanceSerializer, responses=CaseSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        """Move the case to its next stage (or close it, with the outcome)."""
        case = permissions.access_case(self.user, pk, write=True)
        version = version_to_change(request, case)
        serializer = AdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_advance(
            by=self.user,
            case=case,
            to=data["to"],
            on=data["on"],
            version=version,
            note=data["note"],
            outcome=data.get("outcome", ""),
            outcome_notes=data["outcome_notes"],
        )
        return self.record_response(case, CaseSerializer(case).data)

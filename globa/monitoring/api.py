"""The indicators in the JSON API: their definitions, and their figures for a period and one
of the caller's areas, computed and protected exactly as the dashboard shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from globa.accounts.selectors import require_page
from globa.core.api import RecordViewSet
from globa.lib import clock
from globa.monitoring import forms, permissions, selectors
from globa.monitoring.compute import COUNTRY
from globa.monitoring.indicators import INDICATORS, STOCK, Indicator
from globa.monitoring.selectors import Cell


class DefinitionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name_lt = serializers.CharField()
    name_en = serializers.CharField()
    definition_lt = serializers.CharField()
    definition_en = serializers.CharField()
    numerator = serializers.CharField()
    denominator = serializers.CharField(allow_null=True)
    kind = serializers.ChoiceField(choices=["stock", "flow"])
    unit_lt = serializers.CharField()
    unit_en = serializers.CharField()
    breakdowns = serializers.ListField(child=serializers.CharField())
    periodicity = serializers.CharField()
    disclosure = serializers.CharField()


def _definition(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name_lt": i.name_lt,
        "name_en": i.name_en,
        "definition_lt": i.definition_lt,
        "definition_en": i.definition_en,
        "numerator": i.numerator.name,
        "denominator": i.denominator.name if i.denominator else None,
        "kind": "stock" if i.kind == STOCK else "flow",
        "unit_lt": i.unit_lt,
        "unit_en": i.unit_en,
        "breakdowns": i.breakdowns,
        "periodicity": i.periodicity,
        "disclosure": i.disclosure,
    }


class CellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    suppressed = serializers.BooleanField()


class FigureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    suppressed = serializers.BooleanField()
    previous = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    previous_suppressed = serializers.BooleanField()
    by_category = CellSerializer(many=True)
    by_place = CellSerializer(many=True)


class FiguresSerializer(serializers.Serializer):  # type: ignore[type-arg]
    area = serializers.CharField()
    level = serializers.CharField()
    exact = serializers.BooleanField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    previous_start = serializers.DateField()
    previous_end = serializers.DateField()
    threshold = serializers.IntegerField()
    made_at = serializers.DateTimeField()
    figures = FigureSerializer(many=True)


def _number(cell: Cell) -> Decimal | None:
    if cell.hidden or cell.value is None:
        return None
    return Decimal(cell.value)


def _cell(label: str, cell: Cell) -> dict[str, Any]:
    return {"name": label, "value": _number(cell), "suppressed": cell.hidden}


class IndicatorViewSet(RecordViewSet):
    """The monitoring indicators: definitions, and figures for one of the caller's areas."""

    resource = "indicators"
    resource_label = gettext_lazy("monitoring indicators")
    serializer_class = DefinitionSerializer
    pagination_class = None

    @extend_schema(responses=DefinitionSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(DefinitionSerializer([_definition(i) for i in INDICATORS], many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=["centre", "municipality", "country"]),
            OpenApiParameter("area", int, description="The centre's or municipality's id"),
            OpenApiParameter("county", int, description="Nationally: one county's municipalities"),
            OpenApiParameter("period", str, enum=["month", "quarter", "year", "custom"]),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
            OpenApiParameter("month", int),
            OpenApiParameter("start", str, description="ISO date, a custom period's first day"),
            OpenApiParameter("end", str, description="ISO date, a custom period's last day"),
        ],
        responses=FiguresSerializer,
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Every indicator for the period (this year so far when none is given) in one of the
        caller's areas (their own first when none is given), exact or under disclosure
        control as on the dashboard."""
        user = self.user
        params = request.query_params
        require_page(permissions.may_monitor(user))
        views = permissions.views_for(user)
        if not views:
            raise NotFound
        level = params.get("level") or views[0].area.level
        try:
            area_id = int(params["area"]) if params.get("area") else views[0].area.id
        except ValueError as error:
            raise NotFound from error
        if level == COUNTRY:
            area_id = None
        view = permissions.access_view(user, level, area_id, params.get("county", ""))
        form, period = forms.period_from(
            params, clock.today(), counties=level == COUNTRY, exact=view.exact
        )
        if params and not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        board = selectors.dashboard(view, period, with_charts=False)
        places = board.shown_places
        data = {
            "area": selectors.area_title(view),
            "level": view.area.level,
            "exact": view.exact,
            "period_start": board.period.start,
            "period_end": board.period.end,
            "previous_start": board.previous.start,
            "previous_end": board.previous.end,
            "threshold": board.threshold,
            "made_at": board.made_at,
            "figures": [
                {
                    "code": f.indicator.code,
                    "name": f.indicator.name,
                    "unit": f.indicator.unit,
                    "value": _number(f.total),
                    "suppressed": f.total.hidden,
                    "previous": _number(f.previous),
                    "previous_suppressed": f.previous.hidden,
                    "by_category": [_cell(label, cell) for label, cell, _before in f.category_rows]
                    if len(f.columns) > 1
                    else [],
                    "by_place": [
                        _cell(p.name, f.by_place[p.id]) for p in places if p.id in f.by_place
                    ]
                    if view.by is not None
                    else [],
                }
                for f in board.figures
            ],
        }
        return Response(FiguresSerializer(data).data)

"""The JSON API of on-call care: what each on-call carer of a centre can take on a day,
computed as the network page computes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from globa.core.api import RecordViewSet
from globa.lib import clock
from globa.oncall import availability
from globa.registry.permissions import access_centre


class AvailabilitySerializer(serializers.Serializer):  # type: ignore[type-arg]
    household_id = serializers.UUIDField()
    name = serializers.CharField()
    centre_id = serializers.IntegerField()
    municipality_id = serializers.IntegerField()
    contract_id = serializers.UUIDField(allow_null=True)
    contract_ends_on = serializers.DateField(allow_null=True)
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    accepts_disability = serializers.BooleanField()
    accepts_siblings = serializers.BooleanField()
    around_the_clock = serializers.BooleanField()
    respite_until = serializers.DateField(allow_null=True)
    placed = serializers.IntegerField()
    places = serializers.IntegerField()
    free = serializers.IntegerField()
    status = serializers.ChoiceField(choices=availability.Status.choices)


class OnCallViewSet(RecordViewSet):
    """On-call availability of a centre's carers."""

    resource = "on_call"
    resource_label = gettext_lazy("on-call availability")
    serializer_class = AvailabilitySerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("centre", int, description="One of the caller's care centres"),
            OpenApiParameter("day", str, description="ISO date; today when left out"),
        ],
        responses=AvailabilitySerializer(many=True),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        centre = access_centre(self.user, request.query_params.get("centre", ""))
        raw = request.query_params.get("day", "")
        day = serializers.DateField().to_internal_value(raw) if raw else clock.today()
        if not isinstance(day, dt.date):
            day = clock.today()
        rows = availability.on_call_carers(day, centre_ids=[centre.pk])
        return Response(AvailabilitySerializer([row._asdict() for row in rows], many=True).data)

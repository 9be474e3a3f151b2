"""The registry's JSON API: children and their relatives, carer households with their adults
and own children, coordinator assignments and placements (started and ended by the same
services and rules as the pages).

Every view obtains its record through the access functions of ``registry.permissions``
(an outsider's id is 404, a read-only role's change 403, a record shown is in the access
log) and changes it through ``registry.services``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from globa.accounts.models import User
from globa.core.api import IF_MATCH, RecordViewSet, version_to_change
from globa.organisations.models import Organisation
from globa.registry import permissions, selectors, services
from globa.registry.models import (
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    EndReason,
    HouseholdAdult,
    HouseholdKind,
    HouseholdOwnChild,
    Placement,
    Relative,
    Sex,
)

# Serializers -------------------------------------------------------------------------------


class ChildSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Child
        fields = [
            "id",
            "centre",
            "municipality",
            "first_name",
            "last_name",
            "sex",
            "birth_date",
            "personal_code",
            "other_identifier",
            "other_identifier_country",
            "legal_status",
            "status",
            "has_disability",
            "special_needs",
            "languages",
            "sibling_group",
            "support_extended_until",
            "support_extension_decision",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)


class ChildInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a caller sends to register or change a child (a change sends only what changes,
    with the version it read)."""

    centre = serializers.IntegerField(
        required=False, help_text="The centre registering the child, when the caller has several."
    )
    municipality = serializers.PrimaryKeyRelatedField(queryset=_municipalities())
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    personal_code = serializers.CharField(
        max_length=11, required=False, allow_blank=True, allow_null=True
    )
    other_identifier = serializers.CharField(max_length=60, required=False, allow_blank=True)
    other_identifier_country = serializers.CharField(
        max_length=60, required=False, allow_blank=True
    )
    legal_status = serializers.ChoiceField(choices=Child.LegalStatus.choices)
    status = serializers.ChoiceField(choices=Child.Status.choices, required=False)
    has_disability = serializers.BooleanField(required=False)
    special_needs = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=20
    )
    sibling_group = serializers.UUIDField(required=False, allow_null=True)
    support_extended_until = serializers.DateField(required=False, allow_null=True)
    support_extension_decision = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    confirm_not_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Register even though a child with the same name and birth date exists.",
    )
    version = serializers.IntegerField(required=False, help_text="The version read (or If-Match).")


class RelativeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Relative
        fields = [
            "id",
            "child",
            "first_name",
            "last_name",
            "relation",
            "contact_arrangement",
            "phone",
            "notes",
        ]
        read_only_fields = ["id", "child"]


class HouseholdSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CarerHousehold
        fields = [
            "id",
            "centre",
            "municipality",
            "name",
            "kind",
            "status",
            "address",
            "languages",
            "accepts_age_min",
            "accepts_age_max",
            "accepts_siblings",
            "accepts_disability",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class HouseholdInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    centre = serializers.IntegerField(required=False)
    coordinator = serializers.IntegerField(
        required=False, help_text="The coordinator who supports a new household (its id)."
    )
    municipality = serializers.PrimaryKeyRelatedField(queryset=_municipalities())
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=HouseholdKind.choices)
    status = serializers.ChoiceField(choices=CarerHousehold.Status.choices, required=False)
    address = serializers.CharField(max_length=300)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=20
    )
    accepts_age_min = serializers.IntegerField(min_value=0, max_value=21, required=False)
    accepts_age_max = serializers.IntegerField(min_value=0, max_value=21, required=False)
    accepts_siblings = serializers.BooleanField(required=False)
    accepts_disability = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


class AdultSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = HouseholdAdult
        fields = [
            "id",
            "household",
            "first_name",
            "last_name",
            "birth_date",
            "personal_code",
            "phone",
            "email",
            "is_related_to_child",
        ]
        read_only_fields = ["id", "household"]


class OwnChildSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = HouseholdOwnChild
        fields = ["id", "household", "first_name", "birth_date", "lives_in_household"]
        read_only_fields = ["id", "household"]


class AssignmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CoordinatorAssignment
        fields = [
            "id",
            "household",
            "coordinator",
            "started_on",
            "ended_on",
            "assigned_by",
            "reason",
        ]
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    household = serializers.UUIDField()
    coordinator = serializers.IntegerField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PlacementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "child",
            "centre",
            "household",
            "institution",
            "kind",
            "started_on",
            "ended_on",
            "end_reason",
            "is_emergency",
            "notes",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class PlacementStartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    child = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Placement.Kind.choices)
    started_on = serializers.DateField()
    household = serializers.UUIDField(required=False, allow_null=True)
    institution = serializers.IntegerField(required=False, allow_null=True)
    is_emergency = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementEndSerializer(serializers.Serializer):  # type: ignore[type-arg]
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=EndReason.choices)
    version = serializers.IntegerField(required=False)


class PlacementEndedSerializer(PlacementSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(PlacementSerializer.Meta):
        fields = [*PlacementSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


# Helpers ---------------------------------------------------------------------------------


def _centre_for_new(user: User, wanted: int | None, centres: QuerySet[Organisation]) -> Any:
    """The centre a new record is registered in: the one named, or the caller's only one."""
    if wanted is not None:
        centre = centres.filter(pk=wanted).first()
        if centre is None:
            raise ValidationError({"centre": _("Choose a centre where you may register records.")})
        return centre
    if centres.count() != 1:
        raise ValidationError({"centre": _("Say which of your centres registers the record.")})
    return centres.first()


def _input(serializer_class: type[serializers.Serializer], request: Request, **kw: Any) -> Any:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data, **kw)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _sibling_group(user: User, centre_id: int, value: Any) -> Any:
    if value is None:
        return None
    group = selectors.sibling_groups_visible_to(user, [centre_id]).filter(pk=value).first()
    if group is None:
        raise ValidationError(
            {"sibling_group": _("Choose a sibling group of the child's own centre.")}
        )
    return group


# Children --------------------------------------------------------------------------------

CHILD_FILTERS = [
    OpenApiParameter("q", str, description="Name (ignoring diacritics, tolerating typos) or code"),
    OpenApiParameter("status", str, enum=Child.Status.values),
    OpenApiParameter("municipality", int),
    OpenApiParameter("updated_since", str, description="ISO date-time: changed since then"),
]


@extend_schema_view(
    list=extend_schema(parameters=CHILD_FILTERS),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class ChildViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RecordViewSet,
):
    """Children in the registry of the caller's centres."""

    resource = "children"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = Child.objects.none()
    resource_label = gettext_lazy("children")
    serializer_class = ChildSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["last_name", "first_name", "birth_date", "updated_at", "created_at"]
    ordering = ["last_name", "first_name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Child]:
        permissions.access_registry(self.user)
        params = self.request.query_params
        municipality = params.get("municipality", "")
        children = selectors.search_children(
            self.user,
            selectors.ChildFilters(
                query=params.get("q", ""),
                status=params.get("status", "") if params.get("status") in Child.Status else "",
                municipality=int(municipality) if municipality.isdigit() else None,
            ),
        )
        since = params.get("updated_since", "")
        if since:
            parsed = serializers.DateTimeField().to_internal_value(since)
            children = children.filter(updated_at__gte=parsed)
        return children

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = permissions.access_child(self.user, kwargs["pk"])
        return self.record_response(child, ChildSerializer(child).data)

    @extend_schema(request=ChildInputSerializer, responses={201: ChildSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        centres = permissions.access_registering_centres(self.user)
        data = dict(_input(ChildInputSerializer, request))
        centre = _centre_for_new(self.user, data.pop("centre", None), centres)
        data["sibling_group"] = _sibling_group(self.user, centre.pk, data.get("sibling_group"))
        duplicates = list(
            selectors.likely_duplicates(
                self.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
            ).values_list("pk", flat=True)
        )
        if duplicates and not data.pop("confirm_not_duplicate", False):
            raise ValidationError(
                {
                    "confirm_not_duplicate": _(
                        "A child with the same name and birth date is already registered "
                        "(%(ids)s). Send confirm_not_duplicate if this is a different child."
                    )
                    % {"ids": ", ".join(str(pk) for pk in duplicates)}
                }
            )
        child = services.child_create(by=self.user, centre=centre, data=data)
        return self.record_response(child, ChildSerializer(child).data, 201)

    @extend_schema(request=ChildInputSerializer, responses=ChildSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = permissions.access_child(self.user, kwargs["pk"], write=True)
        version = version_to_change(request, child)
        given = dict(_input(ChildInputSerializer, request, partial=True))
        data = {key: getattr(child, key) for key in services.CHILD_FIELDS}
        data.update({k: v for k, v in given.items() if k in services.CHILD_FIELDS})
        if "sibling_group" in given:
            data["sibling_group"] = _sibling_group(
                self.user, child.centre_id, given["sibling_group"]
            )
        services.child_update(by=self.user, child=child, version=version, data=data)
        return self.record_response(child, ChildSerializer(child).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(responses=RelativeSerializer(many=True), request=None)
    @action(detail=True, methods=["get"], url_path="relatives")
    def relatives(self, request: Request, pk: str) -> Response:
        """The child's relatives (birth family and others), with the contact arranged."""
        child = permissions.access_child(self.user, pk)
        return Response(RelativeSerializer(child.relatives.all(), many=True).data)

    @extend_schema(request=RelativeSerializer, responses={201: RelativeSerializer})
    @relatives.mapping.post
    def add_relative(self, request: Request, pk: str) -> Response:
        child = permissions.access_child(self.user, pk, write=True)
        data = _input(RelativeSerializer, request)
        relative = services.relative_add(by=self.user, child=child, data=dict(data))
        return Response(RelativeSerializer(relative).data, status=201)

    @extend_schema(responses=PlacementSerializer(many=True), request=None)
    @action(detail=True, methods=["get"])
    def placements(self, request: Request, pk: str) -> Response:
        """Where the child has lived, the latest first."""
        child = permissions.access_child(self.user, pk)
        return Response(PlacementSerializer(selectors.child_timeline(child), many=True).data)


# Households ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("kind", str, enum=HouseholdKind.values),
            OpenApiParameter("status", str, enum=CarerHousehold.Status.values),
        ]
    ),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RecordViewSet,
):
    """Carer households of the caller's centres, their adults and own children."""

    resource = "households"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = CarerHousehold.objects.none()
    resource_label = gettext_lazy("carer households")
    serializer_class = HouseholdSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[CarerHousehold]:
        permissions.access_registry(self.user)
        params = self.request.query_params
        return selectors.households_list(
            self.user,
            query=params.get("q", ""),
            kind=params.get("kind", "") if params.get("kind") in HouseholdKind.values else "",
            status=params.get("status", "")
            if params.get("status") in CarerHousehold.Status
            else "",
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        household = permissions.access_household(self.user, kwargs["pk"])
        return self.record_response(household, HouseholdSerializer(household).data)

    @extend_schema(request=HouseholdInputSerializer, responses={201: HouseholdSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        centres = permissions.access_managed_centres(self.user)
        data = dict(_input(HouseholdInputSerializer, request))
        centre = _centre_for_new(self.user, data.pop("centre", None), centres)
        coordinator = (
            selectors.coordinators_for(self.user).filter(pk=data.pop("coordinator", None)).first()
        )
        if coordinator is None:
            raise ValidationError({"coordinator": _("Choose a coordinator of this centre.")})
        household = services.household_create(
            by=self.user, centre=centre, coordinator=coordinator, data=data
        )
        return self.record_response(household, HouseholdSerializer(household).data, 201)

    @extend_schema(request=HouseholdInputSerializer, responses=HouseholdSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        household = permissions.access_household(self.user, kwargs["pk"], write=True)
        version = version_to_change(request, household)
        given = dict(_input(HouseholdInputSerializer, request, partial=True))
        data = {key: getattr(household, key) for key in services.HOUSEHOLD_FIELDS}
        data.update({k: v for k, v in given.items() if k in services.HOUSEHOLD_FIELDS})
        services.household_update(by=self.user, household=household, version=version, data=data)
        return self.record_response(household, HouseholdSerializer(household).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(responses=AdultSerializer(many=True), request=None)
    @action(detail=True, methods=["get"])
    def adults(self, request: Request, pk: str) -> Response:
        household = permissions.access_household(self.user, pk)
        return Response(AdultSerializer(household.adults.all(), many=True).data)

    @extend_schema(request=AdultSerializer, responses={201: AdultSerializer})
    @adults.mapping.post
    def add_adult(self, request: Request, pk: str) -> Response:
        household = permissions.access_household(self.user, pk, write=True)
        data = dict(_input(AdultSerializer, request))
        adult = services.household_adult_add(by=self.user, household=household, data=data)
        return Response(AdultSerializer(adult).data, status=201)

    @extend_schema(responses=OwnChildSerializer(many=True), request=None)
    @action(detail=True, methods=["get"], url_path="own-children")
    def own_children(self, request: Request, pk: str) -> Response:
        household = permissions.access_household(self.user, pk)
        return Response(OwnChildSerializer(household.own_children.all(), many=True).data)

    @extend_schema(request=OwnChildSerializer, responses={201: OwnChildSerializer})
    @own_children.mapping.post
    def add_own_child(self, request: Request, pk: str) -> Response:
        household = permissions.access_household(self.user, pk, write=True)
        data = dict(_input(OwnChildSerializer, request))
        own = services.household_own_child_add(by=self.user, household=household, data=data)
        return Response(OwnChildSerializer(own).data, status=201)


# Coordinator assignments -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("household", str),
            OpenApiParameter("current", bool, description="Only assignments not ended"),
        ]
    )
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, RecordViewSet):
    """Who coordinates which household, and since when; a new assignment ends the current."""

    resource = "assignments"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = CoordinatorAssignment.objects.none()
    resource_label = gettext_lazy("coordinator assignments")
    serializer_class = AssignmentSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["started_on", "ended_on"]
    ordering = ["-started_on", "id"]

    def get_queryset(self) -> QuerySet[CoordinatorAssignment]:
        permissions.access_registry(self.user)
        rows = CoordinatorAssignment.objects.filter(
            household__in=selectors.households_visible_to(self.user)
        )
        params = self.request.query_params
        household = params.get("household", "")
        if household:
            rows = rows.filter(household_id=_uuid_or_none(household))
        if params.get("current") in ("true", "1"):
            rows = rows.filter(ended_on__isnull=True)
        return rows

    @extend_schema(request=AssignmentInputSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _input(AssignmentInputSerializer, request)
        household = permissions.access_household(self.user, data["household"], manage=True)
        coordinator = selectors.coordinators_for(self.user).filter(pk=data["coordinator"]).first()
        if coordinator is None:
            raise ValidationError({"coordinator": _("Choose a coordinator of this centre.")})
        assignment = services.coordinator_assign(
            by=self.user,
            household=household,
            coordinator=coordinator,
            reason=data.get("reason", ""),
        )
        return Response(AssignmentSerializer(assignment).data, status=201)


def _uuid_or_none(value: str) -> Any:
    """The id from a query; one that is not an id matches nothing (None would match every
    row without that record, such as a placement in an institution)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.UUID(int=0)


# Placements ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("child", str),
            OpenApiParameter("household", str),
            OpenApiParameter("current", bool, description="Only placements not ended"),
        ]
    )
)
class PlacementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Placements: started (POST) and ended (``end``) by the same rules as the pages:
    capacity, no overlap, who may place with which household."""

    resource = "placements"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = Placement.objects.none()
    resource_label = gettext_lazy("placements")
    serializer_class = PlacementSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["started_on", "ended_on", "created_at"]
    ordering = ["-started_on", "id"]

    def get_queryset(self) -> QuerySet[Placement]:
        permissions.access_registry(self.user)
        rows = selectors.placements_visible_to(self.user)
        params = self.request.query_params
        for key in ("child", "household"):
            if params.get(key):
                rows = rows.filter(**{f"{key}_id": _uuid_or_none(params[key])})
        if params.get("current") in ("true", "1"):
            rows = rows.filter(ended_on__isnull=True)
        return rows

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        placement = permissions.access_placement(self.user, kwargs["pk"])
        return self.record_response(placement, PlacementSerializer(placement).data)

    @extend_schema(request=PlacementStartSerializer, responses={201: PlacementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a placement."""
        data = _input(PlacementStartSerializer, request)
        child = permissions.access_child(self.user, data["child"], write=True)
        household = None
        if data.get("household"):
            household = (
                selectors.households_to_place_with(self.user, child)
                .filter(pk=data["household"])
                .first()
                or selectors.households_visible_to(self.user).filter(pk=data["household"]).first()
            )
            if household is None:
                raise ValidationError(
                    {"household": _("Choose a household of the child's own centre.")}
                )
        institution = None
        if data.get("institution") is not None:
            institution = (
                selectors.institutions_for(self.user).filter(pk=data["institution"]).first()
            )
            if institution is None:
                raise ValidationError({"institution": _("Choose an institution.")})
        placement = services.placement_start(
            by=self.user,
            child=child,
            kind=data["kind"],
            started_on=data["started_on"],
            household=household,
            institution=institution,
            is_emergency=data["is_emergency"],
            notes=data["notes"],
        )
        return self.record_response(placement, PlacementSerializer(placement).data, 201)

    @extend_schema(
        request=PlacementEndSerializer,
        responses=PlacementEndedSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """End a placement; ``warnings`` name a rule it went past (kept as recorded)."""
        placement = permissions.access_placement(self.user, pk, write=True)
        version = version_to_change(request, placement)
        data = _input(PlacementEndSerializer, request)
        warnings = services.placement_end(
            by=self.user,
            placement=placement,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            version=version,
        )
        body = dict(PlacementSerializer(placement).data)
        body["warnings"] = warnings
        return self.record_response(placement, body)

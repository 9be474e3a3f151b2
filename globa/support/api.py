"""The JSON API of the help given: service deliveries (read, and recorded as a contact by
the same service as the pages' quick entry) and group sessions with their attendance.

Notes a caller may not read (a psychological consultation's, for anyone but its author and
the specialists) are never sent: the deliveries are read through
``selectors.deliveries_visible_to``, which masks them in the database.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from globa.accounts.selectors import require_page, scope_for
from globa.core.api import RecordViewSet
from globa.lib import clock
from globa.registry import permissions as registry_permissions
from globa.support import permissions, selectors, services
from globa.support.models import GROUP_FORMS, Delivery, DeliveryForm, GroupSession


class DeliverySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    service: serializers.Field = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[type-arg]
    notes = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "contact",
            "provider",
            "service",
            "delivered_on",
            "minutes",
            "form",
            "given_by",
            "child",
            "household",
            "person_name",
            "family_case",
            "session",
            "notes",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_notes(self, delivery: Any) -> str | None:
        """The note, or null where the caller may not read it."""
        return getattr(delivery, "shown_notes", None)


class ContactInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One contact: a service given on a day to one or several recipients of one centre."""

    service = serializers.SlugField(help_text="The service's code in the catalogue.")
    delivered_on = serializers.DateField()
    minutes = serializers.IntegerField(min_value=1, max_value=720)
    form = serializers.ChoiceField(choices=DeliveryForm.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    household = serializers.UUIDField(required=False, allow_null=True)
    children = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=20)
    person_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    provider = serializers.IntegerField(
        required=False, help_text="For a person not in the registry: the organisation giving it."
    )


def _uuid(value: str) -> Any:
    """The id from a query; one that is not an id matches nothing (None would match every
    row without that record)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.UUID(int=0)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("child", str),
            OpenApiParameter("household", str),
            OpenApiParameter("service", str, description="Service code"),
            OpenApiParameter("since", str, description="ISO date, inclusive"),
            OpenApiParameter("until", str, description="ISO date, inclusive"),
        ]
    )
)
class DeliveryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Services delivered by the caller's organisations."""

    resource = "deliveries"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = Delivery.objects.none()
    resource_label = gettext_lazy("service deliveries")
    serializer_class = DeliverySerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["delivered_on", "recorded_at"]
    ordering = ["-delivered_on", "-recorded_at", "id"]

    def get_queryset(self) -> QuerySet[Delivery]:
        scope = scope_for(self.user)
        require_page(bool(scope.registry_org_ids or scope.case_org_ids))
        rows = selectors.deliveries_visible_to(self.user).select_related("service")
        params = self.request.query_params
        for key in ("child", "household"):
            if params.get(key):
                rows = rows.filter(**{f"{key}_id": _uuid(params[key])})
        if params.get("service"):
            rows = rows.filter(service__code=params["service"])
        for key, lookup in (("since", "gte"), ("until", "lte")):
            if params.get(key):
                day = serializers.DateField().to_internal_value(params[key])
                rows = rows.filter(**{f"delivered_on__{lookup}": day})
        return rows

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        delivery = self.get_queryset().filter(pk=_uuid(str(kwargs["pk"]))).first()
        if delivery is None:
            raise Http404
        return Response(DeliverySerializer(delivery).data)

    @extend_schema(request=ContactInputSerializer, responses={201: DeliverySerializer(many=True)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record one contact: one delivery per recipient, all or none."""
        serializer = ContactInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        household = None
        if data.get("household"):
            household = permissions.access_household_to_record(self.user, data["household"])
        children = [
            permissions.access_child_to_record(self.user, child_id)
            for child_id in dict.fromkeys(data.get("children") or [])
        ]
        centres = [household.centre_id] if household else []
        centres += [child.centre_id for child in children]
        if centres:
            provider_id = centres[0]
        elif data.get("provider") in scope_for(self.user).registry_org_ids:
            provider_id = data["provider"]
        else:
            registry_permissions.access_registry(self.user)
            raise ValidationError(
                {"provider": _("Say which of your organisations gave the service.")}
            )
        service = selectors.services_provided(provider_id, data["delivered_on"]).filter(
            code=data["service"]
        ).first() or _service_or_error(data["service"])
        deliveries = services.record_contact(
            by=self.user,
            provider_id=provider_id,
            contact=services.Contact(
                service=service,
                delivered_on=data["delivered_on"],
                minutes=data["minutes"],
                form=data["form"],
                notes=data["notes"],
            ),
            household=household,
            children=children,
            person_name=data["person_name"],
        )
        shown = self.get_queryset().filter(pk__in=[d.pk for d in deliveries])
        return Response(DeliverySerializer(shown, many=True).data, status=201)


def _service_or_error(code: str) -> Any:
    from globa.support.models import Service

    service = Service.objects.filter(code=code).first()
    if service is None:
        raise ValidationError({"service": _("No service of the catalogue has this code.")})
    return service


# Group sessions ----------------------------------------------------------------------------


class GroupSessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    attended = serializers.SerializerMethodField()

    class Meta:
        model = GroupSession
        fields = [
            "id",
            "group",
            "provider",
            "held_on",
            "minutes",
            "form",
            "topic",
            "notes",
            "facilitator",
            "attended",
            "version",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_attended(self, session: GroupSession) -> list[str]:
        """The group members who came (their ids)."""
        return sorted(str(pk) for pk in selectors.session_attendees(session))


GROUP_FORM_CHOICES = [(form.value, form.label) for form in GROUP_FORMS]


class SessionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    group = serializers.UUIDField()
    held_on = serializers.DateField()
    minutes = serializers.IntegerField(min_value=1, max_value=720)
    form = serializers.ChoiceField(choices=GROUP_FORM_CHOICES)
    facilitator = serializers.IntegerField(required=False)
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    attended = serializers.ListField(child=serializers.UUIDField(), max_length=200)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("group", str)]))
class GroupSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Sessions of the groups the caller's organisations run, with who attended."""

    resource = "group_sessions"
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = GroupSession.objects.none()
    resource_label = gettext_lazy("group sessions")
    serializer_class = GroupSessionSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["held_on", "recorded_at"]
    ordering = ["-held_on", "-recorded_at", "id"]

    def get_queryset(self) -> QuerySet[GroupSession]:
        permissions.access_groups(self.user)
        rows = GroupSession.objects.filter(group__in=selectors.groups_visible_to(self.user))
        if self.request.query_params.get("group"):
            rows = rows.filter(group_id=_uuid(self.request.query_params["group"]))
        return rows

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_queryset().filter(pk=_uuid(str(kwargs["pk"]))).first()
        if session is None:
            raise Http404
        session = permissions.access_session(self.user, session.group_id, session.pk)
        return self.record_response(session, GroupSessionSerializer(session).data)

    @extend_schema(request=SessionInputSerializer, responses={201: GroupSessionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a session and one delivery of the group's service per member who came."""
        serializer = SessionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = permissions.access_group(self.user, data["group"], write=True)
        facilitator = (
            selectors.staff_of(group.provider_id)
            .filter(pk=data.get("facilitator", group.facilitator_id))
            .first()
        )
        if facilitator is None:
            raise ValidationError(
                {"facilitator": _("Choose a facilitator who works at your organisation.")}
            )
        members = list(group.members.filter(pk__in=data["attended"]))
        if len(members) != len(set(data["attended"])):
            raise ValidationError({"attended": _("Name members of this group only.")})
        session = services.record_session(
            by=self.user,
            group=group,
            details=services.SessionDetails(
                held_on=data["held_on"],
                minutes=data["minutes"],
                form=data["form"],
                facilitator=facilitator,
                topic=data["topic"],
                notes=data["notes"],
            ),
            attended=members,
            today=clock.today(),
        )
        return self.record_response(session, GroupSessionSerializer(session).data, 201)

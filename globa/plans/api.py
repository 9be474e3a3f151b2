"""The JSON API of plans: a child's individual service plans and a staff member's development
plans, with their goals, actions and reviews; starting a plan, adding goals and actions,
marking an action done, recording a review and closing the plan, each by the service the
plan pages run.

Every view obtains the plan through ``permissions.access_plan`` (an outsider's id is 404, a
change by someone who only sees it 403, the view in the access log); lists come from
``permissions.plans_visible_to``, the same condition as a single plan's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.assessments import permissions as assessment_permissions
from globa.core.api import IF_MATCH, RecordViewSet, version_to_change
from globa.lib import clock
from globa.organisations.models import Organisation
from globa.plans import permissions, selectors, services
from globa.plans.models import Action, Goal, GoalProgress, Kind, Plan, Progress, Review, Status
from globa.registry import permissions as registry_permissions
from globa.support import selectors as support_selectors
from globa.support import services as support_services
from globa.support.api import DeliverySerializer
from globa.support.models import DeliveryForm
from globa.training.models import Programme


def _uuid(value: Any) -> uuid.UUID:
    """The id from a query; one that is not an id matches nothing (never "no record")."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


# Serializers -------------------------------------------------------------------------------


class GivenSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A service given towards an action (a service delivery of the child's)."""

    id = serializers.UUIDField()
    service = serializers.CharField(source="service.code")
    delivered_on = serializers.DateField()
    minutes = serializers.IntegerField()
    form = serializers.CharField()


class ActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    service: serializers.Field = serializers.SlugRelatedField(  # type: ignore[type-arg]
        slug_field="code", read_only=True, allow_null=True
    )
    services_given = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "goal",
            "description",
            "service",
            "programme",
            "responsible_user",
            "responsible_name",
            "responsible_organisation",
            "due_on",
            "done_on",
            "done_note",
            "created_at",
            "services_given",
        ]
        read_only_fields = fields

    @extend_schema_field(GivenSerializer(many=True))
    def get_services_given(self, action: Action) -> Any:
        """What was actually given towards it (the plan page's list; empty outside it)."""
        return GivenSerializer(getattr(action, "given", []), many=True).data


class GoalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    item: serializers.Field = serializers.SlugRelatedField(  # type: ignore[type-arg]
        slug_field="code", read_only=True, allow_null=True
    )
    progress = serializers.ChoiceField(choices=Progress.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "text", "item", "assessment", "position", "progress", "created_at"]
        read_only_fields = fields


class GoalProgressSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = GoalProgress
        fields = ["goal", "progress", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "held_on",
            "note",
            "reassess",
            "next_review_on",
            "by",
            "recorded_at",
            "progress",
        ]
        read_only_fields = fields

    @extend_schema_field(GoalProgressSerializer(many=True))
    def get_progress(self, review: Review) -> Any:
        rows = getattr(review, "goal_progress", None)
        if rows is None:
            rows = list(review.progress.all())
        return GoalProgressSerializer(rows, many=True).data


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    staff = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "organisation",
            "subject_kind",
            "child",
            "staff",
            "assessment",
            "responsible",
            "starts_on",
            "review_on",
            "status",
            "closed_on",
            "version",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_staff(self, plan: Plan) -> str | None:
        """The staff member's plan, by the id of their staff page."""
        return str(plan.staff.uuid) if plan.staff_id and plan.staff else None


class PlanDetailSerializer(PlanSerializer):
    """A plan with its goals, actions (each naming its goal) and reviews."""

    goals = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "goals", "actions", "reviews"]
        read_only_fields = fields

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, plan: Plan) -> Any:
        return GoalSerializer(self.context["page"]["goals"], many=True).data

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, plan: Plan) -> Any:
        return ActionSerializer(self.context["page"]["actions"], many=True).data

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, plan: Plan) -> Any:
        return ReviewSerializer(self.context["page"]["reviews"], many=True).data


class PlanStartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A child's service plan (``child``) or a staff member's development plan (``staff``,
    with the ``organisation`` they work in)."""

    child = serializers.UUIDField(required=False)
    staff = serializers.UUIDField(required=False, help_text="The id of the staff member's page.")
    organisation = serializers.IntegerField(required=False)
    starts_on = serializers.DateField()
    review_on = serializers.DateField(required=False, help_text="By default half a year later.")


class GoalInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(max_length=500, allow_blank=True)


class ActionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    goal = serializers.IntegerField(help_text="A goal of this plan.")
    description = serializers.CharField(max_length=500, allow_blank=True)
    due_on = serializers.DateField()
    responsible_organisation = serializers.IntegerField(
        required=False, help_text="By default the plan's organisation."
    )
    responsible_user = serializers.IntegerField(
        required=False, allow_null=True, help_text="A staff member of the plan's organisation."
    )
    responsible_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    service = serializers.SlugField(
        required=False, allow_blank=True, help_text="The service's code in the catalogue."
    )
    programme = serializers.IntegerField(
        required=False, allow_null=True, help_text="A training programme (development plans)."
    )


class ServiceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A service given to the child towards an action of their plan."""

    service = serializers.SlugField(help_text="The service's code in the catalogue.")
    delivered_on = serializers.DateField()
    minutes = serializers.IntegerField(min_value=1, max_value=720)
    form = serializers.ChoiceField(choices=DeliveryForm.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class DoneInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProgressInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    goal = serializers.IntegerField()
    progress = serializers.ChoiceField(choices=Progress.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReviewInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Every open goal's progress, what was agreed, whether to reassess, the next review."""

    held_on = serializers.DateField()
    progress = ProgressInputSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    reassess = serializers.BooleanField(required=False, default=False)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False)


class CloseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    on = serializers.DateField()
    version = serializers.IntegerField(required=False)


def _input(serializer_class: type[serializers.Serializer], request: Request) -> Any:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _staff_of(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__is_active=True,
        is_active=True,
    ).distinct()


# The view --------------------------------------------------------------------------------

LIST_FILTERS = [
    OpenApiParameter("child", OpenApiTypes.UUID, description="The plans of this child"),
    OpenApiParameter("staff", OpenApiTypes.UUID, description="The plans of this staff member"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter(
        "review_by", OpenApiTypes.DATE, description="Plans in force reviewed by this day"
    ),
]


@extend_schema_view(list=extend_schema(parameters=LIST_FILTERS))
class PlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Plans the caller may see, as on the plan pages."""

    resource = "plans"
    resource_label = gettext_lazy("plans")
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["starts_on", "review_on", "created_at"]
    ordering = ["-starts_on", "-created_at", "id"]

    def get_queryset(self) -> QuerySet[Plan]:
        assessment_permissions.access_assessments(self.user)
        rows = permissions.plans_visible_to(self.user).select_related("staff")
        params = self.request.query_params
        if params.get("child"):
            rows = rows.filter(child_id=_uuid(params["child"]))
        if params.get("staff"):
            rows = rows.filter(staff__uuid=_uuid(params["staff"]))
        if params.get("kind") in Kind.values:
            rows = rows.filter(kind=params["kind"])
        if params.get("status") in Status.values:
            rows = rows.filter(status=params["status"])
        if params.get("review_by"):
            day = serializers.DateField().to_internal_value(params["review_by"])
            rows = rows.filter(status=Status.ACTIVE, review_on__lte=day)
        return rows

    def _detail(self, plan: Plan, status_code: int = 200) -> Response:
        data = PlanDetailSerializer(plan, context={"page": selectors.plan_page(plan)}).data
        return self.record_response(plan, data, status_code)

    @extend_schema(responses=PlanDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One plan with its goals, actions and reviews."""
        return self._detail(permissions.access_plan(self.user, kwargs["pk"]))

    @extend_schema(request=PlanStartSerializer, responses={201: PlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a child's service plan or a staff member's development plan."""
        assessment_permissions.access_assessments(self.user)
        data = _input(PlanStartSerializer, request)
        if bool(data.get("child")) == bool(data.get("staff")):
            raise ValidationError(
                {"child": _("Name the child, or the staff member, whose plan it is.")}
            )
        dates = {"starts_on": data["starts_on"], "review_on": data.get("review_on")}
        if data.get("child"):
            child = registry_permissions.access_child(self.user, data["child"])
            require_change(permissions.can_start_for_child(self.user, child))
            plan = services.plan_start(by=self.user, child=child, **dates)
        else:
            person, orgs = assessment_permissions.access_staff_member(self.user, data["staff"])
            managed = [o for o in orgs if permissions.can_start_for_staff(self.user, person, o)]
            require_change(bool(managed))
            wanted = data.get("organisation", managed[0])
            if wanted not in managed:
                raise ValidationError(
                    {"organisation": _("Choose an organisation you manage where they work.")}
                )
            organisation = Organisation.objects.get(pk=wanted)
            plan = services.plan_start(
                by=self.user, staff=person, organisation=organisation, **dates
            )
        return self._detail(permissions.access_plan(self.user, plan.pk), status_code=201)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request: Request, pk: str) -> Response:
        """Add a goal written freely (goals from an assessment's needs are taken on its
        page)."""
        plan = permissions.access_plan(self.user, pk, write=True)
        data = _input(GoalInputSerializer, request)
        goal = services.goal_add(by=self.user, plan=plan, text=data["text"])
        return Response(GoalSerializer(goal).data, status=201)

    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, pk: str) -> Response:
        """Add an action towards a goal: who does what by when."""
        plan = permissions.access_plan(self.user, pk, write=True)
        data = _input(ActionInputSerializer, request)
        errors: dict[str, str] = {}
        goal = plan.goals.filter(pk=data["goal"]).first()
        if goal is None:
            errors["goal"] = _("Choose a goal of this plan.")
        organisation = (
            Organisation.objects.filter(is_active=True)
            .exclude(kind=Organisation.Kind.MUNICIPALITY)
            .filter(pk=data.get("responsible_organisation", plan.organisation_id))
            .first()
        )
        if organisation is None:
            errors["responsible_organisation"] = _("Choose an organisation that gives help.")
        responsible = None
        if data.get("responsible_user") is not None:
            responsible = (
                _staff_of(plan.organisation_id).filter(pk=data["responsible_user"]).first()
            )
            if responsible is None:
                errors["responsible_user"] = _("Choose someone who works at the organisation.")
        service = None
        if data.get("service"):
            service = (
                support_selectors.services_provided(plan.organisation_id, clock.today())
                .filter(code=data["service"])
                .first()
            )
            if service is None:
                errors["service"] = _("Choose a service the organisation gives.")
        programme = None
        if data.get("programme") is not None:
            programme = Programme.objects.filter(is_active=True, pk=data["programme"]).first()
            if programme is None:
                errors["programme"] = _("Choose a training programme in use.")
        if errors:
            raise ValidationError(errors)
        assert goal is not None and organisation is not None
        step = services.Step(
            goal=goal,
            description=data["description"],
            due_on=data["due_on"],
            responsible_organisation=organisation,
            responsible_user=responsible,
            responsible_name=data["responsible_name"],
            service=service,
            programme=programme,
        )
        created = services.action_add(by=self.user, plan=plan, step=step)
        return Response(ActionSerializer(created).data, status=201)

    @extend_schema(
        request=DoneInputSerializer,
        responses=ActionSerializer,
        parameters=[OpenApiParameter("action_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_id>[^/]+)/done")
    def action_done(self, request: Request, pk: str, action_id: str) -> Response:
        """Mark an action done, with how it went."""
        plan = permissions.access_plan(self.user, pk, write=True)
        step = permissions.access_action(self.user, plan, action_id)
        data = _input(DoneInputSerializer, request)
        done = services.action_done(
            by=self.user, plan=plan, action=step, on=data["on"], note=data["note"]
        )
        return Response(ActionSerializer(done).data)

    @extend_schema(
        request=ServiceInputSerializer,
        responses={201: DeliverySerializer},
        parameters=[OpenApiParameter("action_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_id>[^/]+)/services")
    def action_service(self, request: Request, pk: str, action_id: str) -> Response:
        """Record a service given to the child towards an action: a service delivery like
        any other, which the plan shows under the action."""
        plan = permissions.access_plan(self.user, pk, write=True)
        step = permissions.access_action(self.user, plan, action_id)
        data = _input(ServiceInputSerializer, request)
        service = (
            support_selectors.services_provided(plan.organisation_id, data["delivered_on"])
            .filter(code=data["service"])
            .first()
        )
        if service is None:
            raise ValidationError({"service": _("Choose a service the organisation gives.")})
        delivery = services.service_record(
            by=self.user,
            plan=plan,
            action=step,
            contact=support_services.Contact(
                service=service,
                delivered_on=data["delivered_on"],
                minutes=data["minutes"],
                form=data["form"],
                notes=data["notes"],
            ),
        )
        shown = support_selectors.deliveries_visible_to(self.user).get(pk=delivery.pk)
        return Response(DeliverySerializer(shown).data, status=201)

    @extend_schema(
        request=ReviewInputSerializer, responses={201: PlanDetailSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, pk: str) -> Response:
        """Record a review: every open goal's progress; the plan's next review is set."""
        plan = permissions.access_plan(self.user, pk, write=True)
        version = version_to_change(request, plan)
        data = _input(ReviewInputSerializer, request)
        progress: dict[int, tuple[str, str]] = {}
        for given in data["progress"]:
            if given["goal"] in progress:
                raise ValidationError({"progress": _("Record each goal's progress once.")})
            progress[given["goal"]] = (given["progress"], given["note"])
        services.review_record(
            by=self.user,
            plan=plan,
            held_on=data["held_on"],
            progress=progress,
            note=data["note"],
            reassess=data["reassess"],
            next_review_on=data["next_review_on"],
            version=version,
        )
        return self._detail(plan, status_code=201)

    @extend_schema(
        request=CloseInputSerializer, responses=PlanDetailSerializer, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Close the plan; nothing more is recorded in it."""
        plan = permissions.access_plan(self.user, pk, write=True)
        version = version_to_change(request, plan)
        data = _input(CloseInputSerializer, request)
        services.plan_close(by=self.user, plan=plan, on=data["on"], version=version)
        return self._detail(plan)

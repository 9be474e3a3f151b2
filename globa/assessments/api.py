"""The JSON API of assessments: the caller's assessments with every answer (evidence in a
restricted domain only for those who read it on the page), their result and the change over
time; starting one, saving a domain's ratings, completing it, and a manager's approval or
return, each by the service the pages run.

Every view obtains the assessment through ``permissions.access_assessment`` (an outsider's
id is 404, a change by someone who only sees it 403, the view in the access log) and its
subject through the subject's own app's access function.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
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

from globa.accounts.selectors import require_change, scope_for
from globa.assessments import permissions, selectors, services
from globa.assessments.models import (
    SUBJECT_FIELDS,
    Assessment,
    InstrumentVersion,
    Status,
    SubjectKind,
    Timepoint,
)
from globa.assessments.registry import definition_of
from globa.core.api import IF_MATCH, RecordViewSet, version_to_change
from globa.core.saving import STALE, ConcurrentEditError
from globa.lib import clock

# The subject of an assessment by the name the API gives it, and its kind.
SUBJECTS = {
    "case": SubjectKind.FAMILY,
    "child": SubjectKind.CHILD,
    "candidate": SubjectKind.CARER,
    "household": SubjectKind.HOUSEHOLD,
    "staff": SubjectKind.STAFF,
}


def _uuid(value: Any) -> uuid.UUID:
    """The id from a query; one that is not an id matches nothing (never "no record")."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


# Serializers -------------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An assessment as the lists show it: whose, with which instrument, when, by whom, its
    status and (once completed) its scores."""

    case = serializers.UUIDField(source="family_case_id", read_only=True, allow_null=True)
    staff = serializers.SerializerMethodField()
    instrument = serializers.CharField(source="instrument_version.instrument.code", read_only=True)
    instrument_version = serializers.IntegerField(
        source="instrument_version.number", read_only=True
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "subject_kind",
            "case",
            "child",
            "candidate",
            "household",
            "staff",
            "instrument",
            "instrument_version",
            "timepoint",
            "assessed_on",
            "age_band",
            "assessor",
            "status",
            "summary",
            "scores",
            "completed_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "amends",
            "amendment_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_staff(self, assessment: Assessment) -> str | None:
        """The staff member assessed, by the id of their staff page."""
        return str(assessment.staff.uuid) if assessment.staff_id and assessment.staff else None


class ItemAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    text = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    not_applicable = serializers.BooleanField()
    evidence = serializers.CharField(
        allow_null=True, help_text="null where the caller may not read it (a restricted domain)"
    )
    levels = serializers.ListField(child=serializers.IntegerField())
    informants = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Each informant's rating, by the informant's id.",
    )


class DomainAnswersSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    restricted = serializers.BooleanField()
    overall = serializers.IntegerField(allow_null=True)
    strengths = serializers.CharField()
    items = ItemAnswerSerializer(many=True)


class InformantSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()


class AssessmentDetailSerializer(AssessmentSerializer):
    """One assessment with everything recorded, domain by domain, in its version's terms."""

    domains = serializers.SerializerMethodField()
    informants = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "domains", "informants"]
        read_only_fields = fields

    @extend_schema_field(DomainAnswersSerializer(many=True))
    def get_domains(self, assessment: Assessment) -> list[dict[str, Any]]:
        recorded = self.context["sheet"]
        definition = definition_of(assessment.instrument_version)
        found = []
        for domain in definition.domains:
            rating = recorded.ratings.get(domain.code)
            items = []
            for item in domain.items:
                given = recorded.given.get(item.code, selectors.Given())
                items.append(
                    {
                        "code": item.code,
                        "text": str(item.text),
                        "value": given.value,
                        "not_applicable": given.not_applicable,
                        "evidence": None if given.evidence_hidden else given.evidence,
                        "levels": list(item.scale.values),
                        "informants": {str(k): v for k, v in given.informants.items()},
                    }
                )
            found.append(
                {
                    "code": domain.code,
                    "name": str(domain.name),
                    "restricted": domain.restricted,
                    "overall": rating.value if rating else None,
                    "strengths": rating.strengths if rating else "",
                    "items": items,
                }
            )
        return found

    @extend_schema_field(InformantSerializer(many=True))
    def get_informants(self, assessment: Assessment) -> list[dict[str, Any]]:
        return [
            {"id": i.pk, "name": i.name, "role": i.role} for i in self.context["sheet"].informants
        ]


class FindingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    item = serializers.CharField()
    domain = serializers.CharField()
    text = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()
    goal = serializers.CharField(allow_null=True)


class DomainResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    domain = serializers.CharField()
    name = serializers.CharField()
    scores = serializers.DictField(child=serializers.CharField(allow_null=True))
    overall = serializers.IntegerField(allow_null=True)


class ResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The result page's facts: the scores by the version's rules, strengths, needs at an
    action level, each domain's scores and overall rating, the required items still open."""

    assessment = serializers.UUIDField()
    status = serializers.CharField()
    overall = serializers.DictField(child=serializers.CharField(allow_null=True))
    domains = DomainResultSerializer(many=True)
    strengths = FindingSerializer(many=True)
    needs = FindingSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())


class SeriesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField(allow_null=True))
    since_previous = serializers.CharField()
    since_first = serializers.CharField()


class ChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The subject's done assessments with the instrument, oldest first, in the latest
    version's terms; empty ``assessments`` with fewer than two."""

    assessments = serializers.ListField(child=serializers.UUIDField())
    dates = serializers.ListField(child=serializers.DateField())
    domains = SeriesSerializer(many=True)
    items = SeriesSerializer(many=True)
    overall = SeriesSerializer(many=True)
    strengths_gained = serializers.ListField(child=serializers.CharField())
    needs_resolved = serializers.ListField(child=serializers.CharField())
    new_needs = serializers.ListField(child=serializers.CharField())


class AssessmentStartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Whom to assess (one of case, child, candidate, household, staff), with which
    instrument, at which timepoint, on which day."""

    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
    candidate = serializers.UUIDField(required=False)
    household = serializers.UUIDField(required=False)
    staff = serializers.UUIDField(required=False, help_text="The id of the staff member's page.")
    organisation = serializers.IntegerField(
        required=False, help_text="For a staff member: the organisation that assesses them."
    )
    instrument = serializers.SlugField(help_text="The instrument's code.")
    instrument_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The version; by default the one in use that day."
    )
    timepoint = serializers.ChoiceField(choices=Timepoint.choices)
    assessed_on = serializers.DateField()


class RatingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value = serializers.IntegerField(required=False, allow_null=True, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class InformantRatingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    informant = serializers.IntegerField()
    item = serializers.SlugField()
    value = serializers.IntegerField(allow_null=True)


class DomainSaveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One domain's ratings, as the form saves them: each item given (an item left out keeps
    what it holds; one sent empty is cleared), the domain's overall rating and strengths."""

    ratings = serializers.DictField(child=RatingSerializer(), help_text="By item code.")
    informant_ratings = serializers.ListField(
        child=InformantRatingSerializer(), required=False, default=list, max_length=500
    )
    overall = serializers.IntegerField(required=False, allow_null=True, default=None)
    strengths = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    version = serializers.IntegerField(required=False, help_text="The version read (or If-Match).")


class DomainSavedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    domain = serializers.CharField()
    answered = serializers.IntegerField(help_text="How many of the domain's items are answered.")
    version = serializers.IntegerField()


class InformantInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Someone who gives their own ratings (a parent, the child): their name and role (a
    role the instrument names)."""

    name = serializers.CharField(max_length=200, allow_blank=True)
    role = serializers.SlugField(max_length=60)


class CompleteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    summary = serializers.CharField(allow_blank=True, max_length=10000)
    version = serializers.IntegerField(required=False)


class AmendSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(allow_blank=True, max_length=4000)


class DiscardSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(required=False)


class DecideSerializer(serializers.Serializer):  # type: ignore[type-arg]
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    version = serializers.IntegerField(required=False)


# Helpers ---------------------------------------------------------------------------------


def _named_subject(data: Any) -> tuple[str, Any]:
    named = [(key, data[key]) for key in SUBJECTS if data.get(key)]
    if len(named) != 1:
        raise ValidationError(
            {
                "child": _(
                    "Name the one person, family or household assessed: a case, a child, a "
                    "candidate, a household or a staff member."
                )
            }
        )
    return named[0]


def _version(data: Any, kind: str) -> InstrumentVersion:
    versions = InstrumentVersion.objects.select_related("instrument").filter(
        instrument__code=data["instrument"]
    )
    if "instrument_version" in data:
        found = versions.filter(number=data["instrument_version"]).first()
    else:
        in_use = selectors.instruments_for(kind, data["assessed_on"])
        found = next((v for v in in_use if v.instrument.code == data["instrument"]), None)
        found = found or versions.order_by("number").first()
    if found is None:
        raise ValidationError({"instrument": _("No instrument has this code and version.")})
    return found


def _result(assessment: Assessment, result: selectors.Result) -> dict[str, Any]:
    def finding(f: Any) -> dict[str, Any]:
        return {
            "item": f.item.code,
            "domain": f.item.domain,
            "text": str(f.item.text),
            "level": f.level.value,
            "level_name": str(f.level.label),
            "goal": str(f.item.goal) if f.item.goal else None,
        }

    def plain(values: dict[str, Any]) -> dict[str, str | None]:
        return {k: None if v is None else str(v) for k, v in values.items()}

    return {
        "assessment": assessment.pk,
        "status": assessment.status,
        "overall": plain(result.scores.overall),
        "domains": [
            {
                "domain": d.domain.code,
                "name": str(d.domain.name),
                "scores": plain(d.scores),
                "overall": d.overall.value if d.overall else None,
            }
            for d in result.domains
        ],
        "strengths": [finding(f) for f in result.strengths],
        "needs": [finding(f) for f in result.needs],
        "missing": [item.code for item in result.missing],
    }


def _change(change: selectors.Change | None) -> dict[str, Any]:
    if change is None:
        return {
            "assessments": [],
            "dates": [],
            "domains": [],
            "items": [],
            "overall": [],
            "strengths_gained": [],
            "needs_resolved": [],
            "new_needs": [],
        }

    def series(values: list[Any]) -> list[str | None]:
        return [None if v is None else str(getattr(v, "value", v)) for v in values]

    return {
        "assessments": [p.assessment.pk for p in change.points],
        "dates": change.dates,
        "domains": [
            {
                "code": d.domain.code,
                "name": str(d.domain.name),
                "values": series(d.values),
                "since_previous": d.since_previous,
                "since_first": d.since_first,
            }
            for d in change.domains
        ],
        "items": [
            {
                "code": i.item.code,
                "name": str(i.item.text),
                "values": series(i.levels),
                "since_previous": i.since_previous,
                "since_first": i.since_first,
            }
            for d in change.domains
            for i in d.items
        ],
        "overall": [
            {
                "code": rule.code,
                "name": str(getattr(rule, "name", rule.code)),
                "values": series(values),
                "since_previous": "",
                "since_first": moved,
            }
            for rule, values, moved in change.overall
        ],
        "strengths_gained": [i.code for i in change.strengths_gained],
        "needs_resolved": [i.code for i in change.needs_resolved],
        "new_needs": [i.code for i in change.new_needs],
    }


# The view --------------------------------------------------------------------------------

LIST_FILTERS = [
    *(
        OpenApiParameter(name, OpenApiTypes.UUID, description=f"The assessments of this {name}")
        for name in SUBJECTS
    ),
    OpenApiParameter("subject_kind", str, enum=SubjectKind.values),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("instrument", str, description="The instrument's code"),
    OpenApiParameter("timepoint", str, enum=Timepoint.values),
    OpenApiParameter("since", OpenApiTypes.DATE, description="Assessed on or after"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Assessed on or before"),
]


@extend_schema_view(list=extend_schema(parameters=LIST_FILTERS))
class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RecordViewSet
):
    """Assessments the caller may see, as on the assessment pages."""

    resource = "assessments"
    resource_label = gettext_lazy("assessments")
    # For the schema only (the type of the id); records are read through get_queryset.
    queryset = Assessment.objects.none()
    serializer_class = AssessmentSerializer
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["assessed_on", "created_at", "updated_at", "completed_at"]
    ordering = ["-assessed_on", "-created_at", "id"]

    def get_queryset(self) -> QuerySet[Assessment]:
        permissions.access_assessments(self.user)
        rows = (
            permissions.assessments_visible_to(self.user)
            .select_related("instrument_version__instrument", "staff")
            .defer("instrument_version__content")
        )
        params = self.request.query_params
        for name, kind in SUBJECTS.items():
            if params.get(name):
                field = SUBJECT_FIELDS[kind]
                lookup = f"{field}__uuid" if kind == SubjectKind.STAFF else f"{field}_id"
                rows = rows.filter(**{lookup: _uuid(params[name])})
        for name, values in (
            ("subject_kind", SubjectKind.values),
            ("status", Status.values),
            ("timepoint", Timepoint.values),
        ):
            if params.get(name) in values:
                rows = rows.filter(**{name: params[name]})
        if params.get("instrument"):
            rows = rows.filter(instrument_version__instrument__code=params["instrument"])
        for key, lookup in (("since", "gte"), ("until", "lte")):
            if params.get(key):
                day = serializers.DateField().to_internal_value(params[key])
                rows = rows.filter(**{f"assessed_on__{lookup}": day})
        return rows

    def _detail(self, assessment: Assessment, status_code: int = 200) -> Response:
        selectors.forget_sheet(assessment)
        recorded = selectors.sheet(assessment, self.user)
        data = AssessmentDetailSerializer(assessment, context={"sheet": recorded}).data
        return self.record_response(assessment, data, status_code)

    @extend_schema(responses=AssessmentDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One assessment with every answer; evidence in a restricted domain is null for
        whoever may not read it."""
        return self._detail(permissions.access_assessment(self.user, kwargs["pk"]))

    @extend_schema(responses=ResultSerializer)
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str) -> Response:
        """The result: scores, strengths, needs at an action level, each domain's rating."""
        assessment = permissions.access_assessment(self.user, pk)
        outcome = selectors.result(assessment, selectors.sheet(assessment, self.user))
        return Response(ResultSerializer(_result(assessment, outcome)).data)

    @extend_schema(responses=ChangeSerializer)
    @action(detail=True, methods=["get"])
    def change(self, request: Request, pk: str) -> Response:
        """The change over time up to this assessment, across the subject's completed
        assessments with the same instrument."""
        assessment = permissions.access_assessment(self.user, pk)
        return Response(ChangeSerializer(_change(selectors.change_over_time(assessment))).data)

    @extend_schema(request=AssessmentStartSerializer, responses={201: AssessmentDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a draft assessment."""
        permissions.access_assessments(self.user)
        serializer = AssessmentStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key, subject_id = _named_subject(data)
        kind = SUBJECTS[key]
        staff_org = None
        if kind == SubjectKind.STAFF:
            person, orgs = permissions.access_staff_member(self.user, subject_id)
            managed = [org for org in orgs if scope_for(self.user).manages(org)]
            require_change(bool(managed) and person.pk != self.user.pk)
            staff_org = data.get("organisation", managed[0])
            if staff_org not in managed:
                raise ValidationError(
                    {"organisation": _("Choose an organisation you manage where they work.")}
                )
            subject: Any = person
        else:
            subject = permissions.access_subject(self.user, kind, str(subject_id), write=True)
        assessment = services.assessment_start(
            by=self.user,
            subject=subject,
            version=_version(data, kind),
            timepoint=data["timepoint"],
            assessed_on=data["assessed_on"],
            staff_org=staff_org,
            today=clock.today(),
        )
        return self._detail(
            permissions.access_assessment(self.user, assessment.pk), status_code=201
        )

    @extend_schema(
        request=DomainSaveSerializer,
        responses=DomainSavedSerializer,
        parameters=[IF_MATCH, OpenApiParameter("domain", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"domains/(?P<domain>[^/]+)")
    def domain(self, request: Request, pk: str, domain: str) -> Response:
        """Save one domain's ratings of a draft (as the form saves them as one goes)."""
        assessment = permissions.access_assessment(self.user, pk, write=True)
        version = version_to_change(request, assessment)
        if version != assessment.version:
            raise ConcurrentEditError(STALE)
        if domain not in definition_of(assessment.instrument_version).domain_of:
            raise Http404
        serializer = DomainSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.domain_save(
            by=self.user,
            assessment=assessment,
            domain=domain,
            ratings={
                code: services.Rating(
                    value=given["value"],
                    not_applicable=given["not_applicable"],
                    evidence=given["evidence"],
                )
                for code, given in data["ratings"].items()
            },
            informant_ratings={
                (given["informant"], given["item"]): given["value"]
                for given in data["informant_ratings"]
            },
            overall=data["overall"],
            strengths=data["strengths"],
        )
        body = {"domain": domain, "answered": saved.count, "version": assessment.version}
        return self.record_response(assessment, DomainSavedSerializer(body).data)

    @extend_schema(request=InformantInputSerializer, responses={201: InformantSerializer})
    @action(detail=True, methods=["post"])
    def informants(self, request: Request, pk: str) -> Response:
        """Add someone who gives their own ratings to a draft; their ratings are then sent
        with a domain's (``informant_ratings``)."""
        assessment = permissions.access_assessment(self.user, pk, write=True)
        serializer = InformantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        informant = services.informant_add(
            by=self.user,
            assessment=assessment,
            name=serializer.validated_data["name"],
            role=serializer.validated_data["role"],
        )
        body = {"id": informant.pk, "name": informant.name, "role": informant.role}
        return Response(InformantSerializer(body).data, status=201)

    @extend_schema(
        request=CompleteSerializer, responses=AssessmentDetailSerializer, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        """Complete the draft: every required item answered, the scores kept; it is locked
        from then on."""
        assessment = permissions.access_assessment(self.user, pk, write=True)
        version = version_to_change(request, assessment)
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_complete(
            by=self.user,
            assessment=assessment,
            summary=serializer.validated_data["summary"],
            version=version,
        )
        return self._detail(assessment)

    @extend_schema(
        request=DecideSerializer, responses=AssessmentDetailSerializer, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """A manager who did not make it approves a completed assessment, or returns it to
        its assessor saying what to correct."""
        assessment = permissions.access_assessment(self.user, pk, decide=True)
        version = version_to_change(request, assessment)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decide = (
            services.assessment_approve
            if data["decision"] == "approve"
            else services.assessment_return
        )
        decide(by=self.user, assessment=assessment, version=version, note=data["note"])
        return self._detail(assessment)

    @extend_schema(request=AmendSerializer, responses={201: AssessmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str) -> Response:
        """Correct a completed or approved assessment: a new draft with its answers, which
        takes its place once completed; the original stays as it was."""
        assessment = permissions.access_assessment(self.user, pk, amend=True)
        serializer = AmendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amendment = services.assessment_amend(
            by=self.user, assessment=assessment, reason=serializer.validated_data["reason"]
        )
        return self._detail(permissions.access_assessment(self.user, amendment.pk), status_code=201)

    @extend_schema(request=DiscardSerializer, responses={204: None}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str) -> Response:
        """Throw away a draft never completed."""
        assessment = permissions.access_assessment(self.user, pk, write=True)
        version = version_to_change(request, assessment)
        if version != assessment.version:
            raise ConcurrentEditError(STALE)
        services.draft_discard(by=self.user, assessment=assessment, version=version)
        return Response(status=204)

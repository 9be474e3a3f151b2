"""Every read of assessments: lists, one domain of the form, the result with its change over
time. Each starts from ``permissions.assessments_visible_to`` or an assessment an access
function handed over."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.assessments import definitions as defs
from globa.assessments.definitions import Definition, Domain, Finding, Item, Level, Scores
from globa.assessments.models import (
    DONE,
    OPEN,
    SUBJECT_FIELDS,
    Answer,
    Assessment,
    DomainRating,
    Informant,
    InstrumentVersion,
    Status,
)
from globa.assessments.permissions import assessments_visible_to, reads_restricted
from globa.assessments.registry import definition_of


def instruments_for(kind: str, on: dt.date) -> list[InstrumentVersion]:
    """The version of each instrument for this kind of subject in use on the day: the latest
    that has come into use."""
    versions = (
        InstrumentVersion.objects.filter(instrument__subject_kind=kind, effective_from__lte=on)
        .select_related("instrument")
        .order_by("instrument__code", "-number")
    )
    latest: dict[int, InstrumentVersion] = {}
    for version in versions:
        latest.setdefault(version.instrument_id, version)
    return list(latest.values())


def all_versions() -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.select_related("instrument").order_by(
        "instrument__code", "number"
    )


def not_amended() -> Exists:
    """An annotation: a done amendment of the assessment exists (it is then shown as
    amended, and its amendment counts in its place)."""
    return Exists(Assessment.objects.filter(amends=OuterRef("pk"), status__in=DONE))


def current(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Those not replaced by a done amendment."""
    return assessments.annotate(amended=not_amended()).filter(amended=False)


def of_subject(user: User, kind: str, subject: Any) -> list[Assessment]:
    """The subject's assessments the user may see, the latest first."""
    return list(
        assessments_visible_to(user)
        .filter(**{SUBJECT_FIELDS[kind]: subject})
        .annotate(amended=not_amended())
        .select_related("instrument_version__instrument", "assessor")
        .defer("instrument_version__content")
        .order_by("-assessed_on", "-created_at")
    )


def open_draft(kind: str, subject: Any, version: InstrumentVersion) -> Assessment | None:
    """A draft of the subject with the instrument not yet completed (one at a time)."""
    return (
        Assessment.objects.filter(
            **{SUBJECT_FIELDS[kind]: subject},
            instrument_version__instrument_id=version.instrument_id,
            status__in=OPEN,
        )
        .order_by("created_at")
        .first()
    )


def done_of_subject(kind: str, subject_id: object, instrument_id: int) -> QuerySet[Assessment]:
    """The subject's completed and approved assessments with the instrument (any version),
    amendments in the place of what they amend, oldest first."""
    return (
        current(
            Assessment.objects.filter(
                **{f"{SUBJECT_FIELDS[kind]}_id": subject_id},
                instrument_version__instrument_id=instrument_id,
                status__in=DONE,
            )
        )
        .select_related("instrument_version")
        .defer("instrument_version__content")
        .order_by("assessed_on", "completed_at")
    )


def my_drafts(user: User) -> list[Assessment]:
    return list(
        assessments_visible_to(user)
        .filter(assessor=user, status__in=OPEN)
        .select_related(
            "instrument_version__instrument",
            *SUBJECT_FIELDS.values(),
        )
        .defer("instrument_version__content")
        .order_by("-updated_at")[:50]
    )


def to_approve(user: User) -> list[Assessment]:
    """Completed assessments of the organisations the user manages, made by others."""
    return list(
        assessments_visible_to(user)
        .filter(
            status=Status.COMPLETED,
            organisation_id__in=sorted(scope_for(user).managed_centre_ids),
        )
        .exclude(assessor=user)
        .select_related(
            "instrument_version__instrument",
            "assessor",
            *SUBJECT_FIELDS.values(),
        )
        .defer("instrument_version__content")
        .order_by("completed_at")[:100]
    )


def staff_to_assess(user: User) -> list[User]:
    """The staff of the centres the user manages (not the user), with the date of their
    latest competence assessment."""
    from django.db.models import Max

    managed = sorted(scope_for(user).managed_centre_ids)
    if not managed:
        return []
    return list(
        User.objects.filter(
            memberships__organisation_id__in=managed, memberships__is_active=True, is_active=True
        )
        .exclude(pk=user.pk)
        .annotate(
            assessed=Max(
                "staff_assessments__assessed_on",
                filter=Q(staff_assessments__organisation_id__in=managed),
            )
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def recent(user: User, limit: int = 30) -> list[Assessment]:
    return list(
        assessments_visible_to(user)
        .filter(status__in=DONE)
        .select_related(
            "instrument_version__instrument",
            "assessor",
            *SUBJECT_FIELDS.values(),
        )
        .defer("instrument_version__content")
        .order_by("-completed_at")[:limit]
    )


# The form: one domain at a time ------------------------------------------------------------


@dataclass
class Given:
    """What is recorded for one item: the assessor's rating and the informants'."""

    value: int | None = None
    not_applicable: bool = False
    evidence: str = ""
    evidence_hidden: bool = False
    informants: dict[int, int | None] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.value is not None or self.not_applicable


@dataclass
class Sheet:
    """Everything recorded in an assessment, read in three queries."""

    given: dict[str, Given]
    ratings: dict[str, DomainRating]
    informants: list[Informant]

    def values(self) -> dict[str, int | None]:
        return {code: given.value for code, given in self.given.items()}

    def answered(self) -> set[str]:
        return {code for code, given in self.given.items() if given.answered}


def forget_sheet(assessment: Assessment) -> None:
    """After a change: the next ``sheet`` reads the rows again."""
    assessment.__dict__.pop("_sheet_rows", None)


def sheet(assessment: Assessment, user: User | None = None) -> Sheet:
    """The answers, domain ratings and informants of an assessment; evidence the user may
    not read is left out (``evidence_hidden``)."""
    given: dict[str, Given] = defaultdict(Given)
    # The rows are read once per request for the assessment, whoever asks (the result page,
    # its parts); what the user may read of them is decided here each time.
    cached = getattr(assessment, "_sheet_rows", None)
    if cached is None:
        cached = (
            list(Answer.objects.filter(assessment=assessment).select_related("item")),
            list(DomainRating.objects.filter(assessment=assessment).select_related("domain")),
            list(Informant.objects.filter(assessment=assessment))
            if definition_of(assessment.instrument_version).informant_roles
            else [],
        )
        assessment._sheet_rows = cached  # type: ignore[attr-defined]
    answers, rating_rows, informant_rows = cached
    for answer in answers:
        entry = given[answer.item.code]
        if answer.informant_id is None:
            entry.value = answer.value
            entry.not_applicable = answer.not_applicable
            if user is None or reads_restricted(user, assessment, answer):
                entry.evidence = answer.evidence
            else:
                entry.evidence_hidden = bool(answer.evidence)
        else:
            entry.informants[answer.informant_id] = answer.value
    ratings = {rating.domain.code: rating for rating in rating_rows}
    return Sheet(dict(given), ratings, list(informant_rows))


@dataclass(frozen=True)
class DomainProgress:
    domain: Domain
    asked: int
    answered: int
    missing_required: int

    @property
    def complete(self) -> bool:
        return self.missing_required == 0 and self.answered > 0


def informants_of(assessment: Assessment) -> list[Informant]:
    return list(Informant.objects.filter(assessment=assessment))


def answered_values(assessment: Assessment) -> tuple[dict[str, int | None], set[str]]:
    """The assessor's values by item, and the items answered (a level or "not applicable"),
    in one query."""
    values: dict[str, int | None] = {}
    answered: set[str] = set()
    for code, value, not_applicable in Answer.objects.filter(
        assessment=assessment, informant__isnull=True
    ).values_list("item__code", "value", "not_applicable"):
        values[code] = value
        if value is not None or not_applicable:
            answered.add(code)
    return values, answered


def progress(definition: Definition, band: str, recorded: Sheet) -> list[DomainProgress]:
    return progress_of(definition, band, recorded.values(), recorded.answered())


def progress_of(
    definition: Definition, band: str, values: dict[str, int | None], answered: set[str]
) -> list[DomainProgress]:
    found = []
    for domain in definition.domains:
        asked = [i for i in domain.items if definition.shown(i, band, values)]
        found.append(
            DomainProgress(
                domain,
                len(asked),
                sum(1 for i in asked if i.code in answered),
                sum(1 for i in asked if i.required and i.code not in answered),
            )
        )
    return found


# The result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainResult:
    domain: Domain
    scores: dict[str, Decimal | None]
    overall: Level | None
    strengths_named: str
    findings: list[Finding]


@dataclass(frozen=True)
class Result:
    """What the result page shows of one assessment."""

    definition: Definition
    scores: Scores
    domains: list[DomainResult]
    strengths: list[Finding]
    needs: list[Finding]
    informant_rows: list[tuple[Item, list[tuple[str, Level | None]]]]
    missing: list[Item]


def result(assessment: Assessment, recorded: Sheet) -> Result:
    """Scores (kept at completion, computed for a draft), strengths first, the needs at an
    action level, each domain's overall rating, and the informants' ratings beside the
    assessor's."""
    definition = definition_of(assessment.instrument_version)
    values = recorded.values()
    band = assessment.age_band
    scores = (
        Scores.from_json(assessment.scores)
        if assessment.scores
        else defs.score(definition, values, band)
    )
    found = [
        Finding(f.item, f.level, recorded.given[f.item.code].evidence)
        for f in defs.findings(definition, values)
        if definition.shown(f.item, band, values)
    ]
    domains = []
    for domain in definition.domains:
        rating = recorded.ratings.get(domain.code)
        overall = (
            domain.overall.level(rating.value)
            if domain.overall is not None and rating is not None
            else None
        )
        domains.append(
            DomainResult(
                domain,
                scores.domains.get(domain.code, {}),
                overall,
                rating.strengths if rating else "",
                [f for f in found if f.item.domain == domain.code],
            )
        )
    names = {informant.pk: informant.name for informant in recorded.informants}
    informant_rows = []
    for item in definition.items.values():
        if not item.informants:
            continue
        given = recorded.given.get(item.code, Given())
        row: list[tuple[str, Level | None]] = [
            (names[pk], item.scale.level(value))
            for pk, value in given.informants.items()
            if pk in names
        ]
        if row or given.value is not None:
            informant_rows.append((item, row))
    return Result(
        definition=definition,
        scores=scores,
        domains=domains,
        strengths=[f for f in found if f.level.is_strength],
        needs=[f for f in found if f.level.action and not f.level.is_strength],
        informant_rows=informant_rows,
        missing=definition.missing(band, values, recorded.answered()),
    )


# Change over time ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    assessment: Assessment
    definition: Definition
    scores: Scores
    values: dict[str, int | None]


@dataclass(frozen=True)
class ItemChange:
    item: Item
    levels: list[Level | None]
    since_previous: str
    since_first: str


@dataclass(frozen=True)
class DomainChange:
    domain: Domain
    values: list[Decimal | None]
    since_previous: str
    since_first: str
    items: list[ItemChange]


@dataclass(frozen=True)
class Change:
    """The subject's assessments with one instrument, over time, in the latest version's
    terms (earlier versions' items followed through the mappings)."""

    points: list[Point]
    definition: Definition
    domains: list[DomainChange]
    overall: list[tuple[defs.Rule, list[Decimal | None], str]]
    strengths_gained: list[Item]
    needs_resolved: list[Item]
    new_needs: list[Item]

    @property
    def dates(self) -> list[dt.date]:
        return [p.assessment.assessed_on for p in self.points]

    @property
    def improvement(self) -> Decimal | None:
        """How far the instrument's first overall score moved since the first assessment, as
        ``since_first`` reads it, above 0 for the better (the monitoring's mean change)."""
        if not self.overall:
            return None
        rule, series, _direction = self.overall[0]
        return improvement_since_first(rule, series)


def overall_rules(definition: Definition) -> list[defs.Rule]:
    """The version's rules that score the whole instrument; the change over time is measured
    by the first (``improvement_since_first``)."""
    return [rule for rule in definition.rules if rule.per == "overall"]


def improvement_since_first(rule: defs.Rule, series: Sequence[Decimal | None]) -> Decimal | None:
    """The change of an overall score over a subject's done assessments, oldest first: the
    latest less the first there is, above 0 for the better; None unless the latest and an
    earlier one have the score. The one definition of the improvement kept for monitoring
    (``Change.improvement``; the synthetic data computes it in bulk with this too)."""
    present = [v for v in series if v is not None]
    if len(series) < 2 or series[-1] is None or len(present) < 2:
        return None
    moved = Decimal(series[-1]) - Decimal(present[0])
    return moved if rule.better == "higher" else -moved


def change_over_time(assessment: Assessment, *, upto: bool = True) -> Change | None:
    """The change up to this assessment (``upto``) across the subject's done assessments
    with the same instrument; None with fewer than two."""
    kind = assessment.subject_kind
    rows = list(
        done_of_subject(
            kind, assessment.subject_id, assessment.instrument_version.instrument_id
        ).only(
            "id",
            "assessed_on",
            "timepoint",
            "scores",
            "completed_at",
            "status",
            "instrument_version",
            "age_band",
        )
    )
    if upto and assessment.is_done:
        rows = [
            r
            for r in rows
            if (r.assessed_on, r.completed_at) <= (assessment.assessed_on, assessment.completed_at)
        ]
    if len(rows) < 2:
        return None
    answers: dict[Any, dict[str, int | None]] = defaultdict(dict)
    for assessment_id, code, value in Answer.objects.filter(
        assessment_id__in=[r.pk for r in rows], informant__isnull=True
    ).values_list("assessment_id", "item__code", "value"):
        answers[assessment_id][code] = value
    return _change([(row, answers[row.pk]) for row in rows])


def _change(rows: list[tuple[Assessment, dict[str, int | None]]]) -> Change:
    versions = {
        row.instrument_version.number: definition_of(row.instrument_version) for row, _ in rows
    }
    latest = versions[max(versions)]
    threshold = latest.change_threshold
    points = []
    for row, values in rows:
        definition = versions[row.instrument_version.number]
        codes = defs.lineage(versions, definition.version, latest.version)
        mapped = {codes[code]: value for code, value in values.items() if code in codes}
        scores = Scores.from_json(row.scores) if row.scores else defs.score(definition, values)
        points.append(Point(row, definition, scores, mapped))

    def moved(series: list[Any], better: str) -> tuple[str, str]:
        present = [v for v in series if v is not None]
        if len(series) < 2 or series[-1] is None:
            return "", ""
        previous = next((v for v in reversed(series[:-1]) if v is not None), None)
        return (
            defs.direction(previous, series[-1], better, threshold),
            defs.direction(present[0], series[-1], better, threshold) if present else "",
        )

    domains = []
    for domain in latest.domains:
        series = [p.scores.domains.get(domain.code, {}).get(latest.profile) for p in points]
        items = []
        for item in domain.items:
            levels = [item.scale.level(p.values.get(item.code)) for p in points]
            rated = [lv.value if lv else None for lv in levels]
            if all(v is None for v in rated):
                continue
            previous, first = moved(rated, item.scale.better)
            items.append(ItemChange(item, levels, previous, first))
        previous, first = moved(series, latest.profile_rule.better)
        domains.append(DomainChange(domain, series, previous, first, items))
    overall = []
    for rule in overall_rules(latest):
        series = [p.scores.overall.get(rule.code) for p in points]
        overall.append((rule, series, moved(series, rule.better)[1]))
    first_values, last_values = points[0].values, points[-1].values
    gained, resolved, new = [], [], []
    for item in latest.items.values():
        before = item.scale.level(first_values.get(item.code))
        after = item.scale.level(last_values.get(item.code))
        if after is None or before is None:
            continue
        if after.is_strength and not before.is_strength:
            gained.append(item)
        if before.action and not before.is_strength and not after.action:
            resolved.append(item)
        if after.action and not after.is_strength and not before.action:
            new.append(item)
    return Change(points, latest, domains, overall, gained, resolved, new)


def improvements(assessment: Assessment) -> dict[Any, Decimal | None]:
    """The improvement (``Change.improvement``) up to each done assessment of the subject
    with the instrument: {assessment id: improvement}, None for the first."""
    rows = list(
        done_of_subject(
            assessment.subject_kind,
            assessment.subject_id,
            assessment.instrument_version.instrument_id,
        )
    )
    found: dict[Any, Decimal | None] = {}
    for row in rows:
        change = change_over_time(row)
        found[row.pk] = change.improvement if change is not None else None
    return found


def latest_change(kind: str, subject: Any) -> Change | None:
    """The change over time of the subject's most recently assessed instrument (for the
    subject's own page); None with fewer than two done assessments."""
    latest = (
        current(Assessment.objects.filter(**{SUBJECT_FIELDS[kind]: subject}, status__in=DONE))
        .select_related("instrument_version")
        .defer("instrument_version__content")
        .order_by("-assessed_on", "-completed_at")
        .first()
    )
    return change_over_time(latest) if latest is not None else None


def due_reassessments(today: dt.date, lead_days: int = 14) -> list[tuple[Assessment, dt.date]]:
    """The latest done assessment of each subject and instrument whose instrument asks for a
    reassessment that is due within ``lead_days`` (or overdue), with the day it is due, for
    subjects still in the work: an open case, a child in care, an active household, a
    staff member still in the organisation. Read in a system scope by the reminders."""
    from globa.lib.dates import add_months

    candidates = (
        current(Assessment.objects.filter(status__in=DONE))
        .filter(
            Q(subject_kind="family") & ~Q(family_case__stage="closure")
            | Q(subject_kind="child", child__status__in=["in_care", "after_18"])
            | Q(subject_kind="household", household__status="active")
            | Q(subject_kind="staff", staff__is_active=True)
        )
        .select_related(
            "instrument_version__instrument",
            *SUBJECT_FIELDS.values(),
        )
        .defer("instrument_version__content")
        .order_by("-assessed_on", "-completed_at")
    )
    latest: dict[tuple[str, object, int], Assessment] = {}
    open_drafts = set(
        Assessment.objects.filter(status__in=OPEN).values_list(
            "subject_kind",
            "family_case_id",
            "child_id",
            "household_id",
            "staff_id",
            "instrument_version__instrument_id",
        )
    )
    for row in candidates:
        key = (row.subject_kind, row.subject_id, row.instrument_version.instrument_id)
        latest.setdefault(key, row)
    due = []
    for row in latest.values():
        months = definition_of(row.instrument_version).reassess_after_months
        if months is None:
            continue
        draft_key = (
            row.subject_kind,
            row.family_case_id,
            row.child_id,
            row.household_id,
            row.staff_id,
            row.instrument_version.instrument_id,
        )
        if draft_key in open_drafts:
            continue
        on = add_months(row.assessed_on, months)
        if (on - today).days <= lead_days:
            due.append((row, on))
    return due


def subject_name(assessment: Assessment) -> str:
    subject = assessment.subject
    if hasattr(subject, "family_name"):
        return str(subject.family_name)
    if hasattr(subject, "name") and not hasattr(subject, "first_name"):
        return str(subject.name)
    return str(subject)

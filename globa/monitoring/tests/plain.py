"""The indicators computed a second time, plainly: Python over the records, one by one, for
the tests to compare with the database's grouped counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from globa.accounts.models import Membership
from globa.assessments.models import Assessment
from globa.carers.models import StageChange
from globa.cases.models import FamilyCase, StageEntry
from globa.lib.dates import add_years
from globa.monitoring.compute import COUNTY, MUNICIPALITY, Area
from globa.monitoring.indicators import Indicator, Measure
from globa.monitoring.models import (
    ServiceContract,
    SurveyAnswer,
    TransformationResidents,
    TransformationStatusChange,
)
from globa.monitoring.periods import Period
from globa.oncall.models import Contract
from globa.organisations.models import Organisation
from globa.plans.models import Plan
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement
from globa.support.models import ContactRule, Delivery
from globa.training.models import Attendance, Participant, TrainingSession

# (measure, category, organisation, municipality) -> count
Rows = Counter[tuple[str, str, int, int]]


def _band(birth: dt.date, day: dt.date) -> str:
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    for limit, band in ((3, "0-2"), (7, "3-6"), (14, "7-13"), (18, "14-17")):
        if age < limit:
            return band
    return "18-21"


def children(p: Period) -> Rows:
    rows: Rows = Counter()
    placements = list(Placement.objects.select_related("child", "household", "institution"))
    starts = {(x.child_id, x.started_on) for x in placements}
    ends = {(x.child_id, x.ended_on) for x in placements if x.ended_on}
    per_child: dict[object, list[Placement]] = defaultdict(list)
    for x in placements:
        child = x.child
        if x.household is not None:
            care = x.household.kind
        else:
            assert x.institution is not None
            care = x.institution.kind
        key = (x.centre_id, child.municipality_id)
        covers_end = x.started_on <= p.end and (x.ended_on is None or x.ended_on > p.end)
        if covers_end:
            rows["in_care", care, *key] += 1
            rows["in_care_sex", child.sex, *key] += 1
            rows["in_care_age", _band(child.birth_date, p.end), *key] += 1
            rows["in_care_disability", "yes" if child.has_disability else "no", *key] += 1
            rows["in_care_legal", child.legal_status, *key] += 1
        if p.start <= x.started_on <= p.end and (x.child_id, x.started_on) not in ends:
            rows["entries", care, *key] += 1
        if x.ended_on and p.start <= x.ended_on <= p.end and (x.child_id, x.ended_on) not in starts:
            rows["exits", x.end_reason, *key] += 1
        if x.started_on <= p.end and (x.ended_on is None or x.ended_on > p.start):
            per_child[x.child_id].append(x)
    on_call: dict[tuple[object, int, int], list[Placement]] = defaultdict(list)
    for child_id, theirs in per_child.items():
        first = theirs[0]
        n = len(theirs)
        rows[
            "stability",
            "3+" if n >= 3 else str(n),
            min(t.centre_id for t in theirs),
            first.child.municipality_id,
        ] += 1
        for t in theirs:
            if t.household is not None and t.household.kind == "on_call":
                on_call[child_id, t.centre_id, t.child.municipality_id].append(t)
    for (_, centre, muni), theirs in on_call.items():
        start = min(t.started_on for t in theirs)
        infant = theirs[0].child.birth_date > add_years(start, -1)
        rows["kept_out", "infant" if infant else "older", centre, muni] += 1
    for child in Child.objects.exclude(support_extended_until=None):
        adult = add_years(child.birth_date, 18)
        assert child.support_extended_until is not None
        if (
            child.support_extended_until >= p.start
            and adult <= p.end
            and adult <= child.support_extended_until
        ):
            rows["after_18", child.sex, child.centre_id, child.municipality_id] += 1
    return rows


def households(p: Period) -> Rows:
    rows: Rows = Counter()
    day = p.end
    rules = dict(ContactRule.objects.values_list("household_kind", "interval_days"))
    placed = {
        x.household_id
        for x in Placement.objects.exclude(household=None)
        if x.started_on <= day and (x.ended_on is None or x.ended_on > day)
    }
    contracted = {c.household_id for c in Contract.objects.all() if c.starts_on <= day <= c.ends_on}
    assignments = [
        a
        for a in CoordinatorAssignment.objects.select_related("household")
        if a.started_on <= day and (a.ended_on is None or a.ended_on > day)
    ]
    coordinated = {a.household_id for a in assignments}
    last: dict[object, dt.date] = {}
    for d in Delivery.objects.filter(session=None).exclude(household=None):
        if d.delivered_on <= day and d.delivered_on > last.get(d.household_id, dt.date.min):
            last[d.household_id] = d.delivered_on
    for h in CarerHousehold.objects.all():
        if h.pk not in placed and h.pk not in contracted:
            continue
        key = (h.centre_id, h.municipality_id)
        rows["caring", h.kind, *key] += 1
        if h.pk in coordinated:
            rows["coordinated", h.kind, *key] += 1
        if h.kind in rules:
            rows["contact_due", h.kind, *key] += 1
            if h.pk in last and last[h.pk] >= day - dt.timedelta(days=rules[h.kind]):
                rows["contact_met", h.kind, *key] += 1
    per: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
    for a in assignments:
        per[a.centre_id, a.household.municipality_id][a.coordinator_id] += 1
    for key, loads in per.items():
        rows["assignments", "", *key] += sum(loads.values())
        rows["coordinators", "", *key] += len(loads)
    return rows


def services(p: Period) -> Rows:
    rows: Rows = Counter()
    people: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    by_form: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for d in Delivery.objects.select_related("service", "provider"):
        if not p.start <= d.delivered_on <= p.end:
            continue
        provider = d.provider
        muni = provider.municipality_id or provider.pk
        category = f"{d.service.code}|{provider.sector}"
        rows["deliveries", category, provider.pk, muni] += 1
        rows["deliveries_form", d.form, provider.pk, muni] += 1
        person = (
            str(d.child_id or "")
            or (d.household_id and f"h{d.household_id}")
            or (d.group_member_id and f"g{d.group_member_id}")
            or (d.person_name and f"n{d.person_name}")
            or f"d{d.pk}"
        )
        people[category, provider.pk, muni].add(str(person))
        by_form[d.form, provider.pk, muni].add(str(person))
    for (category, org, muni), persons in people.items():
        rows["people", category, org, muni] += len(persons)
    for (form, org, muni), persons in by_form.items():
        rows["people_form", form, org, muni] += len(persons)
    return rows


def training(p: Period) -> Rows:
    rows: Rows = Counter()
    groups: dict[tuple[str, int, int], set[object]] = defaultdict(set)
    attended: dict[tuple[str, int, int], set[object]] = defaultdict(set)
    for s in TrainingSession.objects.select_related("group__programme", "group__centre"):
        if not p.start <= s.held_on <= p.end:
            continue
        centre = s.group.centre
        key = (s.group.programme.kind, centre.pk, centre.municipality_id or centre.pk)
        groups[key].add(s.group_id)
        rows["sessions", *key] += 1
    for a in Attendance.objects.select_related(
        "session__group__programme", "session__group__centre"
    ):
        s = a.session
        if not p.start <= s.held_on <= p.end:
            continue
        centre = s.group.centre
        key = (s.group.programme.kind, centre.pk, centre.municipality_id or centre.pk)
        rows["attendances", *key] += 1
        attended[key].add(a.participant_id)
    for key, found in groups.items():
        rows["groups", *key] += len(found)
    for key, found in attended.items():
        rows["attended", *key] += len(found)
    for x in Participant.objects.select_related("group__programme", "group__centre"):
        if x.certificate_on and p.start <= x.certificate_on <= p.end:
            centre = x.group.centre
            rows[
                "certified", x.group.programme.kind, centre.pk, centre.municipality_id or centre.pk
            ] += 1
    return rows


def assessments(p: Period) -> Rows:
    rows: Rows = Counter()
    done = list(
        Assessment.objects.filter(status__in=("completed", "approved")).select_related(
            "organisation", "instrument_version__instrument"
        )
    )
    # A done amendment replaces the assessment it corrects.
    replaced = {a.amends_id for a in done if a.amends_id}
    for a in done:
        if p.start <= a.assessed_on <= p.end and a.pk not in replaced:
            o = a.organisation
            rows["assessments", a.subject_kind, o.pk, o.municipality_id or o.pk] += 1
    for plan in Plan.objects.select_related("organisation"):
        if p.start <= plan.starts_on <= p.end:
            o = plan.organisation
            rows["plans", plan.kind, o.pk, o.municipality_id or o.pk] += 1
    # Each person's latest done assessment with an instrument in the period, unless a done
    # amendment replaced it: its improvement since the first, kept by the assessments app.
    latest: dict[tuple[object, ...], Assessment] = {}
    for a in done:
        if a.pk in replaced or not p.start <= a.assessed_on <= p.end:
            continue
        key = (a.subject_kind, a.subject_id, a.instrument_version.instrument_id)
        seen = latest.get(key)
        if seen is None or (a.assessed_on, a.completed_at) > (seen.assessed_on, seen.completed_at):
            latest[key] = a
    for a in latest.values():
        if a.improvement is None:
            continue
        o = a.organisation
        code = a.instrument_version.instrument.code
        key4 = (code, o.pk, o.municipality_id or o.pk)
        rows["improvement", *key4] += int(a.improvement * 100)
        rows["improved_people", *key4] += 1
    return rows


def cases(p: Period) -> Rows:
    rows: Rows = Counter()
    all_cases = list(FamilyCase.objects.all())
    plan_start: dict[object, dt.date] = {}
    for entry in StageEntry.objects.filter(stage="help_plan"):
        if entry.case_id not in plan_start or entry.started_on < plan_start[entry.case_id]:
            plan_start[entry.case_id] = entry.started_on
    for c in all_cases:
        key = (c.organisation_id, c.municipality_id)
        if p.start <= c.referred_on <= p.end:
            rows["cases_opened", c.referral_source, *key] += 1
            if any(
                e.pk != c.pk
                and e.organisation_id == c.organisation_id
                and e.family_name.casefold() == c.family_name.casefold()
                and e.address.casefold() == c.address.casefold()
                and e.closed_on is not None
                and add_years(c.referred_on, -1) <= e.closed_on < c.referred_on
                for e in all_cases
            ):
                rows["rereferrals", "", *key] += 1
        if c.closed_on and p.start <= c.closed_on <= p.end:
            rows["cases_closed", c.outcome or "other", *key] += 1
        started = plan_start.get(c.pk)
        if started and p.start <= started <= p.end:
            rows["to_plan_days", "", *key] += (started - c.referred_on).days
            rows["to_plan_cases", "", *key] += 1
    return rows


def carers(p: Period) -> Rows:
    reached: dict[tuple[str, int, int], set[object]] = defaultdict(set)
    for s in StageChange.objects.select_related("candidate"):
        if p.start <= s.on <= p.end and s.to_stage in ("inquiry", "training", "approval", "active"):
            reached[s.to_stage, s.centre_id, s.candidate.municipality_id].add(s.candidate_id)
    return Counter({("funnel", *key): len(found) for key, found in reached.items()})


def transformation(p: Period) -> Rows:
    rows: Rows = Counter()
    latest: dict[int, TransformationStatusChange] = {}
    for c in TransformationStatusChange.objects.order_by("changed_on", "id"):
        if c.changed_on <= p.end:
            latest[c.plan_id] = c
    for c in latest.values():
        org = Organisation.objects.get(pk=c.institution_id)
        rows["plans", c.status, org.pk, org.municipality_id or org.pk] += 1
    for r in TransformationResidents.objects.select_related("institution"):
        if p.start <= r.counted_on <= p.end:
            org = r.institution
            rows["residents", r.kind, org.pk, org.municipality_id or org.pk] += r.count
    return rows


def survey(p: Period) -> Rows:
    rows: Rows = Counter()
    for a in SurveyAnswer.objects.select_related("round__centre"):
        if not p.start <= a.round.ends_on <= p.end:
            continue
        centre = a.round.centre
        key = (centre.pk, centre.municipality_id or centre.pk)
        ratings = a.ratings()
        if ratings:
            rows["ratings", "", *key] += len(ratings)
            rows["positive", "", *key] += sum(1 for r in ratings if r >= 4)
            rows["respondents", "", *key] += 1
    return rows


def contracts(p: Period) -> Rows:
    """Each contract's amount spread evenly over the days of its agreed period and over its
    service types; the days it shares with the period until its last day count; each share
    rounded to cents, the sums per provider, municipality and category to whole euros."""
    shares: dict[tuple[str, str, int, int], Decimal] = defaultdict(Decimal)
    counted: dict[tuple[str, int, int], set[int]] = defaultdict(set)
    for c in ServiceContract.objects.select_related("provider").prefetch_related("services"):
        last = c.ended_on or c.ends_on
        first_day, last_day = max(c.starts_on, p.start), min(last, p.end)
        if first_day > last_day:
            continue
        days = (c.ends_on - c.starts_on).days + 1
        overlap = (last_day - first_day).days + 1
        services = list(c.services.all())
        for service in services:
            share = (c.amount * overlap / (days * len(services))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            category = f"{service.code}|{c.provider.sector}"
            shares["funding", category, c.provider_id, c.municipality_id] += share
            shares["funding_sector", c.provider.sector, c.provider_id, c.municipality_id] += share
            counted[category, c.provider_id, c.municipality_id].add(c.pk)
    rows: Rows = Counter()
    for key, amount in shares.items():
        rows[key] += int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    for (category, org, muni), ids in counted.items():
        rows["contracts", category, org, muni] += len(ids)
    return rows


def staff(p: Period) -> Rows:
    """Roles at care centres held on the period's last day with a counted position: each
    person once per position (the largest FTE), FTE in hundredths; and the centres' caring
    households and children in care as the other sources count them."""
    rows: Rows = Counter()
    fte: dict[tuple[str, int, int, int], Decimal] = {}
    for m in Membership.objects.select_related("organisation").filter(
        organisation__kind="care_centre"
    ):
        if m.position not in ("psychologist", "coordinator", "social_worker"):
            continue
        if m.started_on > p.end or (m.ended_on is not None and m.ended_on <= p.end):
            continue
        org = m.organisation
        key = (m.position, org.pk, org.municipality_id or org.pk, m.user_id)
        fte[key] = max(fte.get(key, Decimal(0)), m.fte)
    hundredths: dict[tuple[str, int, int], Decimal] = defaultdict(Decimal)
    for (position, org_id, muni, _user), value in fte.items():
        rows["staff", position, org_id, muni] += 1
        hundredths[position, org_id, muni] += value
    for (position, org_id, muni), value in hundredths.items():
        rows["fte", position, org_id, muni] += int(
            (value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        )
    centres = set(Organisation.objects.filter(kind="care_centre").values_list("pk", flat=True))
    for name, measure, source in (
        ("households", "caring", households),
        ("children", "in_care", children),
    ):
        for (m, _category, org_id, muni), count in source(p).items():
            if m == measure and org_id in centres:
                rows[name, "", org_id, muni] += count
    return rows


SOURCES = {
    "staff": staff,
    "contracts": contracts,
    "children": children,
    "households": households,
    "services": services,
    "training": training,
    "assessments": assessments,
    "cases": cases,
    "carers": carers,
    "transformation": transformation,
    "survey": survey,
}


def in_area(org: int, muni: int, area: Area) -> bool:
    if area.level == "centre":
        return org == area.id
    if area.level == MUNICIPALITY:
        return muni == area.id
    if area.level == COUNTY:
        return Organisation.objects.filter(pk=muni, county_id=area.id).exists()
    return True


def total(rows: Rows, measure: Measure, area: Area) -> int:
    found = 0
    for (name, category, org, muni), count in rows.items():
        if name != measure.name or not in_area(org, muni, area):
            continue
        if measure.keep is None or measure.keep(tuple(category.split("|"))):
            found += count
    return found


def figure(indicator: Indicator, rows: Rows, area: Area) -> tuple[int, int | None]:
    numerator = total(rows, indicator.numerator, area)
    if indicator.denominator is None:
        return numerator, None
    return numerator, total(rows, indicator.denominator, area)


def by_measure(measure: str, rows: Rows, area: Area) -> dict[str, int]:
    """An extra breakdown's counts in the area: {category: count}."""
    found: dict[str, int] = defaultdict(int)
    for (name, category, org, muni), count in rows.items():
        if name == measure and in_area(org, muni, area) and count:
            found[category] += count
    return dict(found)


def by_part(indicator: Indicator, rows: Rows, area: Area) -> dict[str, tuple[int, int]]:
    """A share or a mean by the first part of its category: {part: (numerator, denominator)}."""
    assert indicator.denominator is not None
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (name, category, org, muni), count in rows.items():
        if not in_area(org, muni, area):
            continue
        parts = tuple(category.split("|"))
        for n, measure in enumerate((indicator.numerator, indicator.denominator)):
            if name == measure.name and (measure.keep is None or measure.keep(parts)):
                found[parts[0]][n] += count
    return {key: (pair[0], pair[1]) for key, pair in found.items()}

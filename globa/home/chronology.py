"""A child's chronology: what happened in the child's care, in one timeline.

Each kind of event is read through the app that keeps it, with the reader's own access:
placements and the registry's decisions (the child's legal status, status and support after
18, as the audit trail recorded their changes) with the child's record; services through
``support.selectors.deliveries_visible_to``; assessments through the assessments' visibility;
plans only where the reader may see them; early-intervention cases only with the case scope
(the family's children are not yet linked to the registry, so a case counts when one of its
children has the child's name and birth date). A reader who may not see a kind sees none of
it, not a hint of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import User
from globa.assessments.permissions import assessments_visible_to
from globa.audit.models import AuditChange
from globa.cases.selectors import cases_of_registry_child
from globa.core.parts import Part
from globa.lib import clock
from globa.plans import permissions as plan_permissions
from globa.plans.models import Plan
from globa.registry.models import Child, EndReason, HouseholdKind
from globa.support.selectors import deliveries_visible_to

KINDS: dict[str, Promise] = {
    "placements": gettext_lazy("placements"),
    "services": gettext_lazy("contacts and services"),
    "decisions": gettext_lazy("decisions"),
    "cases": gettext_lazy("cases"),
    "assessments": gettext_lazy("assessments and plans"),
}
# The child's fields whose changes are decisions about the child.
DECISION_FIELDS = ("legal_status", "status", "support_extension_decision")


@dataclass(frozen=True)
class Event:
    day: dt.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def child_chronology(user: User, child: Child, kinds: frozenset[str] | None = None) -> list[Event]:
    """The events of the child's care the user may see, the latest first (of ``kinds``
    only, when given)."""
    wanted = kinds or frozenset(KINDS)
    events: list[Event] = []
    if "placements" in wanted:
        events += _placements(child)
    if "decisions" in wanted:
        events += _decisions(child)
    if "services" in wanted:
        events += _services(user, child)
    if "assessments" in wanted:
        events += _assessments(user, child)
        events += _plans(user, child)
    if "cases" in wanted:
        events += _cases(user, child)
    # Stable: events of one day keep the order they were added in (a placement before the
    # services that followed it).
    return sorted(events, key=lambda event: event.day, reverse=True)


def _placements(child: Child) -> list[Event]:
    registered = (
        AuditChange.objects.filter(
            table_name="registry_child",
            row_id=str(child.pk),
            operation=AuditChange.Operation.INSERT,
        )
        .values_list("after", flat=True)
        .first()
    )
    status = (registered or {}).get("legal_status", "")
    events = [
        Event(
            _day(child.created_at),
            "decisions",
            _("Registered in Globa"),
            _("Legal status: %(status)s")
            % {"status": dict(Child.LegalStatus.choices).get(status, status)}
            if status
            else "",
        )
    ]
    kinds = dict(HouseholdKind.choices)
    reasons = dict(EndReason.choices)
    for placement in child.placements.select_related("household", "institution"):
        where = placement.household or placement.institution
        setting = str(kinds.get(placement.household.kind, "")) if placement.household else ""
        url = (
            reverse("registry:household", kwargs={"household_id": placement.household_id})
            if placement.household_id
            else ""
        )
        detail = ", ".join(
            part
            for part in (
                str(placement.get_kind_display()),
                setting,
                str(_("emergency placement")) if placement.is_emergency else "",
            )
            if part
        )
        events.append(
            Event(
                placement.started_on,
                "placements",
                _("Placed: %(where)s") % {"where": where},
                detail,
                url,
            )
        )
        if placement.ended_on:
            events.append(
                Event(
                    placement.ended_on,
                    "placements",
                    _("Placement ended: %(where)s") % {"where": where},
                    str(reasons.get(placement.end_reason, "")),
                    url,
                )
            )
    return events


def _decisions(child: Child) -> list[Event]:
    """Changes of the child's legal status, status and support after 18, as recorded."""
    labels = {
        "legal_status": (Child._meta.get_field("legal_status"), dict(Child.LegalStatus.choices)),
        "status": (Child._meta.get_field("status"), dict(Child.Status.choices)),
        "support_extension_decision": (
            Child._meta.get_field("support_extension_decision"),
            {},
        ),
    }
    events = []
    changes = AuditChange.objects.filter(
        table_name="registry_child", row_id=str(child.pk), operation=AuditChange.Operation.UPDATE
    ).order_by("at")
    for change in changes:
        before, after = change.before or {}, change.after or {}
        for name in DECISION_FIELDS:
            if before.get(name) == after.get(name) or not after.get(name):
                continue
            field, choices = labels[name]
            value = after[name]
            events.append(
                Event(
                    _day(change.at),
                    "decisions",
                    str(field.verbose_name).capitalize(),
                    str(choices.get(value, value)),
                )
            )
    return events


def _services(user: User, child: Child) -> list[Event]:
    deliveries = (
        deliveries_visible_to(user)
        .filter(child=child)
        .select_related("service", "given_by", "provider")
        .order_by("delivered_on")
    )
    return [
        Event(
            delivery.delivered_on,
            "services",
            str(delivery.service),
            ", ".join(
                part
                for part in (
                    str(delivery.get_form_display()),
                    _("%(minutes)d min.") % {"minutes": delivery.minutes},
                    str(delivery.given_by) if delivery.given_by else "",
                    delivery.provider.name,
                )
                if part
            ),
        )
        for delivery in deliveries
    ]


def _assessments(user: User, child: Child) -> list[Event]:
    assessments = (
        assessments_visible_to(user)
        .filter(child=child)
        .select_related("instrument_version__instrument")
        .order_by("assessed_on")
    )
    return [
        Event(
            assessment.assessed_on,
            "assessments",
            str(assessment.instrument_version.instrument),
            f"{assessment.get_timepoint_display()}, {assessment.get_status_display()}",
            reverse("assessments:assessment", kwargs={"assessment_id": assessment.pk}),
        )
        for assessment in assessments
    ]


def _plans(user: User, child: Child) -> list[Event]:
    events = []
    for plan in Plan.objects.filter(child=child).select_related("child").order_by("starts_on"):
        if not plan_permissions.can_see(user, plan):
            continue
        url = reverse("plans:plan", kwargs={"plan_id": plan.pk})
        events.append(
            Event(plan.starts_on, "assessments", str(plan.get_kind_display()).capitalize(), "", url)
        )
        for review in plan.reviews.order_by("held_on"):
            events.append(Event(review.held_on, "assessments", _("Plan reviewed"), "", url))
    return events


def _cases(user: User, child: Child) -> list[Event]:
    events = []
    for case in cases_of_registry_child(user, child):
        url = reverse("cases:case", kwargs={"case_id": case.pk})
        events.append(
            Event(
                case.referred_on,
                "cases",
                _("Early-intervention case opened: %(family)s") % {"family": case.family_name},
                str(case.get_stage_display()),
                url,
            )
        )
        if case.closed_on:
            events.append(
                Event(
                    case.closed_on,
                    "cases",
                    _("Early-intervention case closed: %(family)s") % {"family": case.family_name},
                    str(case.get_outcome_display()),
                    url,
                )
            )
    return events


def _day(moment: dt.datetime) -> dt.date:
    """The day of a moment the database stamped: on an installation running as of another
    date (a demonstration) it may lie after the application's today, which it never shows."""
    return min(timezone.localdate(moment), clock.today())


def chronology_part(user: User, child: models.Model) -> Part | None:
    """The way from the child's page to the chronology. It reads nothing: the child's page
    keeps its few queries, and the chronology is read when it is opened."""
    assert isinstance(child, Child)
    return Part(
        "home/_chronology_part.html",
        {"url": reverse("home:chronology", kwargs={"child_id": child.pk})},
    )

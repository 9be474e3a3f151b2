"""Writes for on-call care: contracts with on-call carers (and ending them early), respite,
placing children with the carer chosen from a ranking, and each centre's matching weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_change, scope_for
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.lib.dates import check_due_day
from globa.notifications import selectors as notification_selectors
from globa.notifications import services as notifications
from globa.notifications.models import Kind as NotificationKind
from globa.oncall import matching, permissions, selectors
from globa.oncall.models import Contract, Criterion, Match, MatchWeight, PlacementRequest, Respite
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import services as registry_services
from globa.registry.models import CarerHousehold, Child, HouseholdKind, Limit, Placement
from globa.registry.rules import limit
from globa.registry.selectors import capacity_rule_for

# Contracts with on-call carers ---------------------------------------------------------------


@dataclass(frozen=True)
class ContractTerms:
    number: str
    starts_on: dt.date
    ends_on: dt.date
    places: int
    age_min: int = 0
    age_max: int = 17
    accepts_disability: bool = False
    accepts_siblings: bool = True
    around_the_clock: bool = True
    notes: str = ""


def _contract_errors(household: CarerHousehold, terms: ContractTerms) -> dict[str, str]:
    errors: dict[str, str] = {}
    if household.kind != HouseholdKind.ON_CALL:
        errors[NON_FIELD_ERRORS] = _("Contracts are made with on-call carers.")
    elif household.status == CarerHousehold.Status.CLOSED:
        errors[NON_FIELD_ERRORS] = _("The household is closed.")
    if not terms.number.strip():
        errors["number"] = _("Give the contract's number.")
    check_due_day(terms.starts_on, clock.today(), "starts_on", errors)
    if "starts_on" in errors:
        # The rules of an implausible day are not looked up.
        return errors
    if terms.ends_on < terms.starts_on:
        errors["ends_on"] = _("The contract ends before it starts.")
    elif (terms.ends_on - terms.starts_on).days > 5 * 366:
        errors["ends_on"] = _("A contract runs at most five years. Please check the year.")
    rule = capacity_rule_for(HouseholdKind.ON_CALL, terms.starts_on)
    most = (
        rule.max_placed
        if rule and rule.max_placed
        else limit(Limit.ON_CALL_CONTRACT_MAX_PLACES, terms.starts_on)
    )
    if not 1 <= terms.places <= most:
        errors["places"] = _("Between 1 and %(limit)d children at once (rule “%(rule)s”).") % {
            "limit": most,
            "rule": rule.display_name if rule else "",
        }
    oldest = limit(Limit.ON_CALL_CHILD_MAX_AGE, terms.starts_on)
    if terms.age_max > oldest:
        errors["age_max"] = _("On-call carers take children up to %(age)d.") % {"age": oldest}
    elif terms.age_min > terms.age_max:
        errors["age_max"] = _("The upper age must not be below the lower age.")
    return errors


def contract_add(
    *, by: User, household: CarerHousehold, terms: ContractTerms, today: dt.date | None = None
) -> Contract:
    """Record the centre's contract with an on-call carer."""
    require_change(permissions.manages(by, household.centre_id))
    errors = _contract_errors(household, terms)
    if (
        not errors
        and household.contracts.filter(
            starts_on__lte=terms.ends_on, ends_on__gte=terms.starts_on
        ).exists()
    ):
        errors["starts_on"] = _("The carer already has a contract for some of these dates.")
    if errors:
        raise ValidationError(errors)
    with saving():
        return Contract.objects.create(
            household=household,
            centre_id=household.centre_id,
            number=terms.number.strip(),
            starts_on=terms.starts_on,
            ends_on=terms.ends_on,
            places=terms.places,
            age_min=terms.age_min,
            age_max=terms.age_max,
            accepts_disability=terms.accepts_disability,
            accepts_siblings=terms.accepts_siblings,
            around_the_clock=terms.around_the_clock,
            notes=terms.notes.strip(),
            created_by=by,
        )


def contract_end_early(
    *,
    by: User,
    contract: Contract,
    ends_on: dt.date,
    reason: str,
    version: int,
    today: dt.date | None = None,
) -> list[str]:
    """End a contract before its date (the carer stops, or the centre ends it): a new last
    day and why. Respite after the new end goes, a respite over it is shortened; returns
    what was changed so, for the message."""
    require_change(permissions.manages(by, contract.centre_id))
    today = today or clock.today()
    errors: dict[str, str] = {}
    if ends_on >= contract.ends_on:
        errors["ends_on"] = _("Choose a day before the contract's end (%(end)s).") % {
            "end": contract.ends_on.isoformat()
        }
    elif ends_on < contract.starts_on:
        errors["ends_on"] = _("The contract starts on %(start)s; it cannot end before.") % {
            "start": contract.starts_on.isoformat()
        }
    elif (today - ends_on).days > 366:
        errors["ends_on"] = _("The date is more than a year ago. Please check the year.")
    if not reason.strip():
        errors["reason"] = _("Say why the contract ends early.")
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    with saving():
        update_versioned(contract, version, ends_on=ends_on, ended_early_because=reason.strip())
        for respite in contract.respites.filter(ends_on__gt=ends_on).order_by("starts_on"):
            period = f"{respite.starts_on.isoformat()} - {respite.ends_on.isoformat()}"
            if respite.starts_on > ends_on:
                respite.delete()
                changed.append(_("respite %(period)s removed") % {"period": period})
            else:
                respite.ends_on = ends_on
                respite.save(update_fields=["ends_on"])
                changed.append(_("respite %(period)s shortened") % {"period": period})
    return changed


def respite_add(
    *, by: User, contract: Contract, starts_on: dt.date, ends_on: dt.date, reason: str
) -> Respite:
    """A period in which the carer takes no child."""
    require_change(permissions.works_with(by, contract.centre_id))
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The respite ends before it starts.")
    elif starts_on < contract.starts_on or ends_on > contract.ends_on:
        errors["starts_on"] = _("A respite falls within the contract (%(start)s to %(end)s).") % {
            "start": contract.starts_on.isoformat(),
            "end": contract.ends_on.isoformat(),
        }
    elif contract.respites.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        errors["starts_on"] = _("Another respite covers some of these days.")
    if errors:
        raise ValidationError(errors)
    with saving():
        return Respite.objects.create(
            contract=contract,
            centre_id=contract.centre_id,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            created_by=by,
        )


# Emergency placement -------------------------------------------------------------------------


def _snapshot(ranking: matching.Ranking, chosen: matching.Ranked) -> list[dict[str, object]]:
    """What the coordinator chose from: the first ten and the chosen one."""
    shown = [r for r in ranking.ranked if r.rank <= 10 or r is chosen]
    return [
        {
            "rank": r.rank,
            "household": str(r.carer.household_id),
            "name": r.carer.name,
            "score": round(r.score, 1),
            "parts": [[p.criterion, round(p.value, 3), p.weight, p.note] for p in r.parts],
        }
        for r in shown
    ]


def match_place(
    *,
    by: User,
    children: Sequence[Child],
    household: CarerHousehold,
    placed_on: dt.date,
    reasons: str = "",
    today: dt.date | None = None,
) -> Match:
    """Place the child or sibling group with the chosen on-call carer, recording the ranking
    it was chosen from and, when a higher-ranked carer was passed over, why."""
    if not children:
        raise ValidationError(_("Choose at least one child."))
    centres = {child.centre_id for child in children}
    # Who may place with this carer is the registry's rule for an emergency placement
    # (``registry.permissions.can_place``), which ``placement_start`` applies again.
    require_change(
        len(centres) == 1
        and all(
            registry_permissions.can_place(by, child, household, emergency=True)
            for child in children
        )
    )
    ranking = selectors.ranking_for(children, placed_on)
    chosen = next((r for r in ranking.ranked if r.carer.household_id == household.pk), None)
    if chosen is None:
        why = next((e.reason for e in ranking.excluded if e.carer.household_id == household.pk), "")
        raise ValidationError(
            {"household": _("This carer cannot take the children now. %(why)s") % {"why": why}}
        )
    if chosen.rank > 1 and not reasons.strip():
        raise ValidationError({"reasons": _("Say why a higher-ranked carer was passed over.")})
    with transaction.atomic():
        placements = [
            registry_services.placement_start(
                by=by,
                child=child,
                kind=Placement.Kind.TEMPORARY,
                started_on=placed_on,
                household=household,
                is_emergency=True,
                notes=_("Emergency placement with an on-call carer (rank %(rank)d).")
                % {"rank": chosen.rank},
                today=today,
            )
            for child in children
        ]
        return Match.objects.create(
            centre_id=children[0].centre_id,
            children=[child.pk for child in children],
            household=household,
            placed_on=placed_on,
            rank=chosen.rank,
            score=round(chosen.score, 1),
            ranking=_snapshot(ranking, chosen),
            reasons=reasons.strip(),
            placements=[p.pk for p in placements],
            by=by,
        )


def weights_set(*, by: User, centre: Organisation, weights: dict[str, int | None]) -> None:
    """The centre's own weights; a criterion without one returns to the default."""
    permissions.check_weights(by, centre)
    for criterion, weight in weights.items():
        if criterion not in Criterion.values:
            raise ValidationError(_("Unknown criterion."))
        if weight is None:
            MatchWeight.objects.filter(centre=centre, criterion=criterion).delete()
        elif not 0 <= weight <= 10:
            raise ValidationError({criterion: _("Give a weight from 0 to 10.")})
        else:
            MatchWeight.objects.update_or_create(
                centre=centre, criterion=criterion, defaults={"weight": weight}
            )


# Placement requests between centres --------------------------------------------------------

REQUEST_CLOSED = gettext_lazy("This request has already been answered or withdrawn.")


def request_send(
    *,
    by: User,
    children: Sequence[Child],
    to_centre: Organisation,
    needed_on: dt.date,
    situation: str = "",
    contact_phone: str = "",
    today: dt.date | None = None,
) -> PlacementRequest:
    """Ask another centre to place the children with one of its on-call carers: who may place
    the children in an emergency may ask. The other centre learns their ages and needs, not
    their names, until it accepts."""
    day = today or clock.today()
    if not children:
        raise ValidationError(_("Choose at least one child."))
    centres = {child.centre_id for child in children}
    require_change(
        len(centres) == 1
        and all(registry_permissions.can_edit_child(by, child) for child in children)
    )
    from_centre_id = children[0].centre_id
    errors: dict[str, str] = {}
    if (
        to_centre.pk == from_centre_id
        or to_centre.kind != Organisation.Kind.CARE_CENTRE
        or not to_centre.is_active
    ):
        errors["to_centre"] = _("Choose another active care centre.")
    if not day <= needed_on <= day + dt.timedelta(days=30):
        errors["needed_on"] = _("Give a day from today to 30 days ahead.")
    if Placement.objects.filter(child__in=children, ended_on__isnull=True).exists():
        errors[NON_FIELD_ERRORS] = _(
            "A child of the request is placed now: end that placement first."
        )
    if PlacementRequest.objects.filter(
        status=PlacementRequest.Status.SENT, children__overlap=[c.pk for c in children]
    ).exists():
        errors[NON_FIELD_ERRORS] = _("A request for this child is already waiting for an answer.")
    if errors:
        raise ValidationError(errors)
    with saving():
        request = PlacementRequest.objects.create(
            from_centre_id=from_centre_id,
            to_centre=to_centre,
            children=[child.pk for child in children],
            needs=[
                {
                    "age": selectors.age_on(child.birth_date, needed_on),
                    "sex": child.sex,
                    "disability": child.has_disability,
                    "languages": list(child.languages or []),
                }
                for child in children
            ],
            needed_on=needed_on,
            situation=situation.strip(),
            contact_phone=contact_phone.strip(),
            requested_by=by,
        )
        _tell_managers(request, to_centre.pk, NotificationKind.PLACEMENT_REQUEST, by)
        _tell_managers(request, from_centre_id, NotificationKind.PLACEMENT_REQUEST, by)
    return request


def _tell_managers(request: PlacementRequest, centre_id: int, kind: str, by: User) -> None:
    notifications.notify(
        recipients=notification_selectors.people_with(centre_id, [Role.CENTRE_MANAGER]),
        kind=kind,
        label=f"{request.from_centre.name} → {request.to_centre.name}",
        link=reverse("oncall:request", args=[request.pk]),
        organisation=centre_id,
        actor=by,
    )


def request_decline(
    *, by: User, request: PlacementRequest, version: int, reason: str
) -> PlacementRequest:
    """The receiving centre's manager says no, and why."""
    require_change(scope_for(by).manages(request.to_centre_id))
    if request.status != PlacementRequest.Status.SENT:
        raise ValidationError(str(REQUEST_CLOSED))
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the request is declined.")})
    with saving():
        update_versioned(
            request,
            version,
            status=PlacementRequest.Status.DECLINED,
            decline_reason=reason.strip(),
            answered_by=by,
            answered_at=clock.now(),
        )
        _answered(request, NotificationKind.PLACEMENT_REQUEST_DECLINED, by)
    return request


def _answered(request: PlacementRequest, kind: str, by: User) -> None:
    for centre_id in (request.from_centre_id, request.to_centre_id):
        _tell_managers(request, centre_id, kind, by)
    notifications.notify(
        recipients=[request.requested_by],
        kind=kind,
        label=f"{request.from_centre.name} → {request.to_centre.name}",
        link=reverse("oncall:request", args=[request.pk]),
        organisation=request.from_centre_id,
        actor=by,
    )


def request_accept(
    *,
    by: User,
    request: PlacementRequest,
    version: int,
    household: CarerHousehold,
    today: dt.date | None = None,
) -> PlacementRequest:
    """The receiving centre's manager accepts: the children's records pass to that centre
    (with their relatives and sibling group, by the database, for a child with no other
    record yet), and the children are placed with the chosen on-call carer through the same
    placement rules as any emergency placement."""
    require_change(scope_for(by).manages(request.to_centre_id))
    if request.status != PlacementRequest.Status.SENT:
        raise ValidationError(str(REQUEST_CLOSED))
    if (
        household.centre_id != request.to_centre_id
        or household.kind != HouseholdKind.ON_CALL
        or household.status != CarerHousehold.Status.ACTIVE
    ):
        raise ValidationError({"household": _("Choose an active on-call carer of your centre.")})
    day = today or clock.today()
    placed_on = max(request.needed_on, day)
    with saving():
        with connection.cursor() as cursor:
            cursor.execute("SELECT globa_transfer_children(%s)", [request.pk])
            row = cursor.fetchone()
        if row and row[0]:
            raise ValidationError(
                _(
                    "A child of this request already has records at the requesting centre "
                    "(placements, services, documents or a brother or sister not in the "
                    "request), so the record cannot pass to your centre here. Please call "
                    "the requesting centre."
                )
            )
        children = list(Child.objects.filter(pk__in=request.children).order_by("birth_date"))
        for child in children:
            registry_services.placement_start(
                by=by,
                child=child,
                kind=Placement.Kind.TEMPORARY,
                started_on=placed_on,
                household=household,
                is_emergency=True,
                notes=_("Emergency placement at the request of %(centre)s.")
                % {"centre": request.from_centre.name},
                today=day,
            )
        update_versioned(
            request,
            version,
            status=PlacementRequest.Status.ACCEPTED,
            household=household,
            answered_by=by,
            answered_at=clock.now(),
        )
        _answered(request, NotificationKind.PLACEMENT_REQUEST_ACCEPTED, by)
    return request


def request_withdraw(*, by: User, request: PlacementRequest, version: int) -> PlacementRequest:
    """The requesting centre no longer needs the place."""
    require_change(
        by.pk == request.requested_by_id or scope_for(by).manages(request.from_centre_id)
    )
    if request.status != PlacementRequest.Status.SENT:
        raise ValidationError(str(REQUEST_CLOSED))
    with saving():
        update_versioned(request, version, status=PlacementRequest.Status.WITHDRAWN)
    return request

"""Writes for on-call care: contracts with on-call carers (and ending them early), respite,
placing children with the carer chosen from a ranking, and each centre's matching weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.lib.dates import check_due_day
from globa.oncall import matching, permissions, selectors
from globa.oncall.models import Contract, Criterion, Match, MatchWeight, Respite
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

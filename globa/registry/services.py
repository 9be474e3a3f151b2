"""Every change to the registry. Each runs in one transaction; the audit trigger records it.

Each service first asks the same access function the pages use (``registry.permissions``),
so no route — page, htmx, import, command — can do what another refuses. Services raise
``ValidationError`` with messages meant for the person at the form; the database
constraints stay the last word and their violations are turned into the same messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from globa.accounts.models import User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.core.saving import saving, update_versioned
from globa.lib import clock, personal_code
from globa.lib.dates import OLDEST_RECORD_YEARS, add_months, add_years
from globa.notifications import services as notifications
from globa.notifications.models import Kind as NotificationKind
from globa.organisations.models import Organisation
from globa.registry import permissions, rules, selectors
from globa.registry.models import (
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    HouseholdAdult,
    HouseholdOwnChild,
    Limit,
    Placement,
    Relative,
    SiblingGroup,
)

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "personal_code",
    "other_identifier",
    "other_identifier_country",
    "municipality",
    "legal_status",
    "status",
    "has_disability",
    "special_needs",
    "languages",
    "sibling_group",
    "support_extended_until",
    "support_extension_decision",
)
# The reason the first coordinator's assignment records: kept in English, shown in the
# reader's language (the household page translates the reasons it knows).
REGISTERED = gettext_noop("household registered")

HOUSEHOLD_FIELDS = (
    "name",
    "kind",
    "status",
    "address",
    "municipality",
    "languages",
    "accepts_age_min",
    "accepts_age_max",
    "accepts_siblings",
    "accepts_disability",
)


def _short(day: dt.date) -> str:
    return date_format(day, "Y-m-d")


# Children ---------------------------------------------------------------------------------


def validate_child(data: dict[str, Any], *, today: dt.date | None = None) -> None:
    """Identifier, birth date and support rules of a child's record."""
    errors: dict[str, list[str]] = {}
    day = today or clock.today()
    birth = data.get("birth_date")
    code = (data.get("personal_code") or "").strip()
    if birth and birth > day:
        errors.setdefault("birth_date", []).append(_("The birth date cannot be in the future."))
    if code:
        try:
            parsed = personal_code.parse(code)
        except personal_code.PersonalCodeError as error:
            errors.setdefault("personal_code", []).append(str(error))
        else:
            if birth and parsed.birth_date != birth:
                errors.setdefault("personal_code", []).append(
                    _(
                        "The personal code gives the birth date %(code_date)s, but %(entered)s was entered."
                    )
                    % {"code_date": parsed.birth_date.isoformat(), "entered": birth.isoformat()}
                )
            if data.get("sex") and parsed.sex != data["sex"]:
                errors.setdefault("personal_code", []).append(
                    _("The first digit of the personal code does not match the sex entered.")
                )
    elif not (data.get("other_identifier") or "").strip():
        errors.setdefault("other_identifier", []).append(
            _("Enter the personal code or, for a child without one, another identifier.")
        )
    extended = data.get("support_extended_until")
    majority = rules.limit(Limit.AGE_OF_MAJORITY, day)
    extension = rules.limit(Limit.EXTENDED_SUPPORT_AGE, day)
    if extended and birth:
        if extended > add_years(birth, extension):
            errors.setdefault("support_extended_until", []).append(
                _("Support can be extended to the birthday at %(age)d at the latest.")
                % {"age": extension}
            )
        if extended <= add_years(birth, majority):
            errors.setdefault("support_extended_until", []).append(
                _("An extension must end after the birthday at %(age)d.") % {"age": majority}
            )
        if not (data.get("support_extension_decision") or "").strip():
            errors.setdefault("support_extension_decision", []).append(
                _("Record the decision (number and date) that extends support after 18.")
            )
    if birth and birth <= day:
        oldest = add_years(day, -extension)
        if data.get("status", Child.Status.IN_CARE) != Child.Status.LEFT_CARE and birth <= oldest:
            errors.setdefault("birth_date", []).append(
                _(
                    "A child in care or supported after %(majority)d is younger than %(age)d: "
                    "check the birth date."
                )
                % {"majority": majority, "age": extension}
            )
        elif birth < add_years(day, -OLDEST_RECORD_YEARS):
            errors.setdefault("birth_date", []).append(
                _("Check the birth date: it is more than %(years)d years ago.")
                % {"years": OLDEST_RECORD_YEARS}
            )
    if errors:
        raise ValidationError(errors)


def _clean_child(data: dict[str, Any], centre_id: int) -> dict[str, Any]:
    values = {key: data[key] for key in CHILD_FIELDS if key in data}
    group = values.get("sibling_group")
    if group is not None and group.centre_id != centre_id:
        # Relations stay within one centre, whatever centres the user works in.
        raise ValidationError(
            {"sibling_group": _("Choose a sibling group of the child's own centre.")}
        )
    new_group = (data.get("new_sibling_group") or "").strip()
    if new_group:
        values["sibling_group"] = SiblingGroup.objects.create(centre_id=centre_id, label=new_group)
    values["personal_code"] = (values.get("personal_code") or "").strip() or None
    values["first_name"] = values["first_name"].strip()
    values["last_name"] = values["last_name"].strip()
    return values


def child_create(
    *, by: User, centre: Organisation, data: dict[str, Any], today: dt.date | None = None
) -> Child:
    """Register a child in the user's centre (``today``: the day the record is of, when a
    history is recorded afterwards)."""
    require_page(scope_for(by).writes_registry(centre.id))
    validate_child(data, today=today)
    with saving():
        return Child.objects.create(centre=centre, **_clean_child(data, centre.id))


def child_update(*, by: User, child: Child, version: int, data: dict[str, Any]) -> Child:
    """Change a child's record, unless someone else changed it meanwhile."""
    require_change(permissions.can_edit_child(by, child))
    validate_child(data)
    with saving():
        update_versioned(child, version, **_clean_child(data, child.centre_id))
    return child


def relative_add(*, by: User, child: Child, data: dict[str, Any]) -> Relative:
    require_change(permissions.can_edit_child(by, child))
    return Relative.objects.create(child=child, centre_id=child.centre_id, **data)


def relative_update(*, by: User, relative: Relative, data: dict[str, Any]) -> Relative:
    require_change(permissions.can_edit_child(by, relative.child))
    for key, value in data.items():
        setattr(relative, key, value)
    relative.save()
    return relative


# Households -------------------------------------------------------------------------------


def household_create(
    *,
    by: User,
    centre: Organisation,
    coordinator: User,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> CarerHousehold:
    """Register a household with the coordinator who will support it from today."""
    require_page(scope_for(by).manages(centre.id))
    if not selectors.coordinator_is_in_centre(coordinator, centre.id):
        raise ValidationError({"coordinator": _("Choose a coordinator of this centre.")})
    with saving():
        household = CarerHousehold.objects.create(
            centre=centre, **{k: data[k] for k in HOUSEHOLD_FIELDS if k in data}
        )
        CoordinatorAssignment.objects.create(
            household=household,
            centre=centre,
            coordinator=coordinator,
            started_on=today or clock.today(),
            assigned_by=by,
            reason=REGISTERED,
        )
        _tell_coordinator(household, coordinator, by)
    return household


def _tell_coordinator(household: CarerHousehold, coordinator: User, by: User) -> None:
    notifications.notify(
        recipients=[coordinator],
        kind=NotificationKind.HOUSEHOLD_ASSIGNED,
        label=household.name,
        link=reverse("registry:household", args=[household.pk]),
        organisation=household.centre_id,
        actor=by,
    )


def household_update(
    *, by: User, household: CarerHousehold, version: int, data: dict[str, Any]
) -> CarerHousehold:
    require_change(permissions.can_edit_household(by, household))
    values = {k: data[k] for k in HOUSEHOLD_FIELDS if k in data}
    closing = values.get("status") == CarerHousehold.Status.CLOSED
    with saving():
        if closing and household.placements.filter(ended_on__isnull=True).exists():
            raise ValidationError(
                {"status": _("End the current placements before closing the household.")}
            )
        update_versioned(household, version, **values)
        if closing:
            household.assignments.filter(ended_on__isnull=True).update(ended_on=clock.today())
    return household


def household_adult_add(
    *, by: User, household: CarerHousehold, data: dict[str, Any]
) -> HouseholdAdult:
    require_change(permissions.can_edit_household(by, household))
    code = (data.get("personal_code") or "").strip()
    if code:
        try:
            parsed = personal_code.parse(code)
        except personal_code.PersonalCodeError as error:
            raise ValidationError({"personal_code": str(error)}) from None
        if data.get("birth_date") and parsed.birth_date != data["birth_date"]:
            raise ValidationError(
                {"personal_code": _("The personal code does not match the birth date entered.")}
            )
    birth, today = data.get("birth_date"), clock.today()
    if birth:
        majority = rules.limit(Limit.AGE_OF_MAJORITY, today)
        if birth > add_years(today, -majority):
            raise ValidationError(
                {
                    "birth_date": _(
                        "An adult of the household is at least %(age)d. A younger person is "
                        "added as the family's own child."
                    )
                    % {"age": majority}
                }
            )
        if birth < add_years(today, -OLDEST_RECORD_YEARS):
            raise ValidationError(
                {
                    "birth_date": _("Check the birth date: it is more than %(years)d years ago.")
                    % {"years": OLDEST_RECORD_YEARS}
                }
            )
    return HouseholdAdult.objects.create(household=household, centre_id=household.centre_id, **data)


def household_own_child_add(
    *, by: User, household: CarerHousehold, data: dict[str, Any]
) -> HouseholdOwnChild:
    require_change(permissions.can_edit_household(by, household))
    birth, today = data.get("birth_date"), clock.today()
    if birth and birth > today:
        raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})
    if birth and birth < add_years(today, -OLDEST_RECORD_YEARS):
        raise ValidationError(
            {
                "birth_date": _("Check the birth date: it is more than %(years)d years ago.")
                % {"years": OLDEST_RECORD_YEARS}
            }
        )
    return HouseholdOwnChild.objects.create(
        household=household, centre_id=household.centre_id, **data
    )


def coordinator_assign(
    *,
    by: User,
    household: CarerHousehold,
    coordinator: User,
    reason: str = "",
    today: dt.date | None = None,
) -> CoordinatorAssignment:
    """Make the coordinator the household's only active one; the previous assignment ends today."""
    require_change(scope_for(by).manages(household.centre_id))
    day = today or clock.today()
    if not selectors.coordinator_is_in_centre(coordinator, household.centre_id):
        raise ValidationError({"coordinator": _("Choose a coordinator of this centre.")})
    if household.status == CarerHousehold.Status.CLOSED:
        raise ValidationError(_("A closed household has no coordinator."))
    with saving():
        # Lock the household row so two reassignments cannot interleave.
        CarerHousehold.objects.select_for_update().filter(pk=household.pk).first()
        current = household.assignments.filter(ended_on__isnull=True).first()
        if current is not None:
            if current.coordinator_id == coordinator.pk:
                raise ValidationError({"coordinator": _("This coordinator is already assigned.")})
            current.ended_on = day
            current.save(update_fields=["ended_on"])
        assignment = CoordinatorAssignment.objects.create(
            household=household,
            centre_id=household.centre_id,
            coordinator=coordinator,
            started_on=day,
            assigned_by=by,
            reason=reason,
        )
        _tell_coordinator(household, coordinator, by)
        return assignment


def coordinators_reassign(
    *,
    by: User,
    households: list[CarerHousehold],
    coordinator: User,
    reason: str = "",
    today: dt.date | None = None,
) -> list[CoordinatorAssignment]:
    """Hand several households to one coordinator at once: all of them, or none. Each keeps
    its history (the previous assignment ends, a new one starts)."""
    if not households:
        raise ValidationError({"households": _("Choose at least one household.")})
    problems: list[str] = []
    assignments: list[CoordinatorAssignment] = []
    with transaction.atomic():
        for household in households:
            try:
                assignments.append(
                    coordinator_assign(
                        by=by,
                        household=household,
                        coordinator=coordinator,
                        reason=reason,
                        today=today,
                    )
                )
            except ValidationError as error:
                problems.append(f"{household}: {' '.join(error.messages)}")
        if problems:
            # Leaving the block with an exception undoes the reassignments made so far.
            raise ValidationError(problems)
    return assignments


# Placements -------------------------------------------------------------------------------


def check_capacity(household: CarerHousehold, child: Child, on: dt.date) -> None:
    """Refuse a placement the household's capacity rule does not allow, naming the rule."""
    rule = selectors.capacity_rule_for(household.kind, on)
    if rule is None:
        return
    placed = selectors.placed_with(household, on) + 1
    total = placed + selectors.own_children_count(household)
    # On every placement with the household, also another centre's the user may not see.
    keeps_siblings = child.sibling_group_id is not None and selectors.keeps_siblings(
        household, child.sibling_group_id, on
    )
    if rule.max_placed is not None and placed > rule.max_placed:
        raise ValidationError(
            _(
                "Rule “%(rule)s”: at most %(limit)d children may be placed at once; this would make %(count)d."
            )
            % {"rule": rule.display_name, "limit": rule.max_placed, "count": placed}
        )
    if (
        rule.max_total is not None
        and total > rule.max_total
        and not (rule.siblings_may_exceed and keeps_siblings)
    ):
        raise ValidationError(
            _(
                "Rule “%(rule)s”: at most %(limit)d children including the family's own; this would make %(count)d."
            )
            % {"rule": rule.display_name, "limit": rule.max_total, "count": total}
        )


def placement_start(
    *,
    by: User,
    child: Child,
    kind: str,
    started_on: dt.date,
    household: CarerHousehold | None = None,
    institution: Organisation | None = None,
    is_emergency: bool = False,
    notes: str = "",
    today: dt.date | None = None,
) -> Placement:
    """Place a child with a household or in an institution, within the capacity rules.
    Who may place with which household is ``permissions.can_place``."""
    day = today or clock.today()
    if (household is None) == (institution is None):
        raise ValidationError(_("Choose either a carer household or an institution."))
    if household is not None and household.centre_id != child.centre_id:
        raise ValidationError({"household": _("Choose a household of the child's own centre.")})
    if not permissions.can_place(by, child, household, emergency=is_emergency):
        if permissions.can_edit_child(by, child):
            raise ValidationError(
                {"household": _("You can place children only with households you coordinate.")}
            )
        require_change(False)
    if started_on > day + dt.timedelta(days=30):
        raise ValidationError(
            {"started_on": _("A placement cannot start more than 30 days ahead.")}
        )
    if started_on < child.birth_date:
        raise ValidationError(
            {"started_on": _("A placement cannot start before the child was born.")}
        )
    if child.status == Child.Status.LEFT_CARE:
        raise ValidationError(_("This child has left care; change the status before placing."))
    if household is not None and household.status != CarerHousehold.Status.ACTIVE:
        raise ValidationError({"household": _("Only an active household can take a child.")})
    with saving():
        # Lock the child and the household so two placements cannot pass the checks together.
        Child.objects.select_for_update().filter(pk=child.pk).first()
        # A new placement is open-ended: anything not ended by its start overlaps it.
        overlapping = (
            child.placements.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
            .order_by("started_on")
            .first()
        )
        if overlapping is not None:
            period = _("from %(start)s") % {"start": _short(overlapping.started_on)}
            if overlapping.ended_on:
                period += " " + _("to %(end)s") % {"end": _short(overlapping.ended_on)}
            else:
                period += " " + _("with no end yet")
            raise ValidationError(
                {
                    "started_on": _("This child already has a placement %(period)s.")
                    % {"period": period}
                }
            )
        if household is not None:
            CarerHousehold.objects.select_for_update().filter(pk=household.pk).first()
            check_capacity(household, child, started_on)
        placement = Placement.objects.create(
            child=child,
            centre_id=child.centre_id,
            household=household,
            institution=institution,
            kind=kind,
            started_on=started_on,
            is_emergency=is_emergency,
            notes=notes,
            created_by=by,
        )
        if household is not None:
            notifications.notify(
                recipients=selectors.coordinators_of(household),
                kind=NotificationKind.PLACEMENT,
                # The child's name, then where: both in the nominative, as the records say.
                label=f"{child} — {household.name}",
                link=reverse("registry:child", args=[child.pk]),
                organisation=child.centre_id,
                actor=by,
            )
        return placement


def placement_end(
    *,
    by: User,
    placement: Placement,
    ended_on: dt.date,
    end_reason: str,
    version: int,
    today: dt.date | None = None,
) -> list[str]:
    """End a placement; returns warnings (a rule exceeded) that do not stop the record."""
    require_change(permissions.can_edit_child(by, placement.child))
    day = today or clock.today()
    if placement.ended_on is not None:
        raise ValidationError(_("This placement has already ended."))
    if ended_on <= placement.started_on:
        raise ValidationError(
            {
                "ended_on": _("The end must be after the start (%(start)s).")
                % {"start": placement.started_on.isoformat()}
            }
        )
    if ended_on > day:
        raise ValidationError({"ended_on": _("A placement cannot be ended in the future.")})
    if not end_reason:
        raise ValidationError({"end_reason": _("Choose why the placement ended.")})
    with saving():
        update_versioned(placement, version, ended_on=ended_on, end_reason=end_reason)
    return placement_warnings(placement, day)


def placement_warnings(placement: Placement, today: dt.date) -> list[str]:
    """Rules a placement exceeds, e.g. an on-call placement longer than 12 months."""
    if placement.household is None:
        return []
    rule = selectors.capacity_rule_for(placement.household.kind, placement.started_on)
    if rule is None or rule.max_months_per_child is None:
        return []
    limit = add_months(placement.started_on, rule.max_months_per_child)
    if (placement.ended_on or today) > limit:
        return [
            _(
                "Rule “%(rule)s”: a child may stay at most %(months)d months; this placement went past %(limit)s."
            )
            % {
                "rule": rule.display_name,
                "months": rule.max_months_per_child,
                "limit": limit.isoformat(),
            }
        ]
    return []

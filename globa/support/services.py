"""Recording the help given. Every write runs in one transaction; the audit trigger records it.

A contact is one service given by one person on one day, to one or several recipients (a
home visit to a household and the two children placed there is three deliveries sharing
one ``contact``): all of them are saved, or none.

A group session is a contact too: each member who attended receives the group's service,
one delivery per attendee linked to the session, checked by the same rules. GIMK training
sessions (the training app) record their attendance through the same functions
(``validate_contact``, ``attendance_deliveries``, ``follow_session``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.organisations.models import Organisation
from globa.registry import selectors as registry_selectors
from globa.registry.models import CarerHousehold, Child
from globa.support import permissions, selectors
from globa.support.models import (
    GROUP_FORMS,
    LONGEST_DELIVERY_MINUTES,
    Delivery,
    DeliveryForm,
    Group,
    GroupMember,
    GroupSession,
    HomeVisit,
    PlannedVisit,
    Safety,
    Service,
    ServiceProvision,
)
from globa.support.selectors import group_services, services_provided, staff_of

OLDEST_RECORD_DAYS = 366


@dataclass(frozen=True)
class Contact:
    """What the person at the form says about one contact."""

    service: Service
    delivered_on: dt.date
    minutes: int
    form: str
    notes: str = ""


def validate_contact(contact: Contact, *, provider_id: int, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    day = contact.delivered_on
    if day > today:
        errors["delivered_on"] = _("The date is in the future. Record a service once it is given.")
    elif (today - day).days > OLDEST_RECORD_DAYS:
        errors["delivered_on"] = _("The date is more than a year ago. Please check the year.")
    if not 1 <= contact.minutes <= LONGEST_DELIVERY_MINUTES:
        errors["minutes"] = _("A duration is between 1 minute and 12 hours (720 minutes).")
    if contact.form not in DeliveryForm.values:
        errors["form"] = _("Choose how the service was given.")
    if "delivered_on" not in errors and not (
        services_provided(provider_id, day).filter(pk=contact.service.pk).exists()
    ):
        errors["service"] = _(
            "Your organisation does not provide “%(service)s” on this date "
            "(see the organisation's services)."
        ) % {"service": contact.service.name}
    return errors


@dataclass(frozen=True)
class HomeVisitFacts:
    """What a home visit found: the children (of those placed there) seen, and seen alone,
    whether there are concerns about their safety, and what happens next."""

    safety: str
    children_seen: Sequence[Child] = ()
    children_seen_alone: Sequence[Child] = ()
    safety_notes: str = ""
    next_steps: str = ""


# Why a second record of the same contact needs a confirmation.
SAME_CONTACT = gettext_lazy(
    "This service is already recorded for this recipient on this day. If this was another "
    "contact, confirm below; if not, there is nothing more to record."
)


def _home_visit_errors(
    facts: HomeVisitFacts | None, household: CarerHousehold | None, day: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if household is None:
        return errors
    if facts is None or facts.safety not in Safety.values:
        errors["safety"] = _("Say whether there are concerns about the children's safety.")
        return errors
    if facts.safety == Safety.CONCERNS and not facts.safety_notes.strip():
        errors["safety_notes"] = _("Describe the concerns about safety.")
    placed = {
        p.child_id for p in registry_selectors.placements_active_on(household, day).only("child_id")
    }
    if any(child.pk not in placed for child in facts.children_seen):
        errors["children_seen"] = _("Choose among the children placed in the household that day.")
    seen = {child.pk for child in facts.children_seen}
    if any(child.pk not in seen for child in facts.children_seen_alone):
        errors["children_seen_alone"] = _("A child seen alone must also be marked as seen.")
    return errors


def record_contact(
    *,
    by: User,
    provider_id: int,
    contact: Contact,
    household: CarerHousehold | None = None,
    children: Sequence[Child] = (),
    person_name: str = "",
    today: dt.date | None = None,
    visit: PlannedVisit | None = None,
    home_visit: HomeVisitFacts | None = None,
    confirm_same: bool = True,
) -> list[Delivery]:
    """Save one delivery per recipient, all or nothing. A home visit to a household keeps
    its structured record (``home_visit``); the contact completes the planned ``visit``,
    or the household's visit booked for that day. ``confirm_same=False`` refuses a second
    record of the same service to the same recipient on one day until confirmed."""
    today = today or clock.today()
    errors = validate_contact(contact, provider_id=provider_id, today=today)
    # The form always sends the record of a home visit to a household; an import of past
    # contacts may have none.
    if contact.form == DeliveryForm.HOME_VISIT and household is not None and home_visit:
        errors.update(_home_visit_errors(home_visit, household, contact.delivered_on))
    if visit is not None and (
        visit.status != PlannedVisit.Status.PLANNED
        or household is None
        or visit.household_id != household.pk
    ):
        errors["visit"] = _("This planned visit is no longer open: it was recorded or cancelled.")
    person_name = person_name.strip()
    if household is None and not children and not person_name:
        errors["recipients"] = _("Choose who received the service.")
    records: list[CarerHousehold | Child] = [*([household] if household else []), *children]
    foreign = _not_own_record(records, provider_id)
    if foreign:
        errors["recipients"] = foreign
    for child in children:
        if child.birth_date > contact.delivered_on:
            errors["delivered_on"] = _("%(name)s was not yet born on this date.") % {"name": child}
    if errors:
        raise ValidationError(errors)
    require_change(household is None or permissions.can_record_for_household(by, household))
    require_change(not children or permissions.can_record_for_children(by, children))
    require_change(bool(household or children) or permissions.can_record_in(by, provider_id))

    contact_id = uuid.uuid4()
    shared = {
        "contact": contact_id,
        "provider_id": provider_id,
        "service": contact.service,
        "delivered_on": contact.delivered_on,
        "minutes": contact.minutes,
        "form": contact.form,
        "notes": contact.notes.strip(),
        "given_by": by,
        "recorded_by": by,
    }
    if not confirm_same and selectors.same_contact_that_day(
        provider_id=provider_id,
        service_id=contact.service.pk,
        day=contact.delivered_on,
        household=household,
        children=list(children),
    ):
        raise ValidationError({"confirm_same": str(SAME_CONTACT)}, code="same_contact")
    rows = [Delivery(household=household, **shared)] if household else []
    rows += [Delivery(child=child, **shared) for child in children]
    if person_name:
        rows.append(Delivery(person_name=person_name, **shared))
    with saving():
        saved = Delivery.objects.bulk_create(rows)
        if household is not None:
            if contact.form == DeliveryForm.HOME_VISIT and home_visit is not None:
                HomeVisit.objects.create(
                    contact=contact_id,
                    provider_id=provider_id,
                    household=household,
                    visited_on=contact.delivered_on,
                    children_seen=[child.pk for child in home_visit.children_seen],
                    children_seen_alone=[child.pk for child in home_visit.children_seen_alone],
                    safety=home_visit.safety,
                    safety_notes=home_visit.safety_notes.strip(),
                    next_steps=home_visit.next_steps.strip(),
                    recorded_by=by,
                )
            _complete_visits(household, visit, contact_id, contact.delivered_on)
        return saved


def _complete_visits(
    household: CarerHousehold, visit: PlannedVisit | None, contact: uuid.UUID, day: dt.date
) -> None:
    """The contact completes the visit it was recorded from, and any visit booked with the
    household for its day."""
    booked = Q(planned_on=day) | (Q(pk=visit.pk) if visit is not None else Q(pk__in=[]))
    PlannedVisit.objects.filter(
        booked, household=household, status=PlannedVisit.Status.PLANNED
    ).update(
        status=PlannedVisit.Status.DONE, contact=contact, done_on=day, version=F("version") + 1
    )


# Planned visits ---------------------------------------------------------------------------

# How far ahead a visit can be booked.
LONGEST_PLAN_DAYS = 366


@dataclass(frozen=True)
class Visit:
    """What the person at the form says about a visit to book."""

    planned_on: dt.date
    kind: str
    planned_at: dt.time | None = None
    note: str = ""


def _visit_errors(visit: Visit, household: CarerHousehold, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if visit.planned_on < today:
        errors["planned_on"] = _("The date has passed. Record a contact that took place instead.")
    elif (visit.planned_on - today).days > LONGEST_PLAN_DAYS:
        errors["planned_on"] = _("A visit can be booked at most a year ahead.")
    if visit.kind not in DeliveryForm.values:
        errors["kind"] = _("Choose how the contact will take place.")
    if household.status == CarerHousehold.Status.CLOSED:
        errors["household"] = _("A closed household gets no visits.")
    return errors


def _booked_that_day(household: CarerHousehold, day: dt.date, but: PlannedVisit | None) -> bool:
    booked = household.planned_visits.filter(planned_on=day, status=PlannedVisit.Status.PLANNED)
    return (booked.exclude(pk=but.pk) if but else booked).exists()


def visit_plan(
    *,
    by: User,
    household: CarerHousehold,
    visit: Visit,
    visitor: User | None = None,
    today: dt.date | None = None,
) -> PlannedVisit:
    """Book a contact with the household: who may record its contacts may book them."""
    require_change(permissions.can_record_for_household(by, household))
    today = today or clock.today()
    errors = _visit_errors(visit, household, today)
    visitor = visitor or by
    if not staff_of(household.centre_id).filter(pk=visitor.pk).exists():
        errors["visitor"] = _("Choose someone who works with this centre's records.")
    if "planned_on" not in errors and _booked_that_day(household, visit.planned_on, None):
        errors["planned_on"] = _("A visit to this household is already planned that day.")
    if errors:
        raise ValidationError(errors)
    with saving():
        return PlannedVisit.objects.create(
            provider_id=household.centre_id,
            household=household,
            planned_on=visit.planned_on,
            planned_at=visit.planned_at,
            kind=visit.kind,
            note=visit.note.strip(),
            visitor=visitor,
            planned_by=by,
        )


def visit_change(
    *, by: User, planned: PlannedVisit, version: int, visit: Visit, today: dt.date | None = None
) -> PlannedVisit:
    """Move a booked visit to another day or time, or change how it takes place."""
    require_change(permissions.can_record_for_household(by, planned.household))
    if planned.status != PlannedVisit.Status.PLANNED:
        raise ValidationError(
            _("This planned visit is no longer open: it was recorded or cancelled.")
        )
    errors = _visit_errors(visit, planned.household, today or clock.today())
    if "planned_on" not in errors and _booked_that_day(
        planned.household, visit.planned_on, planned
    ):
        errors["planned_on"] = _("A visit to this household is already planned that day.")
    if errors:
        raise ValidationError(errors)
    with saving():
        update_versioned(
            planned,
            version,
            planned_on=visit.planned_on,
            planned_at=visit.planned_at,
            kind=visit.kind,
            note=visit.note.strip(),
        )
    return planned


def visit_cancel(*, by: User, planned: PlannedVisit, version: int, reason: str) -> PlannedVisit:
    """Call off a booked visit, saying why (kept in the record)."""
    require_change(permissions.can_record_for_household(by, planned.household))
    if planned.status != PlannedVisit.Status.PLANNED:
        raise ValidationError(
            _("This planned visit is no longer open: it was recorded or cancelled.")
        )
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the visit is cancelled.")})
    with saving():
        update_versioned(
            planned,
            version,
            status=PlannedVisit.Status.CANCELLED,
            cancel_reason=reason.strip()[:300],
        )
    return planned


def _not_own_record(records: Iterable[CarerHousehold | Child], provider_id: int) -> str:
    """The message for the last recipient who is not a record of the provider, if any."""
    message = ""
    for record in records:
        if record.centre_id != provider_id:
            message = _(
                "%(name)s is not a record of your organisation; a service is recorded by the "
                "organisation that gave it, for its own records."
            ) % {"name": record}
    return message


CENTRE_GROUPS = ("care_centre", "family")


def provide_services(
    organisations: Sequence[Organisation], groups: Sequence[str] = CENTRE_GROUPS
) -> int:
    """Record that the organisations provide every current service of the groups (a care
    centre's usual set). Existing provisions are kept. Returns how many were added."""
    services = list(Service.objects.filter(group__in=groups, valid_to__isnull=True))
    rows = [
        ServiceProvision(organisation=organisation, service=service)
        for organisation in organisations
        for service in services
    ]
    created = ServiceProvision.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(created)


# Group sessions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupDetails:
    """What the person at the form says about a group."""

    name: str
    service: Service
    facilitator: User
    description: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class SessionDetails:
    """What the person at the form says about one session of a group."""

    held_on: dt.date
    minutes: int
    form: str
    facilitator: User
    topic: str = ""
    notes: str = ""


def _group_errors(
    details: GroupDetails, *, by: User, provider_id: int, today: dt.date, group: Group | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = details.name.strip()
    same_name = Group.objects.filter(provider_id=provider_id, name=name)
    if group is not None:
        same_name = same_name.exclude(pk=group.pk)
    if not name:
        errors["name"] = _("Give the group a name.")
    elif same_name.exists():
        errors["name"] = _("Your organisation already has a group of this name.")
    unchanged = group is not None and group.service_id == details.service.pk
    if not unchanged:
        if not group_services(provider_id, today).filter(pk=details.service.pk).exists():
            errors["service"] = _(
                "Choose a service your organisation provides in groups "
                "(see the organisation's services)."
            )
        elif group is not None and group.sessions.exists():
            errors["service"] = _(
                "Sessions of this group are already recorded as “%(service)s”. "
                "Start a new group for another service."
            ) % {"service": group.service.name}
    if not staff_of(provider_id).filter(pk=details.facilitator.pk).exists():
        errors["facilitator"] = _("Choose a facilitator who works at your organisation.")
    elif not scope_for(by).records_for_all(provider_id) and details.facilitator.pk != by.pk:
        errors["facilitator"] = _(
            "A coordinator runs the groups they facilitate. The centre manager or a specialist "
            "can hand the group to a colleague."
        )
    return errors


def create_group(
    *, by: User, provider_id: int, details: GroupDetails, today: dt.date | None = None
) -> Group:
    """Start a group the organisation runs as one of its group services."""
    require_change(permissions.can_start_group(by, provider_id))
    today = today or clock.today()
    errors = _group_errors(details, by=by, provider_id=provider_id, today=today, group=None)
    if errors:
        raise ValidationError(errors)
    with saving():
        return Group.objects.create(
            provider_id=provider_id,
            service=details.service,
            name=details.name.strip(),
            facilitator=details.facilitator,
            description=details.description.strip(),
            is_active=details.is_active,
        )


def change_group(
    *, by: User, group: Group, details: GroupDetails, version: int, today: dt.date | None = None
) -> Group:
    """Change a group's name, service (before its first session), facilitator or status."""
    require_change(permissions.can_run_group(by, group))
    today = today or clock.today()
    errors = _group_errors(details, by=by, provider_id=group.provider_id, today=today, group=group)
    if errors:
        raise ValidationError(errors)
    with saving():
        update_versioned(
            group,
            version,
            service=details.service,
            name=details.name.strip(),
            facilitator=details.facilitator,
            description=details.description.strip(),
            is_active=details.is_active,
        )
    group.refresh_from_db()
    return group


def add_group_member(
    *,
    by: User,
    group: Group,
    household: CarerHousehold | None = None,
    person_name: str = "",
    today: dt.date | None = None,
) -> GroupMember:
    """Add a household of the organisation, or a named person, to the group; someone who
    had left joins again."""
    require_change(permissions.can_run_group(by, group))
    today = today or clock.today()
    person_name = person_name.strip()
    if (household is None) == (not person_name):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Choose a household or write the name of a person (one of the two)."
                )
            }
        )
    if household is not None:
        foreign = _not_own_record([household], group.provider_id)
        if foreign:
            raise ValidationError({"household": foreign})
        if household.status == CarerHousehold.Status.CLOSED:
            raise ValidationError({"household": _("The household is closed.")})
        existing = group.members.filter(household=household).first()
        field = "household"
    else:
        existing = group.members.filter(person_name=person_name).first()
        field = "person_name"
    if existing is not None and existing.left_on is None:
        raise ValidationError(
            {field: _("%(name)s is already a member of the group.") % {"name": existing}}
        )
    with saving():
        if existing is not None:
            existing.joined_on, existing.left_on = today, None
            existing.save(update_fields=["joined_on", "left_on"])
            return existing
        return GroupMember.objects.create(
            group=group,
            provider_id=group.provider_id,
            household=household,
            person_name=person_name,
            joined_on=today,
        )


def remove_group_member(*, by: User, member: GroupMember, today: dt.date | None = None) -> bool:
    """Take a member off the group. One who attended keeps the attendance and is marked as
    having left today; one who never attended (added by mistake) is deleted. True if deleted."""
    require_change(permissions.can_run_group(by, member.group))
    if member.left_on is not None:
        raise ValidationError(_("%(name)s has already left the group.") % {"name": member})
    today = today or clock.today()
    with saving():
        if not member.deliveries.exists():
            member.delete()
            return True
        member.left_on = max(today, member.joined_on)
        member.save(update_fields=["left_on"])
    return False


def _session_errors(
    group: Group,
    details: SessionDetails,
    attended: Sequence[GroupMember],
    today: dt.date,
    session: GroupSession | None = None,
) -> dict[str, str]:
    contact = Contact(
        service=group.service,
        delivered_on=details.held_on,
        minutes=details.minutes,
        form=details.form,
    )
    errors = validate_contact(contact, provider_id=group.provider_id, today=today)
    if "delivered_on" in errors:
        errors["held_on"] = errors.pop("delivered_on")
    if "form" not in errors and details.form not in GROUP_FORMS:
        errors["form"] = _("A group meets at the office or remotely.")
    if not staff_of(group.provider_id).filter(pk=details.facilitator.pk).exists():
        errors["facilitator"] = _("Choose a facilitator who works at your organisation.")
    # Those already recorded at this session stay valid even if they rejoined the group later.
    present = (
        set()
        if session is None
        else set(session.deliveries.values_list("group_member_id", flat=True))
    )
    if not attended:
        errors["attended"] = _("Tick who came: a session is recorded with its participants.")
    for member in attended:
        if member.group_id != group.pk:
            errors["attended"] = _("%(name)s is not a member of this group.") % {"name": member}
        elif member.joined_on > details.held_on and member.pk not in present:
            errors["attended"] = _("%(name)s joined the group on %(day)s, after this session.") % {
                "name": member,
                "day": date_format(member.joined_on, "Y-m-d"),
            }
        elif member.left_on is not None and member.left_on < details.held_on:
            errors["attended"] = _("%(name)s left the group on %(day)s, before this session.") % {
                "name": member,
                "day": date_format(member.left_on, "Y-m-d"),
            }
    foreign = _not_own_record(
        [member.household for member in attended if member.household is not None],
        group.provider_id,
    )
    if foreign:
        errors["attended"] = foreign
    return errors


@dataclass(frozen=True)
class Attendee:
    """Someone at a session who receives its service: a household, or a person by name."""

    household_id: uuid.UUID | None = None
    person_name: str = ""


def attendance_deliveries(
    *,
    by: User,
    provider_id: int,
    contact: Contact,
    contact_id: uuid.UUID,
    given_by_id: int,
    attendees: Sequence[Attendee],
    **links: Any,
) -> list[Delivery]:
    """The deliveries of one session, unsaved: its service to each attendee, on its day, for
    its length, sharing the session's contact id; ``links`` name what they record (the group
    session). Check the contact with ``validate_contact`` first; the caller saves them in
    the transaction that saves the session, so a session is never half recorded."""
    return [
        Delivery(
            contact=contact_id,
            provider_id=provider_id,
            service=contact.service,
            delivered_on=contact.delivered_on,
            minutes=contact.minutes,
            form=contact.form,
            notes=contact.notes.strip(),
            given_by_id=given_by_id,
            household_id=attendee.household_id,
            person_name=attendee.person_name.strip(),
            recorded_by=by,
            **links,
        )
        for attendee in attendees
    ]


def follow_session(deliveries: QuerySet[Delivery], contact: Contact, given_by_id: int) -> None:
    """A session corrected afterwards: its attendees' deliveries take its new day, length,
    form, notes and who gave it."""
    deliveries.update(
        delivered_on=contact.delivered_on,
        minutes=contact.minutes,
        form=contact.form,
        notes=contact.notes.strip(),
        given_by_id=given_by_id,
    )


def _session_contact(session: GroupSession) -> Contact:
    return Contact(
        service=session.group.service,
        delivered_on=session.held_on,
        minutes=session.minutes,
        form=session.form,
        notes=_attendance_note(session),
    )


def _attendance(session: GroupSession, members: Sequence[GroupMember], by: User) -> list[Delivery]:
    rows = attendance_deliveries(
        by=by,
        provider_id=session.provider_id,
        contact=_session_contact(session),
        contact_id=session.contact,
        given_by_id=session.facilitator_id,
        attendees=[Attendee(m.household_id, m.person_name) for m in members],
        session=session,
    )
    for row, member in zip(rows, members, strict=True):
        row.group_member = member
    return rows


def _attendance_note(session: GroupSession) -> str:
    """What the participant's contacts show: which group, and the topic."""
    topic = session.topic.strip()
    return f"{session.group.name}: {topic}" if topic else session.group.name


def _unique(members: Sequence[GroupMember]) -> list[GroupMember]:
    return list({member.pk: member for member in members}.values())


def record_session(
    *,
    by: User,
    group: Group,
    details: SessionDetails,
    attended: Sequence[GroupMember],
    today: dt.date | None = None,
) -> GroupSession:
    """Save a session and one delivery of the group's service per member who attended,
    all or nothing."""
    require_change(permissions.can_run_group(by, group))
    today = today or clock.today()
    attended = _unique(attended)
    errors = _session_errors(group, details, attended, today)
    if not group.is_active:
        errors[NON_FIELD_ERRORS] = _("The group is closed. Reopen it to record a session.")
    if errors:
        raise ValidationError(errors)
    with saving():
        session = GroupSession.objects.create(
            group=group,
            provider_id=group.provider_id,
            held_on=details.held_on,
            minutes=details.minutes,
            form=details.form,
            topic=details.topic.strip(),
            notes=details.notes.strip(),
            facilitator=details.facilitator,
            recorded_by=by,
        )
        Delivery.objects.bulk_create(_attendance(session, attended, by))
    return session


def change_session(
    *,
    by: User,
    session: GroupSession,
    details: SessionDetails,
    attended: Sequence[GroupMember],
    version: int,
    today: dt.date | None = None,
) -> GroupSession:
    """Change a session and its attendance: the deliveries of those who no longer attended
    are deleted, those of new attendees added, the others follow the session; all or
    nothing."""
    group = session.group
    require_change(permissions.can_run_group(by, group))
    today = today or clock.today()
    attended = _unique(attended)
    errors = _session_errors(group, details, attended, today, session)
    if errors:
        raise ValidationError(errors)
    wanted = {member.pk: member for member in attended}
    with saving():
        update_versioned(
            session,
            version,
            held_on=details.held_on,
            minutes=details.minutes,
            form=details.form,
            topic=details.topic.strip(),
            notes=details.notes.strip(),
            facilitator=details.facilitator,
        )
        session.refresh_from_db()
        deliveries = Delivery.objects.filter(session=session)
        deliveries.exclude(group_member_id__in=list(wanted)).delete()
        follow_session(deliveries, _session_contact(session), session.facilitator_id)
        present = set(deliveries.values_list("group_member_id", flat=True))
        Delivery.objects.bulk_create(
            _attendance(session, [m for pk, m in wanted.items() if pk not in present], by)
        )
    return session


def delete_session(*, by: User, session: GroupSession, version: int) -> None:
    """Delete a session recorded by mistake, with the deliveries of its attendance."""
    require_change(permissions.can_run_group(by, session.group))
    with saving():
        # Taking the version first refuses a delete over someone else's fresh change.
        update_versioned(session, version)
        Delivery.objects.filter(session=session).delete()
        session.delete()

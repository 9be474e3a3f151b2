"""Recording the help given. Every write runs in one transaction; the audit trigger records it.

A contact is one service given by one person on one day, to one or several recipients (a
home visit to a household and the two children placed there is three deliveries sharing
one ``contact``): all of them are saved, or none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child
from globa.support import permissions
from globa.support.models import (
    LONGEST_DELIVERY_MINUTES,
    Delivery,
    DeliveryForm,
    Service,
    ServiceProvision,
)
from globa.support.selectors import services_provided

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


def record_contact(
    *,
    by: User,
    provider_id: int,
    contact: Contact,
    household: CarerHousehold | None = None,
    children: Sequence[Child] = (),
    person_name: str = "",
    today: dt.date | None = None,
) -> list[Delivery]:
    """Save one delivery per recipient, all or nothing."""
    today = today or timezone.localdate()
    errors = validate_contact(contact, provider_id=provider_id, today=today)
    person_name = person_name.strip()
    if household is None and not children and not person_name:
        errors["recipients"] = _("Choose who received the service.")
    records: list[CarerHousehold | Child] = [*([household] if household else []), *children]
    for record in records:
        if record.centre_id != provider_id:
            errors["recipients"] = _(
                "%(name)s is not a record of your organisation; a service is recorded by the "
                "organisation that gave it, for its own records."
            ) % {"name": record}
    for child in children:
        if child.birth_date > contact.delivered_on:
            errors["delivered_on"] = _("%(name)s was not yet born on this date.") % {"name": child}
    if errors:
        raise ValidationError(errors)
    if household is not None and not permissions.can_record_for_household(by, household):
        raise PermissionDenied
    if children and not permissions.can_record_for_children(by, children):
        raise PermissionDenied

    shared = {
        "contact": uuid.uuid4(),
        "provider_id": provider_id,
        "service": contact.service,
        "delivered_on": contact.delivered_on,
        "minutes": contact.minutes,
        "form": contact.form,
        "notes": contact.notes.strip(),
        "given_by": by,
        "recorded_by": by,
    }
    rows = [Delivery(household=household, **shared)] if household else []
    rows += [Delivery(child=child, **shared) for child in children]
    if person_name:
        rows.append(Delivery(person_name=person_name, **shared))
    try:
        with transaction.atomic():
            return Delivery.objects.bulk_create(rows)
    except IntegrityError as error:
        raise ValidationError(
            _("The service could not be saved: %(reason)s") % {"reason": _constraint_message(error)}
        ) from error


def _constraint_message(error: IntegrityError) -> str:
    name = getattr(getattr(error, "__cause__", None), "diag", None)
    constraint = getattr(name, "constraint_name", "") or ""
    for check in Delivery._meta.constraints:
        if check.name == constraint:
            return str(check.violation_error_message)
    return _("it conflicts with a rule of the database.")


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

"""The quick contact form and the group forms. Forms check the shape of input; the rules
live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Role, User
from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField
from globa.registry.models import CarerHousehold
from globa.support.models import GROUP_FORMS, DeliveryForm, Safety, Service

HOUSEHOLD = "household"

# What a role most often records, chosen first in the form.
DEFAULT_SERVICE: dict[str, str] = {
    Role.COORDINATOR: "coordinator_assistance",
    Role.CENTRE_MANAGER: "coordinator_assistance",
    Role.SPECIALIST: "social_consultation",
}


class ContactForm(Form):
    submission = OnceField()
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("service"))
    delivered_on = forms.DateField(label=_("date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("duration (minutes)"))
    # Not called "form": a control of that name shadows the <form> element's own ``form``
    # property in the browser, which htmx relies on.
    mode = forms.ChoiceField(
        label=_("form"), choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    recipients = forms.MultipleChoiceField(
        label=_("who received it"), widget=forms.CheckboxSelectMultiple, required=False
    )
    person_name = forms.CharField(
        label=_("another person, not in the registry"),
        required=False,
        max_length=200,
        help_text=_("For example a relative or a neighbour who took part: first and last name."),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The structured record of a home visit (a household's contact given as a home visit).
    children_seen = forms.MultipleChoiceField(
        label=_("children seen"), widget=forms.CheckboxSelectMultiple, required=False
    )
    children_seen_alone = forms.MultipleChoiceField(
        label=_("children seen alone"), widget=forms.CheckboxSelectMultiple, required=False
    )
    safety = forms.ChoiceField(
        label=_("safety of the children"),
        choices=Safety.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    safety_notes = forms.CharField(
        label=_("what the concerns are"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("next steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was agreed, who does what, and by when."),
    )
    # The planned visit the contact is recorded from (it completes it).
    visit = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Shown only when the same service was already recorded that day.
    confirm_same = forms.BooleanField(
        label=_("Yes, this is another contact: record it as well"), required=False
    )

    HOME_VISIT_FIELDS = (
        "children_seen",
        "children_seen_alone",
        "safety",
        "safety_notes",
        "next_steps",
    )

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Service],
        recipients: list[tuple[str, str]],
        role: str | None,
        today: dt.date,
        home_visit: bool,
        children: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["recipients"].choices = recipients  # type: ignore[attr-defined]
        if home_visit:
            self.fields["children_seen"].choices = children or []  # type: ignore[attr-defined]
            self.fields["children_seen_alone"].choices = children or []  # type: ignore[attr-defined]
            if not children:
                del self.fields["children_seen"], self.fields["children_seen_alone"]
        else:
            for name in self.HOME_VISIT_FIELDS:
                del self.fields[name]
        if not self.is_bound:
            code = DEFAULT_SERVICE.get(role or "")
            default = next((s for s in services if s.code == code), None)
            self.initial.update(
                {
                    "service": default.pk if default else None,
                    "delivered_on": today,
                    "minutes": 60,
                    "mode": DeliveryForm.HOME_VISIT if home_visit else DeliveryForm.OFFICE,
                    "recipients": [value for value, _label in recipients],
                }
            )

    def main_fields(self) -> list[Any]:
        """The fields shown first; the confirmation only once it is asked for."""
        shown = []
        for field in self.visible_fields():
            if field.name in self.HOME_VISIT_FIELDS:
                continue
            if field.name == "confirm_same" and not (field.errors or field.value()):
                continue
            shown.append(field)
        return shown

    def home_visit_fields(self) -> list[Any]:
        return [self[name] for name in self.HOME_VISIT_FIELDS if name in self.fields]


class GroupForm(Form):
    submission = OnceField()
    name = forms.CharField(label=_("name"), max_length=200)
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("service"))
    facilitator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("facilitator"))
    description = forms.CharField(
        label=_("description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the group is for, when and where it meets."),
    )
    is_active = forms.BooleanField(
        label=_("active (new sessions can be recorded)"), required=False, initial=True
    )
    # The version the person started from, so that a later save by someone else is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Service],
        staff: QuerySet[User],
        editing: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = staff  # type: ignore[attr-defined]
        if not editing:
            del self.fields["is_active"], self.fields["version"]


class GroupMemberForm(Form):
    submission = OnceField()
    household = forms.ModelChoiceField(
        queryset=CarerHousehold.objects.none(), label=_("household"), required=False
    )
    person_name = forms.CharField(
        label=_("or a person not in the registry"),
        max_length=200,
        required=False,
        help_text=_("For example a prospective carer or a relative: first and last name."),
    )

    def __init__(self, *args: Any, households: QuerySet[CarerHousehold], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class SessionForm(Form):
    submission = OnceField()
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("duration (minutes)"))
    # Not called "form": see ContactForm.
    mode = forms.ChoiceField(
        label=_("form"),
        choices=[(form.value, form.label) for form in GROUP_FORMS],
        widget=forms.RadioSelect,
    )
    facilitator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("facilitator"))
    topic = forms.CharField(label=_("topic"), max_length=300, required=False)
    attended = forms.MultipleChoiceField(
        label=_("who came"), widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        staff: QuerySet[User],
        members: list[tuple[str, str]],
        editing: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = staff  # type: ignore[attr-defined]
        self.fields["attended"].choices = members  # type: ignore[attr-defined]
        if not editing:
            del self.fields["version"]


class PlannedVisitForm(Form):
    submission = OnceField()
    household = forms.ModelChoiceField(queryset=CarerHousehold.objects.none(), label=_("household"))
    planned_on = forms.DateField(label=_("date"), widget=DateInput())
    planned_at = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("purpose"),
        max_length=300,
        required=False,
        help_text=_("For example: the regular visit, meeting the new child, the plan review."),
    )

    def __init__(
        self,
        *args: Any,
        households: QuerySet[CarerHousehold] | None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if households is None:
            del self.fields["household"]
        else:
            self.fields["household"].queryset = households  # type: ignore[attr-defined]
        if editing:
            del self.fields["submission"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)


class CancelVisitForm(Form):
    cancel_reason = forms.CharField(label=_("why it is cancelled"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)

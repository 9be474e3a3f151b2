"""Forms of on-call care. They parse and present; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField
from globa.registry.models import CarerHousehold


class ContractForm(Form):
    number = forms.CharField(label=_("contract number"), max_length=50)
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("until"), widget=DateInput())
    places = forms.IntegerField(
        label=_("places"), min_value=1, help_text=_("How many children the carer takes at once.")
    )
    age_min = forms.IntegerField(label=_("accepts children from age"), min_value=0, initial=0)
    age_max = forms.IntegerField(label=_("accepts children up to age"), min_value=0, initial=17)
    accepts_siblings = forms.BooleanField(
        label=_("accepts sibling groups"), required=False, initial=True
    )
    accepts_disability = forms.BooleanField(
        label=_("accepts children with disability"), required=False
    )
    around_the_clock = forms.BooleanField(
        label=_("takes a child at any hour (24-hour acceptance)"), required=False, initial=True
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractEndForm(Form):
    ends_on = forms.DateField(
        label=_("last day of the contract"),
        widget=DateInput(),
        help_text=_("Respite after this day is removed, a respite over it is shortened."),
    )
    reason = forms.CharField(
        label=_("why it ends early"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RespiteForm(Form):
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("until"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class MatchForm(Form):
    household = forms.UUIDField(widget=forms.HiddenInput)
    placed_on = forms.DateField(label=_("placed on"), widget=DateInput())
    reasons = forms.CharField(
        label=_("why this carer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when a higher-ranked carer is passed over."),
    )


class WeightsForm(Form):
    """Weights of the matching criteria for one centre; an empty field uses the default."""

    def __init__(
        self, *args: Any, criteria: list[tuple[str, str, int | None]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for criterion, label, default in criteria:
            self.fields[criterion] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=10,
                help_text=_("Default: %(weight)s.") % {"weight": default}
                if default is not None
                else "",
            )


class PlacementRequestForm(Form):
    submission = OnceField()
    needed_on = forms.DateField(label=_("needed from"), widget=DateInput())
    situation = forms.CharField(
        label=_("situation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the other centre needs to know to decide: why the placement is urgent, the "
            "child's needs. No names: the record passes to the centre once it accepts."
        ),
    )
    contact_phone = forms.CharField(label=_("phone to call back"), max_length=50, required=False)


class AcceptRequestForm(Form):
    household = forms.ModelChoiceField(
        queryset=CarerHousehold.objects.none(), label=_("the on-call carer who takes the child")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class DeclineRequestForm(Form):
    decline_reason = forms.CharField(
        label=_("why the request is declined"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

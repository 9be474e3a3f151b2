"""Forms of the carer journey. They parse and present; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from globa.carers.models import (
    ExitReason,
    Interest,
    Stage,
)
from globa.carers.services import person_errors
from globa.core.forms import DateInput, Form
from globa.lib.collation import lt
from globa.organisations.models import County, Organisation
from globa.registry.models import CarerHousehold

CONSENT_TEXT = _(
    "I agree that the care centre processes the data I give here to answer my inquiry and, "
    "if I go on, to organise my training and assessment. I may withdraw my consent at any "
    "time by writing to the centre."
)
STAFF_CONSENT_TEXT = _(
    "The person agreed that the centre processes their data to answer the inquiry and to "
    "organise their training and assessment."
)


class _PersonForm(Form):
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    email = forms.CharField(
        label=_("e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("phone"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            *lt("name")
        ),
        label=_("municipality where you live"),
        empty_label=_("choose…"),
    )
    interests = forms.MultipleChoiceField(
        label=_("what are you considering?"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one: what are you considering?")},
    )
    question = forms.CharField(
        label=_("your question or message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class _PersonChecks:
    """A person's details checked by the service's own rules as the form is cleaned, so every
    problem shows at once (an invalid e-mail and a missing name together)."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        sent: Any = self.data  # type: ignore[attr-defined]
        # A field its own check refused is read as sent, so the others are still checked.
        values = {
            name: data[name]
            if name in data
            else (sent.getlist(name) if hasattr(sent, "getlist") else sent.get(name, []))
            if name == "interests"
            else sent.get(name, "")
            for name in PERSON_FIELDS
        }
        for field, message in person_errors(values).items():
            if field not in self.errors:  # type: ignore[attr-defined]
                self.add_error(field, message)  # type: ignore[attr-defined]
        return data


PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "interests", "question")


class InquiryForm(_PersonChecks, _PersonForm):
    """The public "become a carer" form, with a field people leave empty and robots fill."""

    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("We can only take your inquiry with your consent.")},
    )
    website = forms.CharField(
        label=_("leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class StaffInquiryForm(_PersonChecks, _PersonForm):
    """An inquiry the centre takes by phone or in person."""

    on = forms.DateField(label=_("date of the inquiry"), widget=DateInput())
    consent = forms.BooleanField(
        label=STAFF_CONSENT_TEXT,
        error_messages={
            "required": _(
                "Record that the person agreed to the processing of their data; without it "
                "the inquiry is not kept."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].label = _("municipality")


class HouseholdLinkForm(Form):
    household = forms.ModelChoiceField(
        label=_("household in the registry"),
        queryset=CarerHousehold.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The family this person cares in, once approved."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class MoveForm(Form):
    to = forms.ChoiceField(label=_("move to"))
    on = forms.DateField(label=_("date"), widget=DateInput())
    approval_number = forms.CharField(
        label=_("decision number"),
        max_length=50,
        required=False,
        help_text=_("When approving: the child-rights service's decision."),
    )
    approval_date = forms.DateField(label=_("decision date"), required=False, widget=DateInput())
    exit_reason = forms.ChoiceField(
        label=_("reason for leaving"),
        required=False,
        choices=[("", "-"), *ExitReason.choices],
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(stage, labels[stage]) for stage in moves]


class RouteForm(Form):
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("municipality")
    )
    interest = forms.ChoiceField(
        label=_("inquiries of people considering"),
        required=False,
        choices=[("", _("everything else")), *Interest.choices],
    )
    centre = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("go to"),
        required=False,
        empty_label=_("no rule"),
    )

    def __init__(self, *args: Any, municipalities: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[m.pk for m in municipalities])
        centre = self.fields["centre"]
        assert isinstance(centre, forms.ModelChoiceField)
        centre.queryset = Organisation.objects.filter(
            kind=Organisation.Kind.CARE_CENTRE,
            is_active=True,
            municipality__county_id__in=[m.county_id for m in municipalities],
        ).order_by(*lt("name"))


class NormsForm(Form):
    """Days per stage for one centre; an empty field uses the default."""

    def __init__(
        self, *args: Any, stages: list[tuple[str, str, int | None]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for stage, label, default in stages:
            self.fields[stage] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=730,
                help_text=_("Default: %(days)s days.") % {"days": default} if default else "",
            )


class DirectoryForm(Form):
    q = forms.CharField(label=_("name or town"), required=False, max_length=100)
    county = forms.ModelChoiceField(
        queryset=County.objects.order_by(*lt("name_lt")),
        label=_("county"),
        required=False,
        empty_label=_("all"),
    )
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            *lt("name")
        ),
        label=_("municipality"),
        required=False,
        empty_label=_("all"),
    )


class PeriodForm(Form):
    start = forms.DateField(label=_("inquiries from"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


class PublicDetailsForm(Form):
    """How the public centre directory shows the centre."""

    address = forms.CharField(label=_("address"), max_length=300, required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )
    working_hours = forms.CharField(
        label=_("working hours"),
        max_length=200,
        required=False,
        help_text=_("As shown to the public, e.g. “I-IV 8.00-17.00, V 8.00-15.45”."),
    )
    on_call_phone = forms.CharField(
        label=_("on-call phone"),
        max_length=50,
        required=False,
        help_text=_(
            "The number other centres call for an emergency placement, day and night; not "
            "shown to the public."
        ),
    )

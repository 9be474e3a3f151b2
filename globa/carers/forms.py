"""Forms of the carer journey. They parse and present; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from globa.carers.models import (
    Candidate,
    ExitReason,
    Interest,
    Participant,
    Programme,
    Stage,
    Topic,
    TrainingGroup,
)
from globa.core.forms import DateInput, Form
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
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name"),
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


class InquiryForm(_PersonForm):
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


class StaffInquiryForm(_PersonForm):
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
        ).order_by("name")


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
        queryset=County.objects.order_by("name_lt"),
        label=_("county"),
        required=False,
        empty_label=_("all"),
    )
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name"),
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


class TrainingGroupForm(Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("programme"))
    name = forms.CharField(label=_("name"), max_length=200)
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes


class TrainerForm(Form):
    name = forms.CharField(label=_("trainer"), max_length=200)
    certified = forms.BooleanField(label=_("certified GIMK trainer"), required=False)


class ParticipantForm(Form):
    candidate = forms.ModelChoiceField(
        queryset=Candidate.objects.none(),
        label=_("a person from the pipeline"),
        required=False,
        empty_label=_("choose…"),
    )
    person_name = forms.CharField(
        label=_("or another person"),
        max_length=200,
        required=False,
        help_text=_("A carer in continuing training, a community-home worker."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class SessionForm(Form):
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        label=_("topics covered"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attended = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.none(),
        label=_("who came"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, group: TrainingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        attended = self.fields["attended"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        assert isinstance(attended, forms.ModelMultipleChoiceField)
        topics.queryset = group.programme.topics.order_by("position")
        attended.queryset = group.participants.select_related("candidate")


class CertificateForm(Form):
    on = forms.DateField(label=_("certificate date"), widget=DateInput())
    number = forms.CharField(label=_("certificate number"), max_length=50, required=False)

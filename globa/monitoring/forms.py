"""The choice of a period (and, nationally, of a county) on a dashboard; a request for an
export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.core.forms import DateInput, Form, VersionField
from globa.core.submissions import OnceField
from globa.monitoring import contracts
from globa.monitoring.models import (
    SURVEY_QUESTIONS,
    Export,
    ReviewFinding,
    TransformationPlan,
    TransformationResidents,
)
from globa.monitoring.periods import CUSTOM, MONTH, QUARTER, YEAR, Period, last_complete
from globa.organisations.models import County, Organisation
from globa.support.models import Service

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

PERIOD_CHOICES = [
    (MONTH, _("month")),
    (QUARTER, _("quarter")),
    (YEAR, _("year")),
    (CUSTOM, _("other period")),
]
FIRST_YEAR = 2000
LONGEST_DAYS = 366 * 10


class PeriodForm(Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—")] + [(str(q), f"Q{q}") for q in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        required=False,
        empty_label=_("the whole country"),
    )

    def __init__(
        self, *args: Any, today: dt.date, counties: bool = False, exact: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.exact = exact
        if not counties:
            del self.fields["county"]
        if not exact:
            # Under disclosure control only calendar periods: two periods a day apart would
            # tell, by their difference, what one day counted.
            self.fields["period"].choices = PERIOD_CHOICES[:3]  # type: ignore[attr-defined]
            del self.fields["start"]
            del self.fields["end"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period") or YEAR
        year = data.get("year") or self.today.year
        try:
            if kind == YEAR:
                data["chosen"] = Period.year(year)
            elif kind == QUARTER:
                quarter = data.get("quarter")
                data["chosen"] = (
                    Period.quarter(year, quarter) if quarter else last_complete(QUARTER, self.today)
                )
            elif kind == MONTH:
                month = data.get("month")
                data["chosen"] = (
                    Period.month(year, month) if month else last_complete(MONTH, self.today)
                )
            else:
                start, end = data.get("start"), data.get("end")
                if start is None or end is None:
                    raise ValidationError(_("Enter the first and the last day of the period."))
                if end < start:
                    raise ValidationError(_("The period must end on or after its first day."))
                if (end - start).days > LONGEST_DAYS:
                    raise ValidationError(_("A period can be at most ten years long."))
                if start.year < FIRST_YEAR:
                    raise ValidationError(_("Figures start in %(year)s.") % {"year": FIRST_YEAR})
                data["chosen"] = Period(CUSTOM, start, end)
        except ValueError as error:
            raise ValidationError(_("This period does not exist.")) from error
        return data


def period_from(
    query: Any, today: dt.date, *, counties: bool = False, exact: bool = True
) -> tuple[PeriodForm, Period]:
    """The period asked for, or (with the form's errors) this year so far."""
    asked = {k: v for k, v in query.items() if k != "map"} if query else {}
    form = PeriodForm(asked or None, today=today, counties=counties, exact=exact)
    if asked and form.is_valid():
        return form, form.cleaned_data["chosen"].until(today)
    if not asked:
        form = PeriodForm(
            initial={"period": YEAR, "year": today.year},
            today=today,
            counties=counties,
            exact=exact,
        )
    return form, Period.year(today.year).until(today)


class ExportForm(Form):
    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices)
    report = forms.ChoiceField(label=_("Report"), choices=Export.Report.choices)


# Institution transformation ------------------------------------------------------------------


class TransformationPlanForm(Form):
    submission = OnceField()
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the institution.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=TransformationPlan.Status.choices)
    status_since = forms.DateField(
        label=_("Status since"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the status.")},
    )
    places_to_close = forms.IntegerField(
        label=_("Places to close"),
        min_value=0,
        max_value=10000,
        initial=0,
        error_messages={"required": _("Enter the number of places the plan closes.")},
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, required=False, max_length=4000
    )

    def __init__(self, *args: Any, institutions: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = institutions


class TransformationPlanChangeForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=TransformationPlan.Status.choices)
    status_since = forms.DateField(
        label=_("Status since"),
        widget=DateInput(),
        help_text=_("The day the plan reached the status."),
        error_messages={"required": _("Enter the date of the status.")},
    )
    places_to_close = forms.IntegerField(
        label=_("Places to close"),
        min_value=0,
        max_value=10000,
        error_messages={"required": _("Enter the number of places the plan closes.")},
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, required=False, max_length=4000
    )


class MilestoneForm(Form):
    submission = OnceField()
    version = VersionField()
    title = forms.CharField(
        label=_("Milestone"),
        max_length=300,
        error_messages={"required": _("Name the milestone.")},
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the due date.")},
    )
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)


class ResidentsForm(Form):
    submission = OnceField()
    kind = forms.ChoiceField(label=_("What"), choices=TransformationResidents.Kind.choices)
    counted_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date.")},
    )
    count = forms.IntegerField(
        label=_("Number of residents"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("Enter the number of residents."),
            "min_value": _("The number of residents must be above 0."),
        },
    )


# The carer satisfaction survey ---------------------------------------------------------------

RATING_CHOICES = [
    (1, _("1: very poor")),
    (2, _("2: poor")),
    (3, _("3: fair")),
    (4, _("4: good")),
    (5, _("5: very good")),
]


class SurveyRoundForm(Form):
    submission = OnceField()
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Organisation.objects.none())
    starts_on = forms.DateField(label=_("Period from"), widget=DateInput)
    ends_on = forms.DateField(label=_("Period to"), widget=DateInput)
    closes_on = forms.DateField(
        label=_("Answers accepted until"),
        widget=DateInput,
        help_text=_("After this day the links no longer open the survey."),
    )
    links = forms.IntegerField(
        label=_("Number of links"),
        min_value=1,
        max_value=500,
        help_text=_("One for each carer household; the centre's active households by default."),
    )

    def __init__(self, *args: Any, centres: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[c.pk for c in centres]).order_by(
            "name"
        )


class SurveyCloseForm(Form):
    closes_on = forms.DateField(label=_("Answers accepted until"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SurveyLinksForm(Form):
    submission = OnceField()
    links = forms.IntegerField(label=_("Number of links"), min_value=1, max_value=500)


class SurveyEmailForm(Form):
    submission = OnceField()
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("One address a line. Each gets a link of its own; the addresses are not kept."),
    )

    def clean_addresses(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["addresses"].splitlines()]
        found = [line for line in lines if line]
        bad = [line for line in found if not _EMAIL.match(line)]
        if bad:
            raise ValidationError(
                _("Not an e-mail address: %(addresses)s") % {"addresses": ", ".join(bad[:5])}
            )
        if not 1 <= len(found) <= 500:
            raise ValidationError(_("Give from 1 to 500 addresses."))
        return list(dict.fromkeys(found))


class SurveyAnswerForm(Form):
    comment = forms.CharField(
        label=_("Anything else you want the centre to know (optional)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in reversed(SURVEY_QUESTIONS):
            self.fields = {
                name: forms.TypedChoiceField(
                    label=label,
                    choices=RATING_CHOICES,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.RadioSelect,
                ),
                **self.fields,
            }


class ContractForm(Form):
    """A municipality's service contract; creating, it carries its ``submission`` key."""

    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    number = forms.CharField(label=_("Contract number"), max_length=60)
    services = forms.ModelMultipleChoiceField(
        label=_("Service types"),
        queryset=Service.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only services the provider offers in the contract's period."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("Funding (EUR)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("The funding for the whole period of the contract."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = contracts.providers()  # type: ignore[attr-defined]
        if creating:
            self.fields["submission"] = OnceField()
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)


class ContractEndForm(Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


# Quality review visits -------------------------------------------------------------------


class ReviewVisitForm(Form):
    submission = OnceField()
    version = VersionField()
    centre = forms.ModelChoiceField(
        label=_("Care centre"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the care centre.")},
    )
    visited_on = forms.DateField(
        label=_("Visit date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the visit.")},
    )
    visitors = forms.CharField(
        label=_("Who visited"),
        max_length=300,
        help_text=_("The names of the national service's staff who visited."),
        error_messages={"required": _("Say who visited.")},
    )
    scope = forms.CharField(
        label=_("What was reviewed"), widget=forms.Textarea, required=False, max_length=4000
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, required=False, max_length=4000
    )

    def __init__(
        self, *args: Any, centres: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if centres is None:
            del self.fields["centre"]
            del self.fields["submission"]
        else:
            del self.fields["version"]
            field = self.fields["centre"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = centres


class ReviewFindingForm(Form):
    submission = OnceField()
    area = forms.ChoiceField(label=_("Area of work"), choices=ReviewFinding.Area.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=ReviewFinding.Severity.choices)
    text = forms.CharField(
        label=_("Finding"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Describe the finding.")},
    )


class ReviewActionForm(Form):
    submission = OnceField()
    version = VersionField()
    description = forms.CharField(
        label=_("Follow-up action"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Say what is to be done.")},
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the due date.")},
    )

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version" if creating else "submission"]


class ReviewActionDoneForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DateInput(),
        error_messages={"required": _("Enter the day it was done.")},
    )
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Say what was done.")},
    )

"""Forms of the plan pages; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import User
from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField
from globa.organisations.models import Organisation
from globa.plans.models import Goal, Progress
from globa.support.models import DeliveryForm, Service
from globa.training.models import Programme, TrainingGroup


class PlanForm(Form):
    submission = OnceField()
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    review_on = forms.DateField(label=_("next review"), widget=DateInput())


class GoalForm(Form):
    submission = OnceField()
    text = forms.CharField(label=_("goal"), max_length=500)


class ActionForm(Form):
    submission = OnceField()
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), label=_("goal"), empty_label=None)
    description = forms.CharField(label=_("what"), max_length=500)
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), label=_("service"), required=False
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label=_("training programme"), required=False
    )
    responsible_user = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("who (staff)"), required=False
    )
    responsible_name = forms.CharField(
        label=_("who (another person)"),
        max_length=200,
        required=False,
        help_text=_("Someone of another organisation: a teacher, a doctor, the family itself."),
    )
    responsible_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("for which organisation"), empty_label=None
    )
    due_on = forms.DateField(label=_("by"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        goals: QuerySet[Goal],
        services: QuerySet[Service],
        programmes: QuerySet[Programme] | None,
        staff: QuerySet[User],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["responsible_user"].queryset = staff  # type: ignore[attr-defined]
        self.fields["responsible_organisation"].queryset = organisations  # type: ignore[attr-defined]
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class DoneForm(Form):
    on = forms.DateField(label=_("done on"), widget=DateInput())
    note = forms.CharField(label=_("how it went"), max_length=500, required=False)


class ReviewForm(Form):
    submission = OnceField()
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(
        label=_("what was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reassess = forms.BooleanField(label=_("reassess the needs"), required=False)
    next_review_on = forms.DateField(label=_("next review"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.text, choices=Progress.choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label=_("note on the goal"), max_length=500, required=False
            )

    def progress(self) -> dict[int, tuple[str, str]]:
        return {
            goal.pk: (self.cleaned_data[f"goal_{goal.pk}"], self.cleaned_data[f"note_{goal.pk}"])
            for goal in self.goals
        }


class ServiceForm(Form):
    submission = OnceField()
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("service"))
    delivered_on = forms.DateField(label=_("date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("duration (minutes)"), min_value=1, max_value=720)
    mode = forms.ChoiceField(label=_("form"), choices=DeliveryForm.choices)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class EnrolForm(Form):
    group = forms.ModelChoiceField(
        queryset=TrainingGroup.objects.none(), label=_("training group"), empty_label=None
    )

    def __init__(self, *args: Any, groups: QuerySet[TrainingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class CloseForm(Form):
    on = forms.DateField(label=_("closed on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

"""Forms of GIMK training. They parse and present; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.carers.models import Candidate
from globa.core.forms import DateInput, Form
from globa.training.models import Participant, Programme, Topic, TrainingGroup


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


class SessionChangeForm(SessionForm):
    """A session corrected: the same fields, and the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class CertificateForm(Form):
    on = forms.DateField(label=_("certificate date"), widget=DateInput())
    number = forms.CharField(label=_("certificate number"), max_length=50, required=False)

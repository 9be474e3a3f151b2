"""Forms of the staff pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Role, User
from globa.core.forms import Form
from globa.organisations.models import Organisation


class RoleProposeForm(Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the order that appoints the person, or their duties."),
    )

    def __init__(self, *args: Any, users: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DecisionForm(Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

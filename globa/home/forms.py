"""The centre manager's reassignment form, and the search box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import User
from globa.core.forms import Form


class ReassignForm(Form):
    households = forms.MultipleChoiceField(
        label=_("households"), widget=forms.CheckboxSelectMultiple
    )
    coordinator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("new coordinator"))
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        households: list[tuple[str, str]],
        coordinators: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["households"].choices = households  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]


class SearchForm(Form):
    q = forms.CharField(
        label=_("search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

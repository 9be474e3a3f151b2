from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.api.routes import resources
from globa.api.services import CLIENT_ROLES, LONGEST_TOKEN_DAYS
from globa.core.forms import Form
from globa.core.submissions import OnceField
from globa.organisations.models import Organisation


class ClientForm(Form):
    submission = OnceField()
    name = forms.CharField(
        label=_("name"),
        max_length=200,
        help_text=_("The system that will call, e.g. “Savivaldybės paslaugų registras”."),
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("acts as"), choices=[])
    rate_per_minute = forms.IntegerField(
        label=_("requests per minute"), min_value=1, max_value=10000, initial=120
    )
    expires_in_days = forms.IntegerField(
        label=_("token valid for (days)"), min_value=1, max_value=LONGEST_TOKEN_DAYS, initial=90
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (str(role.value), f"{role.label} — {meaning}") for role, meaning in CLIENT_ROLES.items()
        ]
        for name, label in resources():
            self.fields[f"scope_{name}"] = forms.ChoiceField(
                label=label,
                choices=[("", _("nothing")), ("read", _("read")), ("write", _("read and change"))],
                required=False,
            )

    def scopes(self) -> list[str]:
        chosen: list[str] = []
        for name, _label in resources():
            value = self.cleaned_data.get(f"scope_{name}", "")
            if value:
                chosen.append(f"{name}:read")
            if value == "write":
                chosen.append(f"{name}:write")
        return chosen


class TokenForm(Form):
    expires_in_days = forms.IntegerField(
        label=_("token valid for (days)"), min_value=1, max_value=LONGEST_TOKEN_DAYS, initial=90
    )

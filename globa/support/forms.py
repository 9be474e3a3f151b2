"""The quick contact form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Role
from globa.core.forms import DateInput, Form
from globa.support.models import DeliveryForm, Service

HOUSEHOLD = "household"

# What a role most often records, chosen first in the form.
DEFAULT_SERVICE: dict[str, str] = {
    Role.COORDINATOR: "coordinator_assistance",
    Role.CENTRE_MANAGER: "coordinator_assistance",
    Role.SPECIALIST: "social_consultation",
}


class ContactForm(Form):
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("service"))
    delivered_on = forms.DateField(label=_("date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("duration (minutes)"))
    # Not called "form": a control of that name shadows the <form> element's own ``form``
    # property in the browser, which htmx relies on.
    mode = forms.ChoiceField(
        label=_("form"), choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    recipients = forms.MultipleChoiceField(
        label=_("who received it"), widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Service],
        recipients: list[tuple[str, str]],
        role: str | None,
        today: dt.date,
        home_visit: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["recipients"].choices = recipients  # type: ignore[attr-defined]
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

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.core.forms import Form


class HoldForm(Form):
    kind = forms.ChoiceField(
        label=_("record"),
        choices=[
            ("child", _("child")),
            ("household", _("carer household")),
            ("family_case", _("early-intervention case")),
            ("assessment", _("staff member's assessment")),
            ("plan", _("staff member's development plan")),
        ],
    )
    record_id = forms.CharField(
        label=_("record id"), max_length=64, help_text=_("As in the address of the record's page.")
    )
    reason = forms.CharField(label=_("reason"), max_length=500)


class SearchForm(Form):
    kind = forms.ChoiceField(
        label=_("whose data"),
        choices=[
            ("child", _("a child")),
            ("adult", _("an adult of a carer household")),
            ("candidate", _("a prospective carer")),
        ],
    )
    query = forms.CharField(
        label=_("personal code, e-mail or last name"), max_length=100, min_length=3
    )

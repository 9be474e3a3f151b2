from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.core.forms import Form


class UploadForm(Form):
    centre: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=_("care centre"), queryset=None
    )
    file = forms.FileField(
        label=_("file"), help_text=_("The template filled in: XLSX, or one sheet as CSV.")
    )

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        if centres.count() == 1:
            self.fields["centre"].initial = centres.first()

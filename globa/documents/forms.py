from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.core.forms import DateInput, Form
from globa.documents.models import Kind


class DocumentForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    dated_on = forms.DateField(label=_("date of the document"), widget=DateInput())
    description = forms.CharField(label=_("description"), max_length=500, required=False)
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, a scan (PNG, JPEG, TIFF) or an office document (DOCX, XLSX, ODT)."),
    )

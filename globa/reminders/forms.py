from django import forms
from django.utils.translation import gettext_lazy as _

from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField


class TaskForm(Form):
    submission = OnceField()
    title = forms.CharField(label=_("task"), max_length=300)
    due_on = forms.DateField(label=_("due"), widget=DateInput())

"""Reference data of case management: how long a case may stay in each stage."""

from django.contrib import admin

from globa.cases.models import StageDeadline
from globa.core.forms import ModelForm


@admin.register(StageDeadline)
class StageDeadlineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["stage", "days", "legal_basis"]
    ordering = ["days"]

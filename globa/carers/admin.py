"""Reference data an administrator keeps for the carer journey: the default stage norms."""

from django.contrib import admin

from globa.carers.models import StageNorm
from globa.core.forms import ModelForm


@admin.register(StageNorm)
class StageNormAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["stage", "days", "centre"]
    list_filter = ["stage"]

"""Reference data an administrator keeps for on-call care: the default matching weights."""

from django.contrib import admin

from globa.core.forms import ModelForm
from globa.oncall.models import MatchWeight


@admin.register(MatchWeight)
class MatchWeightAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["criterion", "weight", "centre"]
    list_filter = ["criterion"]

"""Only reference data is administered here; personal records live in the registry pages."""

from django.contrib import admin

from globa.core.forms import ModelForm
from globa.registry.models import CapacityRule


@admin.register(CapacityRule)
class CapacityRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["name", "household_kind", "valid_from", "valid_to", "max_placed", "max_total"]
    list_filter = ["household_kind"]

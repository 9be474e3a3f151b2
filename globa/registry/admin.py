"""Only reference data is administered here; personal records live in the registry pages."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from globa.core.forms import ModelForm
from globa.registry import rules
from globa.registry.models import CapacityRule, LegalRule


@admin.register(CapacityRule)
class CapacityRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = [
        "name",
        "name_en",
        "household_kind",
        "valid_from",
        "valid_to",
        "max_placed",
        "max_total",
    ]
    list_filter = ["household_kind"]


@admin.register(LegalRule)
class LegalRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Ages, notice periods and places from law and policy: a change in the law is a new
    version from its date (the old one gets its end), so past records keep their rule."""

    form = ModelForm
    list_display = ["key", "value", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["key"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        rules.forget()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        rules.forget()

"""Reference data an administrator keeps: the catalogue, who provides what, contact rules."""

from django.contrib import admin

from globa.core.forms import ModelForm
from globa.support.models import ContactRule, Service, ServiceProvision


class ProvisionInline(admin.TabularInline):  # type: ignore[type-arg]
    form = ModelForm
    model = ServiceProvision
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = [
        "code",
        "name_lt",
        "name_en",
        "group",
        "valid_from",
        "valid_to",
        "restricted_notes",
        "in_groups",
    ]
    list_filter = ["group", "restricted_notes", "in_groups"]
    search_fields = ["code", "name_lt", "name_en"]
    inlines = [ProvisionInline]


@admin.register(ContactRule)
class ContactRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["household_kind", "interval_days", "legal_basis"]


@admin.register(ServiceProvision)
class ServiceProvisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["organisation", "service", "valid_from", "valid_to"]
    list_filter = ["service__group", "organisation__sector"]
    search_fields = ["organisation__name", "service__name_lt", "service__code"]
    autocomplete_fields = ["organisation"]

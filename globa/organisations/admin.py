from django.contrib import admin

from globa.core.forms import ModelForm
from globa.organisations.models import County, Organisation


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["name_lt", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["name", "kind", "sector", "municipality", "is_active"]
    list_filter = ["kind", "sector", "is_active", "county"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality"]

from django.contrib import admin

from globa.core.forms import ModelForm
from globa.monitoring.models import ChildPopulation


@admin.register(ChildPopulation)
class ChildPopulationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The figures for the rates per 100,000 children; loaded as a file by
    ``globa population``, corrected here."""

    form = ModelForm
    list_display = ["municipality", "year", "children", "source"]
    list_filter = ["year"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]

from django.contrib import admin
from django.http import HttpRequest

from globa.core.forms import ModelForm
from globa.monitoring.models import ChildPopulation, ServiceContract


@admin.register(ChildPopulation)
class ChildPopulationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The figures for the rates per 100,000 children; loaded as a file by
    ``globa population``, corrected here."""

    form = ModelForm
    list_display = ["municipality", "year", "children", "source"]
    list_filter = ["year"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(ServiceContract)
class ServiceContractAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The municipalities' service contracts, to look up; they are kept by the
    municipality's officers on their own pages (where the rules are checked)."""

    form = ModelForm
    list_display = ["number", "municipality", "provider", "starts_on", "ends_on", "amount"]
    list_filter = ["municipality"]
    search_fields = ["number", "provider__name", "municipality__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

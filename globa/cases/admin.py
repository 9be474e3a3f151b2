"""Reference data of case management: how long a case may stay in each stage."""

from django.contrib import admin

from globa.cases.models import StageDeadline


@admin.register(StageDeadline)
class StageDeadlineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["stage", "days", "legal_basis"]
    ordering = ["days"]

"""Reference data an administrator keeps for the carer journey: the GIMK programmes with
their topics, the default stage norms and matching weights."""

from django.contrib import admin

from globa.carers.models import MatchWeight, Programme, StageNorm, Topic
from globa.core.forms import ModelForm


class TopicInline(admin.TabularInline):  # type: ignore[type-arg]
    form = ModelForm
    model = Topic
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["code", "name_lt", "kind", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_lt", "name_en"]
    inlines = [TopicInline]


@admin.register(StageNorm)
class StageNormAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["stage", "days", "centre"]
    list_filter = ["stage"]


@admin.register(MatchWeight)
class MatchWeightAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["criterion", "weight", "centre"]
    list_filter = ["criterion"]

"""Reference data an administrator keeps for GIMK training: the programmes with their
topics."""

from django.contrib import admin

from globa.core.forms import ModelForm
from globa.training.models import Programme, Topic


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

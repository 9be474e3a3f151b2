from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from globa.accounts.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from globa.accounts.models import Membership, User
from globa.core.forms import ModelForm


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    form = ModelForm
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

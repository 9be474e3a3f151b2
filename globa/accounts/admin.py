"""Accounts in the administration: names, e-mail and whether the account is open. Roles are
given in Globa's own staff pages, with a second person's approval, and superuser status
only from the command line; here they are shown, not changed."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from globa.accounts.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from globa.accounts.models import Membership, RoleGrant, User
from globa.core.forms import ModelForm


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    form = ModelForm
    model = Membership
    extra = 0
    fields = ("organisation", "role", "is_active", "started_on", "ended_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Access"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined"),
                "description": _(
                    "Roles are given on the Staff and roles page, where a second person "
                    "approves them. Superuser status is given only from the command line."
                ),
            },
        ),
    )
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are closed, never deleted: the audit trail and the access log name them.
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "is_active", "started_on", "ended_on"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "status", "requested_by", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]


# Second factors are the staff member's own (set up and removed on their account pages);
# the administration neither reads nor changes them.
from allauth.mfa.models import Authenticator  # noqa: E402

if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)

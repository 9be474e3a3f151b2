"""Forms of the staff pages, and the login, password, second-factor and user administration
forms of the libraries Globa uses, as the project's forms: the same input rules hold on
every page (see core/forms.py). The libraries' forms keep their fields, checks and
messages; only the project's base is added.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp
from django import forms
from django.contrib.auth import forms as auth
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Position, Role, User
from globa.core.forms import DateInput, Form, ModelForm
from globa.organisations.models import Organisation


class PositionForm(Form):
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", _("not given")), *Position.choices],
        required=False,
        help_text=_(
            "The profession the staffing figures count (psychologist, coordinator, social worker)."
        ),
    )
    fte = forms.DecimalField(
        label=_("FTE"),
        min_value=Decimal("0.01"),
        max_value=Decimal("1.5"),
        max_digits=3,
        decimal_places=2,
        help_text=_("Full-time equivalent: 1 is full time, 0.5 half time."),
        error_messages={"required": _("Enter the FTE.")},
    )
    started_on = forms.DateField(
        label=_("In the role since"),
        widget=DateInput(),
        help_text=_(
            "The day the person began this work in the organisation, if before the role was "
            "given here: the staffing figures of earlier periods count them from that day."
        ),
        error_messages={"required": _("Enter the day the role began.")},
    )


class RoleProposeForm(Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the order that appoints the person, or their duties."),
    )

    def __init__(self, *args: Any, users: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DecisionForm(Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class LoginForm(account.LoginForm, Form):
    pass


class ReauthenticateForm(account.ReauthenticateForm, Form):
    pass


class ChangePasswordForm(account.ChangePasswordForm, Form):
    pass


class SetPasswordForm(account.SetPasswordForm, Form):
    pass


class AddEmailForm(account.AddEmailForm, Form):
    pass


class ResetPasswordForm(account.ResetPasswordForm, Form):
    pass


class ResetPasswordKeyForm(account.ResetPasswordKeyForm, Form):
    pass


class AuthenticateForm(mfa_base.AuthenticateForm, Form):
    pass


class MfaReauthenticateForm(mfa_base.ReauthenticateForm, Form):
    pass


class ActivateTOTPForm(totp.ActivateTOTPForm, Form):
    pass


class DeactivateTOTPForm(totp.DeactivateTOTPForm, Form):
    pass


class GenerateRecoveryCodesForm(recovery_codes.GenerateRecoveryCodesForm, Form):
    pass


class UserChangeForm(auth.UserChangeForm, ModelForm):  # type: ignore[type-arg]
    pass


class UserCreationForm(auth.AdminUserCreationForm, ModelForm):  # type: ignore[type-arg]
    pass


class AdminPasswordChangeForm(auth.AdminPasswordChangeForm, Form):  # type: ignore[type-arg]
    pass

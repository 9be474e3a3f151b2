"""The login, password, second-factor and user administration forms of the libraries Globa
uses, as the project's forms: the same input rules hold on every page (see core/forms.py).

Each keeps its library's fields, checks and messages; only the project's base is added.
"""

from __future__ import annotations

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp
from django.contrib.auth import forms as auth

from globa.core.forms import Form, ModelForm


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

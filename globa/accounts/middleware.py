"""Every request runs in one transaction whose row-level security context is the user's."""

from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation

from globa.accounts.selectors import scope_for
from globa.lib import clock
from globa.lib.dbscope import db_scope


class TransactionMiddleware:
    """One transaction per request, from loading the session to saving it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.globa_outermost = not connection.in_atomic_block  # type: ignore[attr-defined]
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                # Nothing of a failed request is kept, whatever the view wrote before failing.
                transaction.set_rollback(True)
        return response


class SessionRenewalMiddleware:
    """Keeps a session alive while it is used, writing it at most once per renewal interval.

    The session ends after ``SESSION_COOKIE_AGE`` seconds without a request. Saving it on every
    request would cost three statements each time; renewing its expiry once a minute is enough,
    so a session may end at most ``GLOBA_SESSION_RENEW_SECONDS`` early.
    """

    key = "_globa_renewed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key and not session.modified and not session.is_empty():
            now = int(clock.now().timestamp())
            if now - int(session.get(self.key, 0)) >= settings.GLOBA_SESSION_RENEW_SECONDS:
                session[self.key] = now
        return response


class DatabaseScopeMiddleware:
    """Sets the request transaction's row-level security context to the user's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope = scope_for(request.user)
        with db_scope(
            org_ids=scope.registry_org_ids,
            case_org_ids=scope.case_org_ids,
            user_id=scope.user_id,
            acting_org_id=scope.primary_org_id,
            # The request's own transaction ends right after; nothing to restore.
            restore=not getattr(request, "globa_outermost", False),
        ):
            return self.get_response(request)


class RequireSecondFactorMiddleware:
    """With GLOBA_REQUIRE_MFA, staff must set up a second factor before anything else."""

    allowed_prefixes = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.GLOBA_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            # An API client signs in with its token, never with a password and a second factor.
            and not getattr(request, "globa_api_client", None)
            and not _has_second_factor(request)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_second_factor(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=request.user.pk).exists()


class LanguageMiddleware(LocaleMiddleware):
    """Lithuanian unless the user chose otherwise with the language switch (a cookie).

    The browser's Accept-Language is deliberately ignored: a Lithuanian public service
    speaks Lithuanian first, whatever language the computer's browser was set up in.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

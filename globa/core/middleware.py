"""Rules of the web layer that hold for every response, whichever view answers it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

# Globa's pages read with GET (and HEAD) and change with POST; nothing speaks another method.
SITE_METHODS = ("GET", "HEAD", "POST")
# The JSON API (under API_PATH) also changes with PUT and PATCH, deletes with DELETE and
# answers OPTIONS; each of its views says which of them it takes. TRACE is refused there too.
API_PATH = "/api/v1/"
API_METHODS = (*SITE_METHODS, "PUT", "PATCH", "DELETE", "OPTIONS")


class SiteMethodsMiddleware:
    """Refuses every method the site does not use, before any view runs.

    Each of Globa's views declares its own methods (``require_safe``, ``require_POST``,
    ``require_http_methods``); this is the same rule for the pages of the libraries Globa
    mounts (the administration, the login pages, the language switch), whose views answer
    PUT or DELETE as if it were a GET or a POST.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed = API_METHODS if request.path.startswith(API_PATH) else SITE_METHODS
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """A response that belongs to one person is stored by no cache, the browser's included.

    Every response to a logged-in user, and every one that carries a session (the request's
    or one the response starts), is ``Cache-Control: private, no-store``: after logging out,
    Back must not show a child's record again from the browser's cache. Public pages for
    visitors and the static files (served before this runs) keep whatever caching they had.
    Listed before the session middleware, so that it sees the session cookie that
    middleware sets on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _belongs_to_one_person(request, response):
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


def _belongs_to_one_person(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return (
        (user is not None and user.is_authenticated)
        or (session is not None and session.session_key is not None)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.SESSION_COOKIE_NAME in response.cookies
    )

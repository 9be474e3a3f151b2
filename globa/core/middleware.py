"""Rules of the web layer that hold for every response, whichever view answers it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

# Globa's pages read with GET (and HEAD) and change with POST; nothing speaks another method.
SITE_METHODS = ("GET", "HEAD", "POST")


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
        if request.method not in SITE_METHODS:
            return HttpResponseNotAllowed(SITE_METHODS)
        return self.get_response(request)

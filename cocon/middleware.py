from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DutchFirstMiddleware:
    """Dutch (nl-BE) unless the user chose English: the browser's language is not asked.

    Staff work on shared and personal devices with English system settings; the team works in Dutch.
    The choice made with the language switch (a cookie) still wins in LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

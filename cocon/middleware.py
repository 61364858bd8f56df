from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from cocon.accounts.security import demo_bypass_applies, session_age_exceeded, session_has_mfa


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


def _login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{query}")


class SessionLimitsMiddleware:
    """Absolute session lifetime (12 h since login), whatever the activity (SECURITY C2).

    The idle limit is SESSION_COOKIE_AGE renewed on every request (database sessions).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_age_exceeded(request):
            logout(request)
            return _login_redirect(request)
        return self.get_response(request)


# Paths a signed-in user may reach before the second factor: enrolment and code entry, logging
# in/out, re-authentication (enrolment asks for it), language switch, static files and health.
MFA_EXEMPT_URL_NAMES = (
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "set_language",
    "health",
)
MFA_EXEMPT_PREFIXES = ("/static/", "/accounts/2fa/")


def mfa_exempt(path: str) -> bool:
    if path.startswith(MFA_EXEMPT_PREFIXES):
        return True
    return any(path == reverse(name) for name in MFA_EXEMPT_URL_NAMES)


class MfaRequiredMiddleware:
    """No page beyond the exempt ones until the session completed a second factor (SECURITY B5).

    Without an authenticator the user is sent to enrolment; a user who has one but whose session
    skipped it (a session from before enrolment) logs in again, which runs allauth's MFA stage.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or session_has_mfa(request)
            or mfa_exempt(request.path_info)
            or demo_bypass_applies(user)
        ):
            return self.get_response(request)
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists():
            logout(request)
            return _login_redirect(request)
        response = HttpResponseRedirect(reverse("mfa_activate_totp"))
        add_never_cache_headers(response)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user (SECURITY C6)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.session.get("_auth_user_id"):
            add_never_cache_headers(response)
        return response

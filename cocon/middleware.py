from __future__ import annotations

import contextlib
import functools
import ipaddress
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from cocon.accounts.security import demo_bypass_applies, session_age_exceeded, session_has_mfa

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _in_networks(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the client's address, for everything after it: axes, allauth's rate limits,
    the audit log and "Mijn sessies" all read REMOTE_ADDR (SECURITY B2, ASVS 15.3.4).

    Only a connection from one of TRUSTED_PROXIES (the reverse proxy, addresses or networks) is
    believed: the client is then the right-most X-Forwarded-For entry that is not a proxy itself.
    Anyone else sending X-Forwarded-For is ignored, so a client cannot pick a fresh address per guess.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = _networks(tuple(settings.TRUSTED_PROXIES))
        if networks and _in_networks(request.META.get("REMOTE_ADDR", ""), networks):
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            for hop in reversed(hops):
                if not _in_networks(hop, networks):
                    # Garbage from the client's side of the header: keep the proxy's address.
                    with contextlib.suppress(ValueError):
                        request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(hop))
                    break
        return self.get_response(request)


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


def _htmx_page_url(request: HttpRequest) -> str | None:
    """The page the browser shows (htmx sends it as HX-Current-URL), as a local path, if it is ours."""
    current = request.headers.get("HX-Current-URL", "")
    if not current or not url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(current)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has gone must not get the login page swapped into a fragment.

    A redirect to the login, re-authentication or second-factor pages answering an htmx request becomes an
    empty 200 with `HX-Redirect`: htmx then loads that page as a whole. `next` is the page the
    person was on (HX-Current-URL) rather than the fragment's URL, which is not a page; when that
    header is missing or points elsewhere, the redirect's own `next` is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = response.get("Location", "")
        path = location.split("?", 1)[0]
        if path in (reverse(settings.LOGIN_URL), reverse("account_reauthenticate")):
            page = _htmx_page_url(request)
            if page is not None:
                location = f"{path}?{urlencode({REDIRECT_FIELD_NAME: page})}"
        elif not path.startswith(MFA_URL_PREFIX):
            return response  # an ordinary redirect inside the app: htmx follows it as it should
        full_page = HttpResponse(status=200)
        full_page["HX-Redirect"] = location
        full_page.cookies = response.cookies  # a logout's cookie deletion still reaches the browser
        patch_vary_headers(full_page, ("HX-Request",))
        add_never_cache_headers(full_page)
        return full_page


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
MFA_URL_PREFIX = "/accounts/2fa/"
MFA_EXEMPT_PREFIXES = ("/static/", MFA_URL_PREFIX)


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

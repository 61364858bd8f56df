from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cocon.accounts.navigation import menu_for
from cocon.accounts.security import demo_bypass_applies, session_has_mfa


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    # Before the second factor the menu would only lead back to the second factor: leave it out.
    fully = signed_in and (session_has_mfa(request) or demo_bypass_applies(user))
    return {
        "nav_items": menu_for(user, request) if fully else [],
        "mfa_pending": signed_in and not fully,
        "demo_mfa_bypass": settings.DEMO_MFA_BYPASS,
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }

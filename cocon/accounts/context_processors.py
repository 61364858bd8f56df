from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cocon.accounts.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "nav_items": menu_for(user, request) if user is not None and user.is_authenticated else [],
        "demo_mfa_bypass": settings.DEMO_MFA_BYPASS,
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }

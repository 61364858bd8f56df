"""Refuse to serve with an unsafe configuration (called by wsgi.py and asgi.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_serving_settings() -> None:
    if settings.DEBUG:
        return
    if getattr(settings, "DEMO_MFA_BYPASS", False):
        raise ImproperlyConfigured("DEMO_MFA_BYPASS is only for the demo set-up (DEBUG on); refusing to serve.")
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not getattr(settings, name)]
    if missing:
        raise ImproperlyConfigured(
            f"With DEBUG off, {' and '.join(missing)} must be set in the environment before Cocon serves requests."
        )

"""Session bookkeeping for the second factor, the absolute session limit and ending sessions.

The rules (SECURITY-RELIABILITY B5, C2, C5):
- a session counts as fully authenticated only when allauth recorded a completed second factor
  (`{"method": "mfa", ...}` in `account_authentication_methods`);
- a session lives at most SESSION_ABSOLUTE_SECONDS after login, whatever the activity;
- deactivating a user or changing their password ends their (other) sessions at once.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest

from .models import SessionRecord

AUTH_METHODS_KEY = "account_authentication_methods"
AUTH_METHODS_USER_KEY = "account_authentication_methods_user"
LOGIN_AT_KEY = "cocon_login_at"


def session_has_mfa(request: HttpRequest) -> bool:
    """True when this session completed a second factor for the signed-in user."""
    session = request.session
    owner = session.get(AUTH_METHODS_USER_KEY)
    if owner is not None and str(owner) != str(request.user.pk):
        return False  # records of somebody else: never trust them
    records = session.get(AUTH_METHODS_KEY)
    if not isinstance(records, list):
        return False
    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in records)


def demo_bypass_applies(user: Any) -> bool:
    """Only in the demo set-up (DEBUG on, embedded database) and only for the demo users."""
    if not (settings.DEBUG and getattr(settings, "DEMO_MFA_BYPASS", False)):
        return False
    from .demo import DEMO_USERS

    return getattr(user, "email", None) in {row[1] for row in DEMO_USERS}


def mark_logged_in(request: HttpRequest, user: Any) -> None:
    """At login: start the absolute clock and index the (new, rotated) session key."""
    request.session[LOGIN_AT_KEY] = time.time()
    if not request.session.session_key:
        request.session.save()
    SessionRecord.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})


def session_age_exceeded(request: HttpRequest) -> bool:
    started = request.session.get(LOGIN_AT_KEY)
    if not isinstance(started, int | float):
        request.session[LOGIN_AT_KEY] = time.time()
        return False
    return time.time() - started > settings.SESSION_ABSOLUTE_SECONDS


@transaction.atomic
def end_sessions(user: Any, *, keep: str | None = None) -> int:
    """Delete every session of `user` except `keep`. Returns how many were ended."""
    records = SessionRecord.objects.filter(user=user)
    if keep:
        records = records.exclude(session_key=keep)
    keys = list(records.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    records.delete()
    return len(keys)


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The account axes counts failures for (AXES_USERNAME_CALLABLE).

    allauth authenticates with `email=` while the form field is `login`; axes would see neither and
    lump every failure from one address together. Lower-cased, as addresses are stored.
    """
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None

"""Session bookkeeping for the second factor, the absolute session limit and ending sessions.

The rules (SECURITY-RELIABILITY B5, C2, C5):
- a session counts as fully authenticated only when allauth recorded a completed second factor
  (`{"method": "mfa", ...}` in `account_authentication_methods`);
- a session lives at most SESSION_ABSOLUTE_SECONDS after login, whatever the activity;
- deactivating a user or changing their password ends their (other) sessions at once.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

from .models import SessionRecord
from .useragent import Device, describe

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
    """At login: start the absolute clock and index the (new, rotated) session key, with the browser
    and address the person will recognise it by on "Mijn sessies"."""
    request.session[LOGIN_AT_KEY] = time.time()
    if not request.session.session_key:
        request.session.save()
    SessionRecord.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": (request.META.get("HTTP_USER_AGENT") or "")[:300],
            "ip_address": request.META.get("REMOTE_ADDR") or None,
        },
    )


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


@dataclass(frozen=True)
class ActiveSession:
    """One live session of a user, as "Mijn sessies" shows it."""

    pk: int
    device: Device
    ip_address: str | None
    signed_in_at: datetime.datetime
    last_seen_at: datetime.datetime
    current: bool


def active_sessions(user: Any, current_key: str | None) -> list[ActiveSession]:
    """The user's sessions that still work: the session row exists and has not expired (idle), and the
    login is younger than the absolute limit. Newest activity first, the current session on top."""
    now = timezone.now()
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    expiry = Session.objects.filter(session_key=OuterRef("session_key")).values("expire_date")[:1]
    records = (
        SessionRecord.objects.filter(
            user=user, created_at__gt=now - datetime.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS)
        )
        .annotate(expire_date=Subquery(expiry))
        .filter(expire_date__gt=now)
    )
    sessions = [
        ActiveSession(
            pk=record.pk,
            device=describe(record.user_agent),
            ip_address=record.ip_address,
            signed_in_at=record.created_at,
            # The row is saved on every request with a fresh expiry: expiry − idle = the last request.
            last_seen_at=max(record.expire_date - idle, record.created_at),
            current=record.session_key == current_key,
        )
        for record in records
    ]
    return sorted(sessions, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


@transaction.atomic
def end_one_session(user: Any, pk: int) -> str | None:
    """End one session of `user` (never somebody else's). Returns its key, or None if there is none."""
    record = SessionRecord.objects.select_for_update().filter(user=user, pk=pk).first()
    if record is None:
        return None
    Session.objects.filter(session_key=record.session_key).delete()
    record.delete()
    return record.session_key


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

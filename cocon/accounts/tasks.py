from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session

from .models import SessionRecord
from .sessions import SessionStore


@shared_task(name="cocon.accounts.tasks.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: delete expired session rows and the index entries of sessions that are gone."""
    SessionStore.clear_expired()
    stale = SessionRecord.objects.exclude(session_key__in=Session.objects.values("session_key"))
    count, _ = stale.delete()
    return count

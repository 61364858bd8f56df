"""Session engine: database sessions whose expired rows disappear the moment they are presented.

Django's database backend ignores an expired row but leaves it until `clearsessions` runs; the idle
timeout should really end the session, so the row is deleted here as well.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        session = super()._get_session_from_db()
        if session is None and key:
            self.model.objects.filter(session_key=key, expire_date__lte=timezone.now()).delete()
        return session

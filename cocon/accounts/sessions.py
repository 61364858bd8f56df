"""Session engine: database sessions whose expired rows disappear the moment they are presented.

Django's database backend ignores an expired row but leaves it until `clearsessions` runs; the idle
timeout should really end the session, so the row is deleted here as well.

The session is saved on every request (SESSION_SAVE_EVERY_REQUEST renews the idle timeout). Django wraps
that save in a transaction: BEGIN, UPDATE, COMMIT — three round trips on every page. Renewing an existing
session is one UPDATE of one row, atomic by itself, so it is sent on its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        session = super()._get_session_from_db()
        if session is None and key:
            self.model.objects.filter(session_key=key, expire_date__lte=timezone.now()).delete()
        return session

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        obj = self.create_model_instance(self._get_session(no_load=False))
        updated = self.model.objects.filter(session_key=obj.session_key).update(
            session_data=obj.session_data, expire_date=obj.expire_date
        )
        if not updated:  # the row is gone (ended elsewhere): as Django's backend, the session was interrupted
            raise UpdateError

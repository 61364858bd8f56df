from __future__ import annotations

import pytest


@pytest.fixture
def pg_flushable(django_db_setup, django_db_blocker):
    """Let pytest-django flush the PostgreSQL test database after a transactional test.

    The audit table refuses TRUNCATE on PostgreSQL (append-only trigger), and a transactional test ends
    with a flush (TRUNCATE of every table). Request this fixture BEFORE `transactional_db` in the test's
    arguments: it is then torn down after the flush, and switches the audit table's triggers back on.
    """
    from django.db import connection

    def set_triggers(state: str) -> None:
        if connection.vendor != "postgresql":
            return
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE audit_auditevent {state} TRIGGER USER")

    set_triggers("DISABLE")
    yield
    set_triggers("ENABLE")

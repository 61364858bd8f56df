"""H2: the app connects through a role that may only add to and read the audit log. `manage.py
audit_app_role` grants that role what the app needs; connected as it (SET ROLE), changing, deleting or
emptying audit events or their hash-chain links is refused by PostgreSQL's privilege check itself —
permission denied — while the app's ordinary tables stay writable.

PostgreSQL only (roles and grants do not exist on SQLite). Roles are cluster-wide: each test makes its
own uniquely named role and drops it afterwards (the test transaction's rollback would undo it too)."""

from __future__ import annotations

import io
import uuid
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection, transaction
from psycopg import errors

from cocon.audit.chain import seal_pending, verify_chain
from cocon.audit.models import AuditEvent, AuditSeal
from cocon.audit.services import audit_record
from reminders.models import CalendarFeed
from reminders.services import calendar_feed_renew, calendar_feed_revoke

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only")


def _run(sql: str, params: list | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


@pytest.fixture
def app_role(db):
    """A fresh role with the app's grants, made by the command as the operator would run it."""
    role = f"cocon_app_test_{uuid.uuid4().hex[:12]}"
    _run(f"CREATE ROLE {role} NOLOGIN")
    try:
        call_command("audit_app_role", role=role, apply=True, stdout=io.StringIO())
        yield role
    finally:
        _run("RESET ROLE")
        _run(f"DROP OWNED BY {role}")
        _run(f"DROP ROLE {role}")


@contextmanager
def connected_as(role: str):
    """The rest of the block runs as `role`, as if the app had connected with its own credentials."""
    _run(f"SET ROLE {role}")
    try:
        assert _run("SELECT current_user")[0] == role
        yield
    finally:
        _run("RESET ROLE")


def _refused(sql: str, params: list | None = None) -> bool:
    """True when PostgreSQL refuses `sql` for lack of privilege (not a trigger, not anything else)."""
    with pytest.raises(ProgrammingError) as info, transaction.atomic():
        _run(sql, params)
    return isinstance(info.value.__cause__, errors.InsufficientPrivilege) and "permission denied" in str(info.value)


def test_the_app_adds_and_reads_audit_events_but_cannot_change_delete_or_empty_them(app_role, worker):
    earlier = audit_record(actor=worker, action="cases.case.viewed")
    with connected_as(app_role):
        event = audit_record(actor=worker, action="cases.case.updated", data={"status": "changed"})  # INSERT
        assert AuditEvent.objects.filter(pk__in=[earlier.pk, event.pk]).count() == 2  # SELECT
        assert seal_pending() == 2  # beat seals through the same role: SELECT and INSERT on the chain
        for table in ("audit_auditevent", "audit_auditseal"):
            key = "id" if table == "audit_auditevent" else "event_id"
            assert _refused(f"UPDATE {table} SET {key} = {key} WHERE {key} = %s", [event.pk]), table
            assert _refused(f"DELETE FROM {table} WHERE {key} = %s", [event.pk]), table
            # The test connection carries cocon.allow_audit_truncate (for Django's flush), so the trigger
            # would let TRUNCATE through; the refusal here is the missing privilege. Setting the GUC as the
            # app role changes nothing either.
            _run("SET cocon.allow_audit_truncate = 'on'")
            assert _refused(f"TRUNCATE {table} CASCADE"), table
    assert AuditEvent.objects.get(pk=event.pk).action == "cases.case.updated"
    assert AuditSeal.objects.count() == 2
    assert verify_chain().ok


def test_the_app_still_reads_and_writes_its_ordinary_tables(app_role, worker, case):
    with connected_as(app_role):
        case.family_name = "Gezin Nieuw"
        case.save()  # UPDATE
        token = calendar_feed_renew(actor=worker)  # INSERT (and an audit event)
        assert CalendarFeed.objects.filter(user=worker).exists()  # SELECT
        assert calendar_feed_renew(actor=worker) != token  # UPDATE
        calendar_feed_revoke(actor=worker)  # DELETE
        assert not CalendarFeed.objects.filter(user=worker).exists()
    case.refresh_from_db()
    assert case.family_name == "Gezin Nieuw"
    assert AuditEvent.objects.filter(action__startswith="reminders.calendar.").count() == 3


def test_printing_the_grants_changes_nothing(db, capsys):
    role = f"cocon_app_test_{uuid.uuid4().hex[:12]}"
    _run(f"CREATE ROLE {role} NOLOGIN")
    try:
        call_command("audit_app_role", role=role)
        printed = capsys.readouterr().out
        assert f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "{role}";' in printed
        assert (
            f'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE "audit_auditevent", "audit_auditseal" '
            f'FROM "{role}";' in printed
        )
        assert not _run("SELECT has_table_privilege(%s, 'audit_auditevent', 'INSERT')", [role])[0]
    finally:
        _run(f"DROP ROLE {role}")


def test_the_command_refuses_a_role_that_would_bypass_the_grants(db):
    owner = _run("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_auditevent'::regclass")[0]
    with pytest.raises(CommandError, match=r"superuser|owns the audit tables"):
        call_command("audit_app_role", role=owner, apply=True)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("audit_app_role", role=f"cocon_app_missing_{uuid.uuid4().hex[:8]}", apply=True)
    with pytest.raises(CommandError, match="lower-case"):
        call_command("audit_app_role", role="app; DROP TABLE audit_auditevent", apply=True)

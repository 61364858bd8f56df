"""H2: the audit log is tamper-evident. Events are sealed into a hash chain; editing or deleting a
sealed event (or a link) directly in the database — as a database superuser could — is reported at
the first broken link."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cocon.audit.chain import GENESIS, content_hash, link_hash, seal_pending, verify_chain
from cocon.audit.models import AuditEvent, AuditSeal
from cocon.audit.services import audit_record

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only")


def _events(actor, n: int) -> list[AuditEvent]:
    return [audit_record(actor=actor, action="cases.case.viewed", data={"n": i, "note": "é"}) for i in range(n)]


@contextmanager
def superuser_sql():
    """A cursor that goes around the app and, on PostgreSQL, around the append-only triggers too."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor


def _insert_raw(cursor, when: datetime.datetime, count: int = 1) -> None:
    """Rows as bench/seed.py writes them: plain INSERTs, no Python, no seal."""
    cursor.executemany(
        "INSERT INTO audit_auditevent (created_at, actor_id, actor_role, action, outcome, object_type, object_id,"
        " case_code, data, request_id, ip_address) VALUES (%s, NULL, '', 'bulk.loaded', 'success', '', %s, NULL,"
        " %s, '', NULL)",
        [(when, str(i), "{}") for i in range(count)],
    )


def test_an_untouched_log_verifies_over_several_batches(worker):
    _events(worker, 12)
    assert seal_pending(batch=5) == 12
    assert seal_pending() == 0
    report = verify_chain(batch=5)
    assert report.ok and report.checked == 12 and report.unsealed == 0
    assert report.last_chain_hash == AuditSeal.objects.order_by("-seq").first().chain_hash


def test_each_link_carries_the_previous_one(worker):
    _events(worker, 3)
    seal_pending()
    first, second, third = AuditSeal.objects.order_by("seq")
    assert first.chain_hash == link_hash(GENESIS, first.row_hash)
    assert second.chain_hash == link_hash(first.chain_hash, second.row_hash)
    assert third.chain_hash == link_hash(second.chain_hash, third.row_hash)
    event = AuditEvent.objects.filter(pk=third.event_id).values().first()
    assert third.row_hash == content_hash(event)


def test_new_events_extend_the_chain(worker):
    _events(worker, 4)
    seal_pending()
    _events(worker, 3)
    assert seal_pending() == 3
    assert list(AuditSeal.objects.values_list("seq", flat=True)) == list(range(1, 8))
    assert verify_chain().ok


def test_changing_a_sealed_event_is_reported_at_its_link(worker):
    events = _events(worker, 8)
    seal_pending()
    victim = events[4]
    with superuser_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'cases.case.nothing' WHERE id = %s", [victim.pk])
    report = verify_chain()
    assert not report.ok
    assert (report.broken_seq, report.broken_event_id, report.checked) == (5, victim.pk, 4)
    assert report.reason == "event changed after it was sealed"


def test_changing_the_details_of_an_event_is_reported(worker):
    events = _events(worker, 3)
    seal_pending()
    with superuser_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"n": 99, "note": "é"}', events[1].pk])
    assert verify_chain().broken_seq == 2


def test_deleting_an_event_with_its_link_is_reported(worker):
    events = _events(worker, 6)
    seal_pending()
    with superuser_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditseal WHERE event_id = %s", [events[3].pk])
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[3].pk])
    report = verify_chain()
    assert (report.broken_seq, report.reason) == (4, "link missing (its event or link was deleted)")


def test_rewriting_a_link_is_reported(worker):
    events = _events(worker, 5)
    seal_pending()
    with superuser_sql() as cursor:
        # The event is changed and its row hash recomputed: the chain hash no longer follows.
        cursor.execute("UPDATE audit_auditevent SET actor_role = 'admin' WHERE id = %s", [events[2].pk])
        row = AuditEvent.objects.filter(pk=events[2].pk).values().first()
        cursor.execute("UPDATE audit_auditseal SET row_hash = %s WHERE seq = 3", [content_hash(row)])
    report = verify_chain()
    assert report.broken_seq == 3
    assert report.reason.startswith("link changed")


def test_an_event_committed_after_a_later_one_was_sealed_gets_the_next_link(worker):
    early, late, later = _events(worker, 3)
    # A sealing run saw `early` and `later` but not yet `late` (its transaction was still open).
    previous = GENESIS
    links = []
    for seq, event in enumerate([early, later], start=1):
        row_hash = content_hash(AuditEvent.objects.filter(pk=event.pk).values().first())
        previous = link_hash(previous, row_hash)
        links.append(AuditSeal(seq=seq, event_id=event.pk, row_hash=row_hash, chain_hash=previous))
    AuditSeal.objects.bulk_create(links)
    assert seal_pending() == 1
    assert AuditSeal.objects.get(seq=3).event_id == late.pk
    assert verify_chain().ok


def test_bulk_loaded_rows_like_the_bench_are_sealed_by_the_next_run(worker):
    _events(worker, 2)
    seal_pending()
    with superuser_sql() as cursor:
        _insert_raw(cursor, timezone.now() - datetime.timedelta(days=400), count=1500)
    report = verify_chain()
    assert report.unsealed == report.unsealed_older == 1500
    assert not report.ok
    assert seal_pending(limit=1000) == 1000  # the beat task's cap per run
    assert seal_pending() == 500
    report = verify_chain()
    assert report.ok and report.checked == 1502


def test_verify_command_names_the_first_broken_link(worker):
    events = _events(worker, 6)
    call_command("seal_audit_chain")
    with superuser_sql() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'denied' WHERE id IN (%s, %s)", [events[2].pk, events[4].pk]
        )
    with pytest.raises(CommandError, match=rf"broken at link 3, event {events[2].pk}: event changed"):
        call_command("verify_audit_chain")


def test_verify_command_passes_on_an_intact_chain(worker, capsys):
    _events(worker, 3)
    call_command("seal_audit_chain")
    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out


def test_verify_command_flags_old_events_that_were_never_sealed(db):
    with superuser_sql() as cursor:
        _insert_raw(cursor, timezone.now() - datetime.timedelta(hours=3))
    with pytest.raises(CommandError, match="older than an hour have no link"):
        call_command("verify_audit_chain")


def test_links_cannot_be_changed_or_deleted_by_the_app(worker):
    _events(worker, 1)
    seal_pending()
    link = AuditSeal.objects.get()
    link.chain_hash = GENESIS
    with pytest.raises(PermissionError):
        link.save()
    with pytest.raises(PermissionError):
        link.delete()
    with pytest.raises(PermissionError):
        AuditSeal.objects.update(chain_hash=GENESIS)
    with pytest.raises(PermissionError):
        AuditSeal.objects.all().delete()


@postgres_only
def test_postgresql_refuses_changes_to_links(worker):
    _events(worker, 1)
    seal_pending()
    for sql in ("UPDATE audit_auditseal SET chain_hash = 'x'", "DELETE FROM audit_auditseal"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditSeal.objects.count() == 1


def test_beat_seals_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-seal-chain"]
    assert entry["task"] == "cocon.audit.tasks.seal_audit_chain"
    assert entry["schedule"] == 60.0

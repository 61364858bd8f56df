"""Tamper-evidence for the audit log: seal events into a hash chain, and verify the chain (SECURITY H2).

Sealing (`seal_pending`) runs every minute from beat and from `manage.py seal_audit_chain`. It takes
the events without a link in id order and appends links: row_hash = SHA-256 of the event's canonical
content, chain_hash = SHA-256(previous chain_hash + row_hash). The chain order is the order of the
links (`seq`), not of the event ids: an event whose transaction committed after a later id was
sealed simply gets the next link in a later run.

Verifying (`verify_chain`, `manage.py verify_audit_chain`) recomputes every link and reports the
first broken one: a changed event, a changed link, or a missing link (an event deleted with its
link). What a chain cannot show on its own is the removal of the newest links; copy the latest
chain_hash elsewhere (the verify command prints it) to anchor it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from .models import AuditEvent, AuditSeal

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_role",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "case_code",
    "data",
    "request_id",
    "ip_address",
)
BATCH = 5000
# An event with an id below the newest sealed one is still picked up when it is this recent: its
# transaction committed after a sealing run had passed its id.
LATE_COMMIT_WINDOW = datetime.timedelta(hours=1)
_ADVISORY_LOCK = 0x636F636F6E  # "cocon": one sealer at a time on PostgreSQL


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    return str(value)


def content_hash(row: dict[str, Any]) -> str:
    """SHA-256 of one event's content, canonical: field order fixed, JSON keys sorted, times in UTC."""
    payload = json.dumps(
        [_plain(row[name]) for name in CONTENT_FIELDS], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def link_hash(previous: str, row_hash: str) -> str:
    return hashlib.sha256(f"{previous}{row_hash}".encode()).hexdigest()


def _pending(last_sealed_id: int, limit: int) -> list[dict[str, Any]]:
    recent = timezone.now() - LATE_COMMIT_WINDOW
    late = list(
        AuditEvent.objects.filter(id__lte=last_sealed_id, created_at__gte=recent, seal__isnull=True)
        .order_by("id")
        .values(*CONTENT_FIELDS)[:limit]
    )
    fresh = list(
        AuditEvent.objects.filter(id__gt=last_sealed_id).order_by("id").values(*CONTENT_FIELDS)[: limit - len(late)]
    )
    return late + fresh


def seal_pending(*, limit: int | None = None, batch: int = BATCH) -> int:
    """Append links for unsealed events, at most `limit` (all when None). Returns how many were sealed."""
    sealed = 0
    while limit is None or sealed < limit:
        size = batch if limit is None else min(batch, limit - sealed)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
            last = AuditSeal.objects.order_by("-seq").values("seq", "chain_hash").first()
            seq, previous = (last["seq"], last["chain_hash"]) if last else (0, GENESIS)
            last_sealed_id = AuditSeal.objects.aggregate(m=Max("event_id"))["m"] or 0
            rows = _pending(last_sealed_id, size)
            if not rows:
                break
            links = []
            for row in rows:
                seq += 1
                row_hash = content_hash(row)
                previous = link_hash(previous, row_hash)
                links.append(AuditSeal(seq=seq, event_id=row["id"], row_hash=row_hash, chain_hash=previous))
            AuditSeal.objects.bulk_create(links)
        sealed += len(links)
    return sealed


@dataclass
class ChainReport:
    checked: int = 0
    broken_seq: int | None = None
    broken_event_id: int | None = None
    reason: str = ""
    last_chain_hash: str = GENESIS
    unsealed: int = 0
    unsealed_older: int = 0  # unsealed and older than the late-commit window: written around the app

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and self.unsealed_older == 0


def _links(batch: int) -> Iterator[dict[str, Any]]:
    after = 0
    fields = ["seq", "event_id", "row_hash", "chain_hash", *(f"event__{name}" for name in CONTENT_FIELDS)]
    while True:
        rows = list(AuditSeal.objects.filter(seq__gt=after).order_by("seq").values(*fields)[:batch])
        if not rows:
            return
        yield from rows
        after = rows[-1]["seq"]


def _event_of(link: dict[str, Any]) -> dict[str, Any]:
    return {name: link[f"event__{name}"] for name in CONTENT_FIELDS}


def verify_chain(*, batch: int = BATCH, links: Iterable[dict[str, Any]] | None = None) -> ChainReport:
    """Recompute the whole chain; stop at the first broken link."""
    report = ChainReport()
    previous = GENESIS
    for expected, link in enumerate(links if links is not None else _links(batch), start=1):
        if link["seq"] != expected:
            report.broken_seq, report.reason = expected, "link missing (its event or link was deleted)"
            break
        if content_hash(_event_of(link)) != link["row_hash"]:
            report.broken_seq, report.broken_event_id = link["seq"], link["event_id"]
            report.reason = "event changed after it was sealed"
            break
        if link_hash(previous, link["row_hash"]) != link["chain_hash"]:
            report.broken_seq, report.broken_event_id = link["seq"], link["event_id"]
            report.reason = "link changed (chain hash does not follow from the previous link)"
            break
        previous = link["chain_hash"]
        report.checked += 1
    report.last_chain_hash = previous
    unsealed = AuditEvent.objects.filter(seal__isnull=True)
    report.unsealed = unsealed.count()
    report.unsealed_older = unsealed.filter(created_at__lt=timezone.now() - LATE_COMMIT_WINDOW).count()
    return report

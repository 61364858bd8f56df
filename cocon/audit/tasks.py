from __future__ import annotations

from celery import shared_task

from .chain import seal_pending
from .retention import apply_retention as apply_retention_service


@shared_task(name="cocon.audit.tasks.apply_retention")
def apply_retention() -> dict[str, int]:
    """Nightly: erase closed cases past their retention period (idempotent: erased cases are gone)."""
    report = apply_retention_service(dry_run=False)
    return {"erased": report.count, "failed": len(report.failed)}


@shared_task(name="cocon.audit.tasks.seal_audit_chain")
def seal_audit_chain() -> int:
    """Every minute: append hash-chain links for new audit events (at most 100,000 a run, so that a
    bulk load is sealed over a few runs instead of in one long task)."""
    return seal_pending(limit=100_000)

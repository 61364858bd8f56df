from __future__ import annotations

from celery import shared_task

from .retention import apply_retention as apply_retention_service


@shared_task(name="cocon.audit.tasks.apply_retention")
def apply_retention() -> dict[str, int]:
    """Nightly: erase closed cases past their retention period (idempotent: erased cases are gone)."""
    report = apply_retention_service(dry_run=False)
    return {"erased": report.count, "failed": len(report.failed)}

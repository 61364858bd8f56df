"""Retention: closed cases are erased RETENTION_DAYS after their closing date (AVG art. 5(1)(e)).

`apply_retention(dry_run=True)` reports what would go; with `dry_run=False` each case goes in its
own transaction: the registered erasers run, the case row is deleted (rows that belong to the case
follow through their CASCADE foreign keys), then its folder MEDIA_ROOT/cases/<case code>/ is removed.
The audit log keeps the case code only — a pseudonym once the case is gone.
Run from `manage.py apply_retention` or the Celery task `cocon.audit.tasks.apply_retention`.
"""

from __future__ import annotations

import datetime
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils import timezone

from .privacy import case_erasers
from .services import audit_record

logger = logging.getLogger(__name__)

CLOSED_STATUSES = ("closed", "cancelled")


@dataclass
class RetentionReport:
    cutoff: datetime.date
    dry_run: bool
    cases: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cases)


def case_media_dir(case: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / "cases" / str(case.code)


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.RETENTION_DAYS)


def cases_due(today: datetime.date | None = None) -> QuerySet[Any]:
    case_model = apps.get_model("cases", "Case")
    return case_model.objects.filter(
        status__in=CLOSED_STATUSES, closed_on__isnull=False, closed_on__lte=retention_cutoff(today)
    ).order_by("closed_on", "pk")


def _files_in(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def erase_case(case: Any) -> dict[str, int]:
    """Delete one case with everything that belongs to it, files included."""
    counts: dict[str, int] = {}
    folder = case_media_dir(case)
    code = case.code
    with transaction.atomic():
        for key, eraser in sorted(case_erasers().items()):
            for what, n in (eraser(case) or {}).items():
                counts[f"{key}.{what}"] = n
        deleted, per_model = case.delete()
        counts.update(per_model)
        audit_record(actor=None, action="privacy.case.erased", data={"code": str(code), "rows": deleted})
    # Files after the commit: a failed delete keeps them, a removed folder is never half a case.
    counts["files"] = _files_in(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return counts


def apply_retention(*, dry_run: bool = True, today: datetime.date | None = None) -> RetentionReport:
    report = RetentionReport(cutoff=retention_cutoff(today), dry_run=dry_run)
    for case in cases_due(today):
        entry = {
            "code": str(case.code),
            "closed_on": case.closed_on.isoformat(),
            "files": _files_in(case_media_dir(case)),
        }
        if dry_run:
            report.cases.append(entry)
            continue
        try:
            entry["deleted"] = erase_case(case)
        except (ProtectedError, RestrictedError) as exc:
            logger.error("retention: case %s not erased: %s", case.code, type(exc).__name__)
            report.failed.append({**entry, "error": type(exc).__name__})
            continue
        report.cases.append(entry)
    if not dry_run:
        audit_record(
            actor=None,
            action="privacy.retention.applied",
            data={"erased": report.count, "failed": len(report.failed), "cutoff": report.cutoff.isoformat()},
        )
    return report

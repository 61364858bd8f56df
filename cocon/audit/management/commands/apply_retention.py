from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocon.audit.retention import apply_retention


class Command(BaseCommand):
    help = "Erase closed cases whose retention period (RETENTION_DAYS after closing) has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only report which cases would be erased.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        report = apply_retention(dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(f"Retention cutoff: closed on or before {report.cutoff.isoformat()}")
        for entry in report.cases:
            self.stdout.write(f"  {entry['code']}  closed {entry['closed_on']}  files {entry['files']}  {verb}")
        for entry in report.failed:
            self.stdout.write(f"  {entry['code']}  NOT erased: {entry['error']}")
        self.stdout.write(f"{report.count} case(s) {verb}; {len(report.failed)} failed.")

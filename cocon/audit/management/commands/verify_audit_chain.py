from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocon.audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain and report the first broken link. Exits with an error when a "
        "link is broken or events older than an hour were never sealed. Prints the latest chain hash: keep "
        "a copy elsewhere to notice the newest links being removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        self.stdout.write(f"{report.checked} link(s) verified; latest chain hash {report.last_chain_hash}")
        self.stdout.write(
            f"{report.unsealed} event(s) not sealed yet, {report.unsealed_older} of them older than an hour."
        )
        if report.broken_seq is not None:
            event = f", event {report.broken_event_id}" if report.broken_event_id is not None else ""
            raise CommandError(f"Audit chain broken at link {report.broken_seq}{event}: {report.reason}.")
        if report.unsealed_older:
            raise CommandError(
                f"{report.unsealed_older} audit event(s) older than an hour have no link: written around the app?"
            )
        self.stdout.write(self.style.SUCCESS("Audit chain intact."))

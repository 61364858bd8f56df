from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocon.audit.chain import seal_pending


class Command(BaseCommand):
    help = "Append hash-chain links for every audit event that has none yet (beat does this every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = seal_pending()
        self.stdout.write(f"{sealed} audit event(s) sealed.")

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from cocon.accounts.demo import DEMO_USERS
from cocon.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the address and the demo logins (used by `make run`)."

    def handle(self, *args: Any, **options: Any) -> None:
        port = os.environ.get("PORT", "8000")
        lines = [
            "",
            "=" * 72,
            f"  Cocon draait op http://127.0.0.1:{port}/",
            f"  Demo-logins (wachtwoord voor allen: {DEMO_PASSWORD})",
        ]
        for _key, email, first, last, role, team, org in DEMO_USERS:
            where = team or org or ""
            lines.append(f"    {email:<24} {first} {last} — {role.label} {('(' + where + ')') if where else ''}")
        lines += ["  Ctrl-C stopt web, worker en beat samen.", "=" * 72, ""]
        self.stdout.write("\n".join(lines))

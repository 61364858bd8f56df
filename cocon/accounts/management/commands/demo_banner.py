from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from cocon.accounts.demo import DEMO_USERS
from cocon.accounts.models import User
from cocon.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the address and the demo logins (used by `make run`)."

    def handle(self, *args: Any, **options: Any) -> None:
        port = os.environ.get("COCON_PORT", "8000")  # not PORT: honcho sets that to 5000 for the web process
        order = {email: i for i, (_key, email, *_rest) in enumerate(DEMO_USERS)}
        # Every demo account, including those other apps' demo modules add, in a stable order.
        users = sorted(
            User.objects.filter(is_active=True).select_related("team", "organisation"),
            key=lambda u: (order.get(u.email, len(order)), u.role, u.email),
        )
        lines = [
            "",
            "=" * 72,
            f"  Cocon draait op http://127.0.0.1:{port}/",
            f"  Demo-logins (wachtwoord voor allen: {DEMO_PASSWORD})",
        ]
        with translation.override("nl-be"):
            for user in users:
                where = user.team or user.organisation or ""
                lines.append(f"    {user.email:<24} {user.get_full_name():<18} {user.get_role_display()} {where}")
        lines += ["  Ctrl-C stopt web, worker en beat samen.", "=" * 72, ""]
        self.stdout.write("\n".join(lines))

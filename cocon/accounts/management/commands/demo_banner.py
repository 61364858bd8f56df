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
        port = os.environ.get("PORT", "8000")
        users = {u.email: u for u in User.objects.select_related("team", "organisation")}
        lines = [
            "",
            "=" * 72,
            f"  Cocon draait op http://127.0.0.1:{port}/",
            f"  Demo-logins (wachtwoord voor allen: {DEMO_PASSWORD})",
        ]
        with translation.override("nl-be"):
            for _key, email, *_rest in DEMO_USERS:
                user = users.get(email)
                if user is None:
                    continue
                where = user.team or user.organisation or ""
                lines.append(f"    {email:<24} {user.get_full_name():<18} {user.get_role_display()} {where}")
        lines += ["  Ctrl-C stopt web, worker en beat samen.", "=" * 72, ""]
        self.stdout.write("\n".join(lines))

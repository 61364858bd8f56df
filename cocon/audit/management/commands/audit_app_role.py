from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocon.audit.dbrole import RoleError, app_role_sql, apply_app_role


class Command(BaseCommand):
    help = (
        "Print (or with --apply run) the grants for the PostgreSQL role the app connects as: read and write on "
        "every table, but only SELECT and INSERT on the audit log and its hash chain (SECURITY H2). Run it as "
        "the owner of the tables (the role that runs migrate), after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default="cocon_app", help="The app's role (default cocon_app).")
        parser.add_argument("--schema", default="public", help="The schema of the app's tables (default public).")
        parser.add_argument("--apply", action="store_true", help="Run the grants instead of printing them.")

    def handle(self, *args: Any, **options: Any) -> None:
        role, schema = options["role"], options["schema"]
        try:
            if options["apply"]:
                statements = apply_app_role(role, schema=schema)
            else:
                statements = app_role_sql(role, schema=schema)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        if options["apply"]:
            self.stdout.write(self.style.SUCCESS(f"{len(statements)} statement(s) run for role {role}."))
            return
        self.stdout.write(f"-- Grants for the app role {role} (SECURITY H2); run as the owner of the tables.")
        self.stdout.write("BEGIN;")
        for statement in statements:
            self.stdout.write(f"{statement};")
        self.stdout.write("COMMIT;")

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from cocon.accounts.models import User
from cocon.demo import DemoContext


def demo_modules() -> list[Any]:
    """Every installed app's `demo` module, in the order the modules ask for."""
    modules = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


class Command(BaseCommand):
    help = "Load the fictional demo data (DOMAIN §10), dated so that the demo's today is today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when users already exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data: the database already holds users; nothing loaded.")
                return
            raise CommandError("The database is not empty; seed_demo only loads into an empty database.")
        ctx = DemoContext(today=timezone.localdate())
        with transaction.atomic():
            for module in demo_modules():
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({len(ctx.users)} users, {len(ctx.cases)} cases)."))

"""Shared pieces for `manage.py seed_demo`.

Each app that has demo data has a `demo.py` module with `ORDER` (int) and `seed(ctx: DemoContext)`.
The command finds them through the app registry, so no app imports another app's demo. The demo case
of DOMAIN §10 is dated around a fictional "today" (Monday 16/06/2025); `ctx.d()` shifts every date so
that the demo's today is the real today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

DEMO_PASSWORD = "cocon-demo-2025"  # noqa: S105  (fictional demo accounts, printed by `make run`)


@dataclass
class DemoContext:
    today: date
    demo_today: date = field(default_factory=lambda: date.fromisoformat(settings.DEMO_TODAY))
    users: dict[str, Any] = field(default_factory=dict)
    teams: dict[str, Any] = field(default_factory=dict)
    organisations: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Any] = field(default_factory=dict)
    persons: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def offset(self) -> timedelta:
        return self.today - self.demo_today

    def d(self, year: int, month: int, day: int) -> date:
        """A date of the demo story, moved so that 16/06/2025 falls on the real today."""
        return date(year, month, day) + self.offset

    def dt(self, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(self.d(year, month, day), time(hour, minute)))

"""Benchmark of the sweep (issue 9, "Performance"): 60,000 agreements with schedules.

`bench_sweep()` seeds cases, plans and agreements whose checks are all due, then times a sweep that creates
the due rows (no delivery) and an immediate second sweep, which must create nothing. For `make bench`
(bench/run.py can call it); needs PostgreSQL and a throw-away database.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

GOAL_SECONDS = 10.0


def seed_agreements(*, agreements: int = 60_000, per_case: int = 20) -> dict[str, Any]:
    from django.utils import timezone

    from cases.models import Case
    from cocon.accounts.models import Role, Team, User
    from safetyplans.models import Agreement, SafetyPlan

    today = timezone.localdate()
    tag = uuid.uuid4().hex[:6]
    team = Team.objects.create(name=f"Bench {tag}", region="Bench")
    worker = User.objects.create_user(f"bench-{tag}@cocon.invalid", role=Role.CONTEXT_WORKER, team=team)
    n_cases = max(1, agreements // per_case)
    cases = Case.objects.bulk_create(
        Case(
            reference=f"B{tag}-{i}",
            family_name="Bench",
            team=team,
            lead_worker=worker,
            status="active",
            referred_on=today - timedelta(days=60),
            started_on=today - timedelta(days=58),
        )
        for i in range(n_cases)
    )
    plans = SafetyPlan.objects.bulk_create(
        SafetyPlan(
            case=case, status="final", valid_from=today - timedelta(days=10), finalised_on=today - timedelta(days=10)
        )
        for case in cases
    )
    rows = [
        Agreement(plan=plan, number=n, text="Afspraak", frequency="weekly", monitor_professional=worker)
        for plan in plans
        for n in range(1, per_case + 1)
    ]
    Agreement.objects.bulk_create(rows[:agreements], batch_size=5000)
    return {"cases": n_cases, "agreements": min(agreements, len(rows))}


def bench_sweep(*, agreements: int = 60_000) -> dict[str, Any]:
    from .models import Reminder
    from .services import reminders_sweep

    seeded = seed_agreements(agreements=agreements)
    started = time.perf_counter()
    first = reminders_sweep(deliver=False)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = reminders_sweep(deliver=False)
    second_seconds = time.perf_counter() - started
    return {
        **seeded,
        "check_rows": Reminder.objects.filter(rule_code="R-CHECK-DUE").count(),
        "first_created": first.created,
        "first_seconds": round(first_seconds, 2),
        "second_created": second.created,
        "second_seconds": round(second_seconds, 2),
        "goal_met": first_seconds <= GOAL_SECONDS and second.created == 0,
    }

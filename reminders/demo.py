"""Demo reminders (DOMAIN §10.17): the history of the demo case, then one real sweep.

The handled reminders of the story (JIM Milan, intensity in week 17, bottom line O2) are history: they are
written as closed rows. Everything open or planned comes from the rules themselves, through the sweep,
so that the demo shows what the rules really do with the demo data.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from cocon.demo import DemoContext

from .models import Delivery, Notification, Reminder, Severity, Status
from .services import notify_at_for, reminders_sweep

ORDER = 90


def _closed(
    ctx: DemoContext,
    *,
    rule_code: str,
    obj: Any,
    due: tuple[int, int, int],
    closed: tuple[int, int, int],
    users: list[Any],
    status: str,
    severity: str,
    detail: str = "",
    reason: str = "",
    closed_by: Any = None,
) -> Reminder:
    case = ctx.cases["verbeke"]
    due_on = ctx.d(*due)
    closed_at = timezone.make_aware(datetime.combine(ctx.d(*closed), time(11, 0)))
    reminder, _ = Reminder.objects.get_or_create(
        rule_code=rule_code,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        due_on=due_on,
        defaults={
            "case": case,
            "team": case.team,
            "assigned_to": users[0],
            "recipient_ids": [u.pk for u in users],
            "severity": severity,
            "detail": detail,
            "status": status,
            "status_reason": reason,
            "notify_at": notify_at_for(due_on),
            "delivery": Delivery.SENT,
            "delivered_at": notify_at_for(due_on),
            "closed_at": closed_at,
            "closed_by": closed_by,
        },
    )
    for user in users:
        Notification.objects.get_or_create(reminder=reminder, user=user)
    return reminder


def seed(ctx: DemoContext) -> None:
    users = ctx.users
    case = ctx.cases.get("verbeke")
    if case is not None:
        milan = ctx.persons.get("milan")
        jim_object = getattr(milan, "jim_search", None) if milan is not None else None
        _closed(
            ctx,
            rule_code="R-JIM-OVERDUE",
            obj=jim_object or milan or case,
            due=(2025, 4, 9),
            closed=(2025, 4, 9),
            users=[users["eline"], users["koen"]],
            status=Status.RESOLVED,
            severity=Severity.OVERDUE,
        )
        _closed(
            ctx,
            rule_code="R-INTENSITY",
            obj=case,
            due=(2025, 4, 28),
            closed=(2025, 4, 30),
            users=[users["eline"], users["sofie"]],
            status=Status.DONE,
            severity=Severity.ESCALATION,
            detail="week 17",
            reason="Verlof; inhaalbezoek gepland.",
            closed_by=users["eline"],
        )
        _closed(
            ctx,
            rule_code="R-BOTTOMLINE",
            obj=case,
            due=(2025, 5, 26),
            closed=(2025, 5, 26),
            users=[users["eline"], users["sofie"], users["nadia"]],
            status=Status.DONE,
            severity=Severity.ESCALATION,
            detail="O2",
            closed_by=users["eline"],
        )
    # Everything open and planned: what the rules find in the demo data today.
    reminders_sweep(now=timezone.now())

"""Every write of the reminders app: the sweep, the delivery, the user's actions, the digest, the feed.

The sweep is safe to run any number of times, by any number of processes at once, and after any crash:
- rows are created on a unique key with `bulk_create(ignore_conflicts=True)`;
- open rows that are no longer a candidate of their rule are resolved;
- delivery locks pending rows with `select_for_update(skip_locked=True)` and creates the notifications in
  the same transaction that marks the row sent. A crash rolls both back; a second sweep skips locked rows.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocon.audit.services import audit_record

from .models import (
    ACTIVE_STATUSES,
    SEVERITY_LEVEL,
    CalendarFeed,
    Delivery,
    DigestLog,
    Notification,
    Reminder,
    Status,
)
from .rulebook import Candidate, Rule, SweepContext, registered_rules

logger = logging.getLogger(__name__)

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
# A reminder "due on a day" shows up at 09:00 local time on that day, whatever the daylight-saving offset.
NOTIFY_TIME = time(9, 0)
CREATE_BATCH = 5000
DELIVER_BATCH = 500
# The digest goes out at 07:00 (beat); sweeps between 07:00 and noon catch up a missed run.
DIGEST_CATCH_UP_HOURS = range(7, 12)


@dataclass
class SweepResult:
    created: int = 0
    escalated: int = 0
    resolved: int = 0
    woken: int = 0
    delivered: int = 0
    notifications: int = 0
    errors: list[str] = field(default_factory=list)


def notify_at_for(day: date) -> datetime:
    """09:00 in Brussels on `day`, as an aware datetime (the right UTC instant on both sides of DST)."""
    return datetime.combine(day, NOTIFY_TIME, tzinfo=LOCAL_TZ)


def reminders_sweep(*, now: datetime | None = None, deliver: bool = True) -> SweepResult:
    """Create the due reminders, resolve the ones whose condition is met, wake snoozed ones, deliver."""
    now = now or timezone.now()
    today = timezone.localdate(now, LOCAL_TZ)
    ctx = SweepContext.load(now, today)
    result = SweepResult()
    for rule in registered_rules():
        try:
            _sweep_rule(rule, ctx, result)
        except Exception as exc:  # one broken rule must not stop the others
            logger.exception("reminder rule %s failed", rule.code)
            result.errors.append(f"{rule.code}: {type(exc).__name__}")
    result.woken = _wake_snoozed(today)
    if deliver:
        result.delivered, result.notifications = reminders_deliver(now=now)
    return result


def _recipient_ids(users: list[Any]) -> list[int]:
    seen: list[int] = []
    for user in users:
        uid = user if isinstance(user, int) else user.pk
        if uid is not None and uid not in seen:
            seen.append(uid)
    return seen


def _sweep_rule(rule: Rule, ctx: SweepContext, result: SweepResult) -> None:
    candidates: dict[tuple[str, int, date], Candidate] = {}
    for candidate in rule.candidates(ctx.today, ctx):
        candidates[candidate.key] = candidate
    active = {
        (row["object_type"], row["object_id"], row["due_on"]): row
        for row in Reminder.objects.filter(rule_code=rule.code, status__in=ACTIVE_STATUSES).values(
            "id", "object_type", "object_id", "due_on", "level", "severity", "recipient_ids"
        )
    }
    known = set(active)
    if candidates:
        # Rows already closed (done, dismissed, resolved) keep their key: the thing is not asked again.
        earliest = min(key[2] for key in candidates)
        known.update(
            Reminder.objects.filter(rule_code=rule.code, due_on__gte=earliest)
            .exclude(status__in=ACTIVE_STATUSES)
            .values_list("object_type", "object_id", "due_on")
        )

    new_rows: list[Reminder] = []
    for key, candidate in candidates.items():
        recipients = _recipient_ids(candidate.assignees)
        level = SEVERITY_LEVEL.get(candidate.severity, 0)
        if key not in known:
            new_rows.append(
                Reminder(
                    rule_code=rule.code,
                    object_type=key[0],
                    object_id=key[1],
                    due_on=key[2],
                    case_id=candidate.case_id or getattr(candidate.case, "pk", None),
                    team_id=candidate.team_id or getattr(candidate.case, "team_id", None),
                    assigned_to_id=recipients[0] if recipients else None,
                    recipient_ids=recipients,
                    severity=candidate.severity,
                    level=level,
                    detail=candidate.detail[:80],
                    link=candidate.resolved_link()[:300],
                    notify_at=notify_at_for(candidate.notify_on or candidate.due_on),
                )
            )
            continue
        row = active.get(key)
        if row is None:
            continue
        added = [uid for uid in recipients if uid not in row["recipient_ids"]]
        if level > row["level"] or added:
            # Escalation: a higher severity and/or more people. Delivery runs again and creates only the
            # notifications that do not exist yet.
            Reminder.objects.filter(pk=row["id"], status__in=ACTIVE_STATUSES).update(
                severity=candidate.severity if level > row["level"] else row["severity"],
                level=max(level, row["level"]),
                recipient_ids=row["recipient_ids"] + added,
                delivery=Delivery.PENDING,
            )
            result.escalated += 1

    if new_rows:
        # The unique key makes a row created by a concurrent sweep a no-op here (ignore_conflicts).
        before = Reminder.objects.filter(rule_code=rule.code).count()
        for start in range(0, len(new_rows), CREATE_BATCH):
            Reminder.objects.bulk_create(new_rows[start : start + CREATE_BATCH], ignore_conflicts=True)
        result.created += Reminder.objects.filter(rule_code=rule.code).count() - before

    gone = [row["id"] for key, row in active.items() if key not in candidates]
    if gone:
        # No longer a candidate: the thing was done, the object is gone, the case closed, or a newer due date
        # replaced this one. Only rows still active are touched (a user may have acted in between).
        result.resolved += Reminder.objects.filter(pk__in=gone, status__in=ACTIVE_STATUSES).update(
            status=Status.RESOLVED, closed_at=ctx.now, status_reason=""
        )


def _wake_snoozed(today: date) -> int:
    return Reminder.objects.filter(status=Status.SNOOZED, snoozed_until__lte=today).update(
        status=Status.OPEN, snoozed_until=None, delivery=Delivery.PENDING
    )


def reminders_deliver(*, now: datetime | None = None, batch: int = DELIVER_BATCH) -> tuple[int, int]:
    """Deliver due reminders in batches: lock (skipping rows another sweep holds), notify, mark sent."""
    now = now or timezone.now()
    delivered = notified = 0
    while True:
        with transaction.atomic():
            rows = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(delivery=Delivery.PENDING, notify_at__lte=now, status=Status.OPEN)
                .only("id", "recipient_ids")
                .order_by("notify_at", "id")[:batch]
            )
            if not rows:
                break
            notes = [Notification(reminder_id=row.pk, user_id=uid) for row in rows for uid in row.recipient_ids]
            created = Notification.objects.bulk_create(notes, ignore_conflicts=True)
            # Woken snoozed rows: their notifications exist; show them as new again.
            Notification.objects.filter(reminder_id__in=[r.pk for r in rows], read_at__isnull=False).update(
                read_at=None
            )
            Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(delivery=Delivery.SENT, delivered_at=now)
            delivered += len(rows)
            notified += len(created)
        if len(rows) < batch:
            break
    return delivered, notified


# --- a user's actions --------------------------------------------------------------------------------


@transaction.atomic
def reminder_done(*, actor: Any, reminder: Reminder) -> Reminder:
    """The person did what the reminder asked (or handled it otherwise)."""
    if not reminder.is_active:
        raise ValidationError(_("This reminder is no longer open."))
    reminder.status = Status.DONE
    reminder.status_reason = ""
    reminder.snoozed_until = None
    reminder.closed_at = timezone.now()
    reminder.closed_by = actor
    reminder.full_clean()
    reminder.save(update_fields=["status", "status_reason", "snoozed_until", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="reminders.reminder.done",
        obj=reminder,
        case=reminder.case,
        data={"rule": reminder.rule_code},
    )
    return reminder


@transaction.atomic
def reminder_snooze(*, actor: Any, reminder: Reminder, until: date, reason: str) -> Reminder:
    """Put a reminder aside until a later day, with a reason; the sweep opens it again on that day."""
    if not reminder.is_active:
        raise ValidationError(_("This reminder is no longer open."))
    if until <= timezone.localdate():
        raise ValidationError({"until": _("Choose a day after today.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you put the reminder aside.")})
    reminder.status = Status.SNOOZED
    reminder.snoozed_until = until
    reminder.status_reason = reason.strip()
    reminder.full_clean()
    reminder.save(update_fields=["status", "snoozed_until", "status_reason"])
    audit_record(
        actor=actor,
        action="reminders.reminder.snoozed",
        obj=reminder,
        case=reminder.case,
        data={"rule": reminder.rule_code, "until": until.isoformat(), "fields": ["snoozed_until", "status_reason"]},
    )
    return reminder


@transaction.atomic
def reminder_dismiss(*, actor: Any, reminder: Reminder, reason: str) -> Reminder:
    """Close a reminder that does not apply, with a reason."""
    if not reminder.is_active:
        raise ValidationError(_("This reminder is no longer open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this reminder does not apply.")})
    reminder.status = Status.DISMISSED
    reminder.status_reason = reason.strip()
    reminder.snoozed_until = None
    reminder.closed_at = timezone.now()
    reminder.closed_by = actor
    reminder.full_clean()
    reminder.save(update_fields=["status", "status_reason", "snoozed_until", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="reminders.reminder.dismissed",
        obj=reminder,
        case=reminder.case,
        data={"rule": reminder.rule_code, "fields": ["status_reason"]},
    )
    return reminder


def notification_mark_read(*, user: Any, reminder: Reminder) -> None:
    Notification.objects.filter(reminder=reminder, user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- the daily digest --------------------------------------------------------------------------------


def digest_message_id(user: Any, day: date) -> str:
    """Deterministic, so that a digest sent twice after a crash is recognisably the same message."""
    return f"<digest-{user.code}-{day.isoformat()}@cocon>"


def reminders_send_digests(*, now: datetime | None = None) -> dict[str, int]:
    """Send today's digest to every active user with open reminders who has not had one today."""
    from cocon.accounts.models import User

    now = now or timezone.now()
    day = timezone.localdate(now, LOCAL_TZ)
    done_today = DigestLog.objects.filter(day=day, sent_at__isnull=False).values("user_id")
    users = (
        User.objects.filter(is_active=True, notifications__reminder__status=Status.OPEN)
        .exclude(pk__in=done_today)
        .exclude(email="")
        .distinct()
    )
    sent = skipped = 0
    for user in users:
        try:
            if _send_digest(user, day, now):
                sent += 1
            else:
                skipped += 1
        except Exception:  # one failing address must not stop the others; the next run retries it
            logger.exception("digest for user %s failed", user.pk)
    return {"sent": sent, "skipped": skipped}


def _digest_counts(user: Any, today: date) -> dict[str, Any]:
    from .rulebook import rule_title

    base = Reminder.objects.filter(notifications__user=user, status=Status.OPEN)
    totals = base.aggregate(
        open=Count("pk", distinct=True),
        overdue=Count("pk", filter=Q(due_on__lt=today), distinct=True),
    )
    by_rule = [
        {"title": str(rule_title(row["rule_code"])), "count": row["n"]}
        for row in base.values("rule_code").annotate(n=Count("pk", distinct=True)).order_by("rule_code")
    ]
    return {"open": totals["open"] or 0, "overdue": totals["overdue"] or 0, "by_rule": by_rule}


def _send_digest(user: Any, day: date, now: datetime) -> bool:
    """Lock the day's log row, send, mark sent, commit. A crash between the mail and the commit sends the
    same Message-ID again on the next run (counted by the fault test), never loses the digest."""
    with transaction.atomic():
        log, _created = DigestLog.objects.get_or_create(
            user=user, day=day, defaults={"message_id": digest_message_id(user, day)}
        )
        log = DigestLog.objects.select_for_update(skip_locked=True).filter(pk=log.pk, sent_at__isnull=True).first()
        if log is None:
            return False
        with translation.override("nl-be"):
            counts = _digest_counts(user, day)
            if not counts["open"]:
                return False
            site = settings.SITE_URL.rstrip("/")
            context = {"user": user, "day": day, "counts": counts, "list_url": site + reverse("reminders-list")}
            subject = _("Cocon: %(count)s open reminders") % {"count": counts["open"]}
            body = render_to_string("reminders/digest_email.txt", context)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"Message-ID": log.message_id},
        )
        message.send()
        log.sent_at = now
        log.open_count = counts["open"]
        log.save(update_fields=["sent_at", "open_count"])
    return True


# --- the calendar feed -------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, actor: Any) -> str:
    """Make a new secret calendar address; the old one stops working at once. Returns the token (once)."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=actor, defaults={"token_hash": hash_token(token)})
    audit_record(actor=actor, action="reminders.calendar.renewed", obj=actor)
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: Any) -> None:
    CalendarFeed.objects.filter(user=actor).delete()
    audit_record(actor=actor, action="reminders.calendar.revoked", obj=actor)


def stale_undelivered(*, now: datetime | None = None, minutes: int = 5) -> int:
    """Reminders due for more than `minutes` and still not delivered: the alert of SECURITY §4."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        delivery=Delivery.PENDING, status=Status.OPEN, notify_at__lt=now - timedelta(minutes=minutes)
    ).count()


@transaction.atomic
def reminder_setting_save(
    *, actor: Any, team: Any, rule_code: str, days: int | None, escalate_days: int | None, enabled: bool
) -> Any:
    """A coördinator sets a rule's threshold for their team (empty = the default of DOMAIN §7)."""
    from .models import ReminderSetting

    setting, _created = ReminderSetting.objects.get_or_create(team=team, rule_code=rule_code)
    setting.days = days
    setting.escalate_days = escalate_days
    setting.enabled = enabled
    setting.full_clean()
    setting.save()
    audit_record(
        actor=actor,
        action="reminders.setting.saved",
        obj=team,
        data={"rule": rule_code, "days": days, "escalate_days": escalate_days, "enabled": enabled},
    )
    return setting

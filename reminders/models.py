"""Reminders are rows, not timers (DESIGN rule 5).

A `Reminder` has a unique key (rule code, object type + id, due date): the periodic sweep can create it
any number of times and there is still one. A `Notification` is the in-app delivery of a reminder to one
person, unique per (reminder, person), created in the same transaction that marks the reminder sent, so a
crash can neither lose nor double it. `DigestLog` makes the daily e-mail idempotent per user per day.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    INFO = "info", _("information")
    WARNING = "warning", _("warning")
    OVERDUE = "overdue", _("overdue")
    ESCALATION = "escalation", _("escalated")


SEVERITY_LEVEL = {Severity.INFO: 0, Severity.WARNING: 1, Severity.OVERDUE: 2, Severity.ESCALATION: 3}


class Status(models.TextChoices):
    OPEN = "open", _("open")
    SNOOZED = "snoozed", _("snoozed")
    DONE = "done", _("done")
    RESOLVED = "resolved", _("resolved automatically")
    DISMISSED = "dismissed", _("dismissed")


ACTIVE_STATUSES = (Status.OPEN, Status.SNOOZED)


class Delivery(models.TextChoices):
    PENDING = "pending", _("to deliver")
    SENT = "sent", _("delivered")


class Reminder(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule_code = models.CharField(_("rule"), max_length=40)
    # The thing the reminder is about, as "app_label.model" + primary key (a plain generic reference: the
    # sweep compares keys in bulk and never needs a join to it).
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField(_("due on"))
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_ids = models.JSONField(default=list)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices, default=Severity.INFO)
    level = models.PositiveSmallIntegerField(default=0)
    # A short, non-personal label (agreement "A6", meeting "NB2"): never a name, never case content.
    detail = models.CharField(max_length=80, blank=True)
    link = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    # When the reminder shows up: 09:00 Europe/Brussels on its notification day, stored in UTC.
    notify_at = models.DateTimeField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "object_type", "object_id", "due_on"], name="reminder_unique_key"
            ),
        ]
        indexes = [
            models.Index(fields=["delivery", "notify_at"], name="reminder_delivery_idx"),
            models.Index(fields=["rule_code", "status"], name="reminder_rule_status_idx"),
            models.Index(fields=["status", "snoozed_until"], name="reminder_snooze_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.object_type}:{self.object_id} {self.due_on}"

    @property
    def title(self) -> str:
        from .rulebook import rule_title

        return rule_title(self.rule_code)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Notification(models.Model):
    """The in-app delivery of one reminder to one person; the unique constraint makes a double impossible."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["reminder", "user"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_idx")]

    def __str__(self) -> str:
        return f"{self.reminder_id} → {self.user_id}"


class DigestLog(models.Model):
    """One daily digest per user per day. `sent_at` is set in the transaction that sent the mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    message_id = models.CharField(max_length=200, unique=True)
    open_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest e-mail")
        verbose_name_plural = _("digest e-mails")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_per_day")]

    def __str__(self) -> str:
        return self.message_id


class CalendarFeed(models.Model):
    """The secret calendar address of a user; only the SHA-256 of the token is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed {self.user_id}"


class ReminderSetting(models.Model):
    """A team's own threshold for a rule (DOMAIN §7: every threshold is configurable)."""

    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="reminder_settings"
    )
    rule_code = models.CharField(_("rule"), max_length=40)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    escalate_days = models.PositiveSmallIntegerField(_("escalate after (days)"), null=True, blank=True)
    enabled = models.BooleanField(_("on"), default=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        constraints = [models.UniqueConstraint(fields=["team", "rule_code"], name="reminder_setting_unique")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.rule_code}"

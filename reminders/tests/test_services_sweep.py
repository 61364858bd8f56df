"""The sweep: rows not timers — idempotent creation, automatic resolution, delivery exactly once."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.tests.factories import CaseFactory
from reminders.models import Delivery, Notification, Reminder, ReminderSetting, Severity, Status
from reminders.services import notify_at_for, reminder_snooze, reminders_deliver, reminders_sweep

pytestmark = pytest.mark.django_db


def _unstarted(team, worker, days_ago=8, **kw):
    today = timezone.localdate()
    return CaseFactory(
        team=team,
        lead_worker=worker,
        referred_on=today - timedelta(days=days_ago),
        started_on=None,
        status="referred",
        **kw,
    )


def test_sweep_twice_creates_no_new_rows_and_no_new_notifications(team_a, worker):
    case = _unstarted(team_a, worker)
    first = reminders_sweep()
    rows = Reminder.objects.filter(rule_code="R-START", case=case)
    assert rows.count() == 1
    assert first.created >= 1
    assert Notification.objects.filter(reminder__case=case, user=worker).count() == 1
    second = reminders_sweep()
    assert second.created == 0
    assert second.notifications == 0
    assert Reminder.objects.filter(rule_code="R-START", case=case).count() == 1
    assert Notification.objects.filter(reminder__case=case).count() == 1


def test_reminder_resolves_itself_when_the_thing_is_done(team_a, worker):
    case = _unstarted(team_a, worker)
    reminders_sweep()
    case.started_on = timezone.localdate()
    case.status = "active"
    case.save()
    result = reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.status == Status.RESOLVED
    assert reminder.closed_at is not None
    assert result.resolved >= 1


def test_reminder_is_not_delivered_before_nine_in_the_morning(team_a, worker):
    case = _unstarted(team_a, worker, days_ago=5)  # R-START warns on day 5
    today = timezone.localdate()
    early = notify_at_for(today) - timedelta(hours=2)
    reminders_sweep(now=early)
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.delivery == Delivery.PENDING
    assert reminder.severity == Severity.WARNING
    assert not Notification.objects.filter(reminder=reminder).exists()
    reminders_sweep(now=notify_at_for(today) + timedelta(minutes=1))
    reminder.refresh_from_db()
    assert reminder.delivery == Delivery.SENT
    assert Notification.objects.filter(reminder=reminder, user=worker).count() == 1


def test_escalation_adds_the_coordinator_once_without_doubling_the_worker(team_a, worker, coordinator):
    case = _unstarted(team_a, worker, days_ago=8)
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.severity == Severity.OVERDUE
    assert list(Notification.objects.filter(reminder=reminder).values_list("user_id", flat=True)) == [worker.pk]
    case.referred_on = timezone.localdate() - timedelta(days=15)  # day 14+: the coördinator joins
    case.save()
    # The due date moved with the referral date: the old row resolves, a new one escalates.
    reminders_sweep()
    reminders_sweep()
    current = Reminder.objects.get(rule_code="R-START", case=case, status=Status.OPEN)
    assert current.severity == Severity.ESCALATION
    users = sorted(Notification.objects.filter(reminder=current).values_list("user_id", flat=True))
    assert users == sorted([worker.pk, coordinator.pk])


def test_escalation_on_an_existing_row_delivers_only_to_the_new_person(team_a, worker, coordinator):
    case = _unstarted(team_a, worker, days_ago=8)
    today = timezone.localdate()
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    later = timezone.now() + timedelta(days=7)
    reminders_sweep(now=later)
    reminders_sweep(now=later)
    reminder.refresh_from_db()
    assert reminder.severity == Severity.ESCALATION
    assert reminder.due_on == case.referred_on + timedelta(days=7)
    assert Notification.objects.filter(reminder=reminder).count() == 2
    assert today  # same row: the key did not change


def test_team_threshold_changes_the_due_date(team_a, worker):
    ReminderSetting.objects.create(team=team_a, rule_code="R-START", days=3)
    case = _unstarted(team_a, worker, days_ago=2)
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.due_on == case.referred_on + timedelta(days=3)


def test_a_rule_switched_off_for_a_team_creates_nothing_and_resolves_what_was_open(team_a, worker):
    case = _unstarted(team_a, worker)
    reminders_sweep()
    ReminderSetting.objects.create(team=team_a, rule_code="R-START", enabled=False)
    reminders_sweep()
    assert Reminder.objects.get(rule_code="R-START", case=case).status == Status.RESOLVED


def test_done_reminder_is_not_recreated_while_the_condition_holds(team_a, worker):
    from reminders.services import reminder_done

    case = _unstarted(team_a, worker)
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    reminder_done(actor=worker, reminder=reminder)
    reminders_sweep()
    assert Reminder.objects.filter(rule_code="R-START", case=case).count() == 1
    reminder.refresh_from_db()
    assert reminder.status == Status.DONE


def test_snoozed_reminder_comes_back_on_its_day(team_a, worker):
    case = _unstarted(team_a, worker)
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    until = timezone.localdate() + timedelta(days=3)
    reminder_snooze(actor=worker, reminder=reminder, until=until, reason="verlof")
    reminders_sweep()
    reminder.refresh_from_db()
    assert reminder.status == Status.SNOOZED
    reminders_sweep(now=notify_at_for(until) + timedelta(hours=1))
    reminder.refresh_from_db()
    assert reminder.status == Status.OPEN
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_delivery_creates_one_notification_per_person_even_when_run_again(team_a, worker, co_worker):
    case = _unstarted(team_a, worker)
    case.co_worker = co_worker
    case.save()
    reminders_sweep(deliver=False)
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.delivery == Delivery.PENDING
    reminders_deliver()
    Reminder.objects.filter(pk=reminder.pk).update(delivery=Delivery.PENDING)  # as after a crash mid-way
    reminders_deliver()
    assert Notification.objects.filter(reminder=reminder).count() == 2


def test_a_broken_rule_does_not_stop_the_others(team_a, worker, monkeypatch):
    from reminders.rulebook.cases import ConsultantRule

    def boom(self, today, ctx):
        raise RuntimeError("model not there")

    monkeypatch.setattr(ConsultantRule, "candidates", boom)
    case = _unstarted(team_a, worker)
    result = reminders_sweep()
    assert any("R-CONSULT" in e for e in result.errors)
    assert Reminder.objects.filter(rule_code="R-START", case=case).exists()


def test_closed_case_resolves_its_reminders(team_a, worker):
    case = _unstarted(team_a, worker)
    reminders_sweep()
    case.status = "cancelled"
    case.save()
    reminders_sweep()
    assert not Reminder.objects.filter(case=case, status=Status.OPEN).exists()


def test_notify_time_is_nine_in_brussels_on_both_sides_of_daylight_saving():
    winter = notify_at_for(datetime.date(2027, 1, 10))
    summer = notify_at_for(datetime.date(2027, 7, 10))
    assert winter.astimezone(datetime.UTC).hour == 8
    assert summer.astimezone(datetime.UTC).hour == 7


def test_sweep_query_count_does_not_grow_with_the_number_of_cases(team_a, worker, supervisor, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.tests.factories import PersonFactory

    def add(n):
        for _ in range(n):
            case = CaseFactory(team=team_a, lead_worker=worker, started_on=timezone.localdate() - timedelta(days=40))
            PersonFactory(case=case)
            _unstarted(team_a, worker)

    add(2)
    reminders_sweep()
    with CaptureQueriesContext(connection) as few:
        reminders_sweep()
    add(10)
    reminders_sweep()
    with CaptureQueriesContext(connection) as many:
        reminders_sweep()
    assert len(many) == len(few)

"""SECURITY-RELIABILITY I1 (idempotent under concurrency) and I8 (daylight saving)."""

from __future__ import annotations

import datetime
import threading
from datetime import UTC, timedelta

import pytest
import time_machine
from django.db import connection, connections

from cases.tests.factories import CaseFactory
from reminders.models import Notification, Reminder
from reminders.services import reminders_sweep

ON_POSTGRES = connection.vendor == "postgresql"


def _sweep_through(start: datetime.datetime, end: datetime.datetime, step: timedelta) -> list[datetime.datetime]:
    """Run the sweep at every step between start and end (UTC); return the instants it ran at."""
    instants = []
    now = start
    while now <= end:
        with time_machine.travel(now, tick=False):
            reminders_sweep()
        instants.append(now)
        now += step
    return instants


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(datetime.date(2027, 3, 28), 7), (datetime.date(2027, 10, 31), 8)],
    ids=["spring-forward", "fall-back"],
)
def test_reminder_due_at_nine_brussels_fires_exactly_once_across_daylight_saving(team_a, worker, day, utc_hour):
    # R-START warns on day 5: referred five days before the DST day, it is due to show at 09:00 local that day.
    case = CaseFactory(
        team=team_a, lead_worker=worker, referred_on=day - timedelta(days=5), started_on=None, status="referred"
    )
    start = datetime.datetime.combine(day - timedelta(days=1), datetime.time(20, 0), tzinfo=UTC)
    end = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=UTC)
    _sweep_through(start, end, timedelta(minutes=20))
    # And a sweep exactly a minute before and at the instant.
    nine = datetime.datetime.combine(day, datetime.time(utc_hour, 0), tzinfo=UTC)
    reminder = Reminder.objects.get(rule_code="R-START", case=case)
    assert reminder.notify_at == nine
    notes = Notification.objects.filter(reminder=reminder)
    assert notes.count() == 1
    created = notes.get().created_at
    assert nine <= created < nine + timedelta(minutes=20)


@pytest.mark.django_db
def test_reminder_is_not_delivered_one_minute_before_nine_on_the_dst_day(team_a, worker):
    day = datetime.date(2027, 3, 28)
    case = CaseFactory(
        team=team_a, lead_worker=worker, referred_on=day - timedelta(days=5), started_on=None, status="referred"
    )
    with time_machine.travel(datetime.datetime(2027, 3, 28, 6, 59, tzinfo=UTC), tick=False):
        reminders_sweep()
    assert not Notification.objects.filter(reminder__case=case).exists()
    with time_machine.travel(datetime.datetime(2027, 3, 28, 7, 0, tzinfo=UTC), tick=False):
        reminders_sweep()
        reminders_sweep()
    assert Notification.objects.filter(reminder__case=case).count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks and concurrent inserts need PostgreSQL")
def test_ten_sweeps_at_once_create_each_reminder_and_notification_exactly_once(
    pg_flushable, transactional_db, team_a, worker, co_worker
):
    today = datetime.date.today()
    cases = [
        CaseFactory(
            team=team_a,
            lead_worker=worker,
            co_worker=co_worker,
            referred_on=today - timedelta(days=9),
            started_on=None,
            status="referred",
        )
        for _ in range(60)
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(10)

    def run() -> None:
        try:
            barrier.wait()
            reminders_sweep()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = Reminder.objects.filter(rule_code="R-START", case__in=cases)
    assert rows.count() == 60
    assert Notification.objects.filter(reminder__in=rows).count() == 120
    assert reminders_sweep().created == 0

"""SECURITY-RELIABILITY I4: with the broker unreachable, every reminders page still works, fast.

Views never talk to the broker: the sweep and the digest run from beat. Here the Celery app points at a
port where nothing listens, and any attempt to publish is recorded and fails loudly.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocon.celery import app as celery_app
from conftest import login
from reminders.services import calendar_feed_renew
from reminders.tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    attempts: list[str] = []
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)

    def refuse(self, name, *args, **kwargs):
        attempts.append(name)
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(type(celery_app), "send_task", refuse)
    return attempts


def test_every_reminders_page_works_with_the_broker_down(broker_down, client, worker, case):
    reminders = [ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=n)) for n in (1, 2, 3, 4)]
    logged_in = login(Client(), worker, just_now=True)  # a new calendar address asks for a recent login (B8)
    token = calendar_feed_renew(actor=worker)
    calls = [
        (logged_in.get, reverse("reminders-list"), {}, 200),
        (logged_in.get, reverse("reminders-go", kwargs={"code": reminders[0].code}), {}, 302),
        (logged_in.post, reverse("reminders-done", kwargs={"code": reminders[1].code}), {}, 302),
        (
            logged_in.post,
            reverse("reminders-snooze", kwargs={"code": reminders[2].code}),
            {"until": (timezone.localdate() + timedelta(days=2)).isoformat(), "reason": "verlof"},
            302,
        ),
        (logged_in.post, reverse("reminders-dismiss", kwargs={"code": reminders[3].code}), {"reason": "dubbel"}, 302),
        (logged_in.get, reverse("reminders-calendar"), {}, 200),
        (logged_in.post, reverse("reminders-calendar"), {"action": "renew"}, 200),
        (client.get, reverse("reminders-ical", kwargs={"token": token}), {}, 404),  # renewed just above
        (logged_in.get, reverse("cases-detail", kwargs={"code": case.code}), {}, 200),  # with the bell
    ]
    for method, url, data, expected in calls:
        started = time.monotonic()
        response = method(url, data) if data else method(url)
        assert response.status_code == expected, url
        # Generous against a loaded CI box; a broker hang would show as the connection timeout and more.
        assert time.monotonic() - started < 5, f"{url} waited on the broker"
    assert broker_down == []

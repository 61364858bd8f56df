"""The daily digest: counts and links only, one per user per day, a deterministic Message-ID."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reminders.models import DigestLog
from reminders.services import digest_message_id, reminders_send_digests
from reminders.tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db


def test_digest_is_sent_once_per_user_per_day_with_a_deterministic_message_id(worker, case):
    ReminderFactory(case=case)
    ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=3), rule_code="R-CONSULT")
    first = reminders_send_digests()
    second = reminders_send_digests()
    assert first["sent"] == 1
    assert second["sent"] == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    assert message.extra_headers["Message-ID"] == digest_message_id(worker, timezone.localdate())
    assert message.message()["Message-ID"] == f"<digest-{worker.code}-{timezone.localdate().isoformat()}@cocon>"
    assert "2 openstaande herinneringen" in message.body
    assert "/reminders/" in message.body
    assert DigestLog.objects.get(user=worker).sent_at is not None


def test_digest_carries_no_names_and_no_case_content(worker, case):
    from cases.tests.factories import PersonFactory

    case.family_name = "Gezin Verbeke – De Smet"
    case.concern_summary = "Geheime zorgen over de thuissituatie"
    case.save()
    PersonFactory(case=case, first_name="Lotte", last_name="Claes")
    PersonFactory(case=case, first_name="Milan", last_name="De Smet")
    ReminderFactory(case=case)
    reminders_send_digests()
    text = mail.outbox[0].subject + mail.outbox[0].body
    for word in ("Lotte", "Milan", "Claes", "Verbeke", "De Smet", "Geheime", case.reference):
        assert word not in text


def test_user_without_open_reminders_gets_no_digest(worker, case):
    ReminderFactory(case=case, status="done")
    assert reminders_send_digests()["sent"] == 0
    assert mail.outbox == []


def test_a_new_day_brings_a_new_digest(worker, case):
    ReminderFactory(case=case)
    reminders_send_digests()
    reminders_send_digests(now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert mail.outbox[0].message()["Message-ID"] != mail.outbox[1].message()["Message-ID"]


def test_a_failed_send_is_retried_on_the_next_run(worker, case, monkeypatch):
    from django.core.mail import EmailMessage

    ReminderFactory(case=case)
    original = EmailMessage.send

    def fail(self, *args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", fail)
    assert reminders_send_digests()["sent"] == 0
    assert not DigestLog.objects.filter(sent_at__isnull=False).exists()
    monkeypatch.setattr(EmailMessage, "send", original)
    assert reminders_send_digests()["sent"] == 1
    assert len(mail.outbox) == 1


def test_a_missed_seven_oclock_digest_is_sent_by_the_morning_sweep(worker, case):
    import datetime

    import time_machine

    from reminders.tasks import reminders_sweep_task

    ReminderFactory(case=case)
    day = timezone.localdate()
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 30)))
    with time_machine.travel(at, tick=False):
        reminders_sweep_task()
    assert mail.outbox == []  # before 07:00: the beat's digest has not been due yet
    with time_machine.travel(at + timedelta(hours=2), tick=False):
        reminders_sweep_task()
        reminders_sweep_task()
    assert len(mail.outbox) == 1
    with time_machine.travel(at + timedelta(hours=8), tick=False):
        reminders_sweep_task()
    assert len(mail.outbox) == 1

"""The calendar feed behind a secret, renewable address: no names, case references only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import EvaluationFactory, PersonFactory
from conftest import login
from reminders.models import CalendarFeed
from reminders.services import calendar_feed_renew, hash_token
from reminders.tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db


def test_worker_makes_a_calendar_address_shown_once_and_stored_hashed(client_for, worker):
    # Logged in just now: a new address asks for a recent password (B8, tests/security/test_step_up_calendar.py).
    response = login(Client(), worker, just_now=True).post(reverse("reminders-calendar"), {"action": "renew"})
    assert response.status_code == 200
    url = response.context["feed_url"]
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=worker)
    assert feed.token_hash == hash_token(token)
    assert token not in feed.token_hash
    assert client_for(worker).get(reverse("reminders-calendar")).context["feed_url"] is None


def test_feed_lists_evaluations_and_reminders_with_the_case_reference_only(client, worker, case):
    PersonFactory(case=case, first_name="Lotte", last_name="Claes")
    case.family_name = "Gezin Verbeke"
    case.save()
    EvaluationFactory(case=case, planned_on=timezone.localdate() + timedelta(days=10))
    ReminderFactory(case=case)
    token = calendar_feed_renew(actor=worker)
    response = client.get(reverse("reminders-ical", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 2
    assert case.reference in body
    for word in ("Lotte", "Claes", "Verbeke"):
        assert word not in body


def test_renewing_the_address_stops_the_old_one(client, worker):
    old = calendar_feed_renew(actor=worker)
    new = calendar_feed_renew(actor=worker)
    assert client.get(reverse("reminders-ical", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("reminders-ical", kwargs={"token": new})).status_code == 200


def test_switching_the_address_off(client_for, client, worker):
    token = calendar_feed_renew(actor=worker)
    client_for(worker).post(reverse("reminders-calendar"), {"action": "revoke"})
    assert client.get(reverse("reminders-ical", kwargs={"token": token})).status_code == 404


def test_unknown_token_and_inactive_user_get_404(client, worker):
    assert client.get(reverse("reminders-ical", kwargs={"token": "nope"})).status_code == 404
    token = calendar_feed_renew(actor=worker)
    worker.is_active = False
    worker.save()
    assert client.get(reverse("reminders-ical", kwargs={"token": token})).status_code == 404


def test_feed_shows_network_meetings_and_planned_contacts_at_their_time(client, worker, case):
    import datetime

    from cases.models import Contact
    from network.tests.factories import NetworkMeetingFactory

    day = timezone.localdate() + timedelta(days=3)
    NetworkMeetingFactory(case=case, date=day, start_time=datetime.time(14, 0), end_time=datetime.time(16, 0))
    Contact.objects.create(
        case=case,
        author=worker,
        type="home_visit",
        date=timezone.localdate() - timedelta(days=1),
        start_time=datetime.time(10, 0),
        duration_minutes=60,
        next_contact=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30))),
    )
    body = client.get(reverse("reminders-ical", kwargs={"token": calendar_feed_renew(actor=worker)})).content.decode()
    assert "SUMMARY:Netwerkbijeenkomst · " + case.reference in body
    assert "SUMMARY:Gepland contact · " + case.reference in body
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0))).astimezone(datetime.UTC)
    assert "DTSTART:" + start.strftime("%Y%m%dT%H%M%SZ") in body

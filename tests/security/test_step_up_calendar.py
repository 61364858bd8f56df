"""B8 for the calendar feed: a new secret calendar address is a new credential, so making one needs a
password or code from the last 5 minutes. Someone who logged in longer ago is asked for it and then
gets the new address (allauth keeps the POST and carries it out after the password). Switching the
address off asks nothing, and the feed itself stays token-based: calendar apps cannot log in."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cocon.audit.models import AuditEvent
from reminders.models import CalendarFeed
from reminders.services import calendar_feed_renew

from .test_step_up_exports import asks_for_the_password, enter_password, signed_in_just_now, signed_in_long_ago

CALENDAR = reverse("reminders-calendar")


def _feed(token: str) -> str:
    return reverse("reminders-ical", kwargs={"token": token})


def _token_of(response) -> str:
    return response.context["feed_url"].rsplit("/", 1)[-1].removesuffix(".ics")


def _is_calendar(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/calendar")


def test_worker_making_a_new_calendar_address_is_asked_for_the_password_and_then_gets_it(worker):
    old = calendar_feed_renew(actor=worker)
    old_hash = CalendarFeed.objects.get(user=worker).token_hash
    client = signed_in_long_ago(worker)
    assert client.get(CALENDAR).status_code == 200  # the page itself asks nothing
    response = client.post(CALENDAR, {"action": "renew"})
    assert asks_for_the_password(response, CALENDAR)
    assert CalendarFeed.objects.get(user=worker).token_hash == old_hash  # no new secret yet
    assert AuditEvent.objects.filter(action="reminders.calendar.renewed").count() == 1  # the first address only
    assert _is_calendar(Client().get(_feed(old)))  # the old address keeps working until then
    # The password; allauth then carries out the kept POST and the new address is shown.
    response = enter_password(client, CALENDAR)
    assert response.status_code == 200
    new = _token_of(response)
    assert new != old
    assert AuditEvent.objects.filter(action="reminders.calendar.renewed", actor=worker).count() == 2
    # The feed needs no login: the secret in the address is the credential.
    anonymous = Client()
    assert _is_calendar(anonymous.get(_feed(new)))
    assert anonymous.get(_feed(old)).status_code == 404


def test_a_wrong_password_makes_no_new_calendar_address(worker):
    old = calendar_feed_renew(actor=worker)
    client = signed_in_long_ago(worker)
    client.post(CALENDAR, {"action": "renew"})
    assert enter_password(client, CALENDAR, password="not-the-password-1").status_code == 200  # the form again
    assert asks_for_the_password(client.post(CALENDAR, {"action": "renew"}), CALENDAR)
    assert _is_calendar(Client().get(_feed(old)))
    assert AuditEvent.objects.filter(action="reminders.calendar.renewed").count() == 1


def test_within_five_minutes_of_logging_in_the_new_calendar_address_comes_at_once(worker):
    response = signed_in_just_now(worker).post(CALENDAR, {"action": "renew"})
    assert response.status_code == 200
    assert _is_calendar(Client().get(_feed(_token_of(response))))


def test_switching_the_calendar_address_off_asks_nothing(worker):
    token = calendar_feed_renew(actor=worker)
    response = signed_in_long_ago(worker).post(CALENDAR, {"action": "revoke"})
    assert response.status_code == 302 and response["Location"] == CALENDAR
    assert not CalendarFeed.objects.filter(user=worker).exists()
    assert Client().get(_feed(token)).status_code == 404

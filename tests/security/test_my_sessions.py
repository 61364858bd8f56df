"""C5: "Mijn sessies" — a person sees where they are logged in and ends any session (or all others)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cocon.accounts.models import SessionRecord
from cocon.accounts.useragent import describe
from cocon.audit.models import AuditEvent

from .conftest import password_login

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
    "Edg/126.0"
)
SESSIONS = reverse("accounts-sessions")


def device_login(user, user_agent: str, ip: str) -> Client:
    """A real password login from a browser and address; the second factor is then marked done."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    assert password_login(client, user.email).status_code == 302
    session = client.session
    session["account_authentication_methods"] = [*session["account_authentication_methods"], {"method": "mfa", "at": 0}]
    session.save()
    return client


def _record(client: Client) -> SessionRecord:
    return SessionRecord.objects.get(session_key=client.session.session_key)


def _end_url(client: Client) -> str:
    return reverse("accounts-session-end", kwargs={"pk": _record(client).pk})


def test_worker_sees_each_device_with_address_and_times_and_this_one_marked(worker, co_worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    device_login(worker, SAFARI_IPHONE, "198.51.100.7")
    device_login(co_worker, CHROME_ANDROID, "203.0.113.99")  # somebody else's: never listed
    response = laptop.get(SESSIONS)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Firefox op Windows" in body
    assert "Safari op iOS" in body
    assert "192.0.2.10" in body and "198.51.100.7" in body
    assert "203.0.113.99" not in body and "Android" not in body
    assert body.count("Deze sessie") == 1
    assert "Ingelogd op" in body and "Laatst actief" in body
    sessions = response.context["sessions"]
    assert len(sessions) == 2
    assert sessions[0].current and sessions[0].ip_address == "192.0.2.10"
    assert "Beëindig de andere sessie" in body


def test_last_seen_follows_the_latest_request_of_that_session(worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        started = timezone.now()
        phone = device_login(worker, SAFARI_IPHONE, "198.51.100.7")
        laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
        traveller.shift(timedelta(minutes=10))
        phone.get(reverse("dashboard"))
        traveller.shift(timedelta(minutes=5))
        listed = {s.ip_address: s for s in laptop.get(SESSIONS).context["sessions"]}
    phone_session = listed["198.51.100.7"]
    assert abs(phone_session.signed_in_at - started) < timedelta(seconds=1)
    assert abs(phone_session.last_seen_at - (started + timedelta(minutes=10))) < timedelta(seconds=1)


def test_expired_sessions_are_not_listed(worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        device_login(worker, SAFARI_IPHONE, "198.51.100.7")
        traveller.shift(timedelta(minutes=25))
        laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
        traveller.shift(timedelta(minutes=6))  # the phone has been idle for 31 minutes
        sessions = laptop.get(SESSIONS).context["sessions"]
    assert [s.ip_address for s in sessions] == ["192.0.2.10"]


def test_worker_ends_the_session_on_a_lost_phone(worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    phone = device_login(worker, SAFARI_IPHONE, "198.51.100.7")
    phone_key = phone.session.session_key
    response = laptop.post(_end_url(phone), follow=True)
    assert response.redirect_chain[-1][0] == SESSIONS
    assert "De sessie is beëindigd" in response.content.decode()
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert phone.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    assert laptop.get(reverse("dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.session.ended")
    assert event.actor == worker
    assert event.data["current"] is False
    assert phone_key not in str(event.data)  # the key itself is a secret


def test_worker_cannot_end_a_colleagues_session(worker, co_worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    theirs = device_login(co_worker, CHROME_ANDROID, "203.0.113.99")
    assert laptop.post(_end_url(theirs)).status_code == 404
    assert theirs.get(reverse("dashboard")).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.session.ended").exists()


def test_ending_a_session_needs_a_post(worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    phone = device_login(worker, SAFARI_IPHONE, "198.51.100.7")
    assert laptop.get(_end_url(phone)).status_code == 405
    assert phone.get(reverse("dashboard")).status_code == 200


def test_ending_a_session_without_the_csrf_token_is_refused(worker):
    phone = device_login(worker, SAFARI_IPHONE, "198.51.100.7")
    laptop = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=FIREFOX_WINDOWS)
    laptop.cookies = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10").cookies
    assert laptop.post(_end_url(phone)).status_code == 403
    assert laptop.post(reverse("accounts-sessions-end-others")).status_code == 403
    assert phone.get(reverse("dashboard")).status_code == 200


def test_ending_this_session_logs_out(worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    key = laptop.session.session_key
    response = laptop.post(_end_url(laptop))
    assert response["Location"] == reverse("account_login")
    assert not Session.objects.filter(session_key=key).exists()
    assert laptop.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))


def test_worker_ends_all_other_sessions_and_stays_logged_in_here(worker, co_worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    others = [device_login(worker, ua, ip) for ua, ip in [(SAFARI_IPHONE, "198.51.100.7"), (EDGE_WINDOWS, "::1")]]
    colleague = device_login(co_worker, CHROME_ANDROID, "203.0.113.99")
    response = laptop.post(reverse("accounts-sessions-end-others"), follow=True)
    assert "2 andere sessies zijn beëindigd" in response.content.decode()
    assert [s.current for s in response.context["sessions"]] == [True]
    for other in others:
        assert other.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    assert laptop.get(reverse("dashboard")).status_code == 200
    assert colleague.get(reverse("dashboard")).status_code == 200
    assert SessionRecord.objects.filter(user=worker).count() == 1
    event = AuditEvent.objects.get(action="accounts.session.ended_others")
    assert event.data == {"sessions_ended": 2}


def test_ending_other_sessions_when_there_are_none_says_so(worker):
    laptop = device_login(worker, FIREFOX_WINDOWS, "192.0.2.10")
    response = laptop.post(reverse("accounts-sessions-end-others"), follow=True)
    assert "Er waren geen andere sessies" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get(SESSIONS)
    assert response["Location"].startswith(reverse("account_login"))


def test_the_account_menu_links_to_my_sessions(worker, client_for):
    body = client_for(worker).get(reverse("dashboard")).content.decode()
    assert f'href="{SESSIONS}"' in body
    assert "Mijn sessies" in body


def test_user_agents_are_described_the_way_a_person_recognises_them():
    with translation.override("nl-be"):
        assert describe(FIREFOX_WINDOWS).label == "Firefox op Windows"
        assert describe("curl/8.5").label == "Onbekende browser"
    assert (describe(EDGE_WINDOWS).browser, describe(EDGE_WINDOWS).kind) == ("Edge", "computer")
    assert (describe(CHROME_ANDROID).browser, describe(CHROME_ANDROID).kind) == ("Chrome", "phone")
    assert (describe(SAFARI_IPHONE).system, describe(SAFARI_IPHONE).kind) == ("iOS", "phone")
    assert describe("").browser == ""

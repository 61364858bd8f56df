"""C1–C6: idle and absolute timeouts, rotation, ending sessions, cookies, no-store."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocon.accounts.models import SessionRecord

from .conftest import PASSWORD, password_login


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_idle_session_ends_after_thirty_minutes_and_its_row_is_deleted(worker, client_for):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for(worker)
        key = client.session.session_key
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("dashboard")).status_code == 200
        traveller.shift(timedelta(minutes=29))  # activity renewed the 30 minutes
        assert client.get(reverse("dashboard")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert _is_login_redirect(client.get(reverse("dashboard")))
    assert not Session.objects.filter(session_key=key).exists()


def test_session_ends_twelve_hours_after_login_whatever_the_activity(worker, client_for):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for(worker)
        for _ in range(12 * 3):
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("dashboard")).status_code == 200
        traveller.shift(timedelta(seconds=1))
        assert _is_login_redirect(client.get(reverse("dashboard")))
    assert "_auth_user_id" not in client.session


def test_session_key_rotates_at_login(worker):
    client = Client()
    client.get(reverse("account_login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    assert password_login(client, worker.email).status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_ends_the_session_and_the_old_cookie_is_useless(worker, client_for):
    client = client_for(worker)
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert _is_login_redirect(replay.get(reverse("dashboard")))


def test_password_change_ends_the_other_sessions_and_keeps_this_one(worker, client_for):
    here = client_for(worker)
    elsewhere = client_for(worker)
    elsewhere_key = elsewhere.session.session_key
    new = "een-heel-nieuw-wachtwoord-7"
    response = here.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert here.get(reverse("dashboard")).status_code == 200
    assert _is_login_redirect(elsewhere.get(reverse("dashboard")))
    assert not Session.objects.filter(session_key=elsewhere_key).exists()


def test_deactivation_ends_every_session_at_once(worker, case, client_for):
    first, second = client_for(worker), client_for(worker)
    keys = {first.session.session_key, second.session.session_key}
    assert first.get(reverse("cases-detail", kwargs={"code": case.code})).status_code == 200
    worker.is_active = False
    worker.save()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not SessionRecord.objects.filter(user=worker).exists()
    assert _is_login_redirect(first.get(reverse("cases-detail", kwargs={"code": case.code})))
    assert _is_login_redirect(second.get(reverse("dashboard")))


def test_every_login_is_indexed(worker, client_for):
    client_for(worker)
    client_for(worker)
    assert SessionRecord.objects.filter(user=worker).count() == 2


def test_signed_in_pages_are_not_cached(worker, client_for):
    response = client_for(worker).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_half_signed_in_redirects_are_not_cached(worker):
    from .conftest import half_client

    response = half_client(worker).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"]


@override_settings(
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SESSION_COOKIE_NAME="__Host-sessionid",
    CSRF_COOKIE_NAME="__Host-csrftoken",
)
def test_production_cookies_are_host_only_secure_httponly_samesite(worker):
    client = Client()
    client.get(reverse("account_login"), secure=True)
    response = password_login(client, worker.email, secure=True)
    session_cookie = response.cookies["__Host-sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert session_cookie["path"] == "/"
    assert not session_cookie["domain"]
    csrf_cookie = client.cookies["__Host-csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["samesite"] == "Lax"
    assert not csrf_cookie["domain"]


def test_nightly_cleanup_removes_expired_sessions_and_their_index(worker, client_for):
    from cocon.accounts.tasks import clear_expired_sessions

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for(worker)
        key = client.session.session_key
        traveller.shift(timedelta(minutes=31))
        assert clear_expired_sessions() == 1
    assert not Session.objects.filter(session_key=key).exists()
    assert not SessionRecord.objects.filter(session_key=key).exists()

"""B5: the second factor is mandatory for every staff account (allauth TOTP, recovery codes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client, override_settings
from django.urls import reverse

from cocon.accounts.tests.factories import UserFactory
from conftest import login

from .conftest import half_client, password_login, totp_code

BASE_DIR = Path(__file__).resolve().parents[2]


def test_half_signed_in_worker_is_sent_to_enrolment_from_every_case_page(worker, case):
    client = half_client(worker)
    for url in (reverse("dashboard"), reverse("cases-list"), reverse("cases-detail", kwargs={"code": case.code})):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_case_data_never_reaches_a_half_signed_in_user(worker, case):
    response = half_client(worker).get(reverse("cases-detail", kwargs={"code": case.code}), follow=True)
    assert case.family_name not in response.content.decode()


def test_login_with_totp_asks_for_the_code_before_any_page(enrolled, case):
    user, secret = enrolled
    client = Client()
    response = password_login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the dashboard sends to the login page.
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    response = client.get(reverse("cases-detail", kwargs={"code": case.code}))
    assert response.status_code == 200


def test_totp_code_cannot_be_replayed(enrolled):
    user, secret = enrolled
    code = totp_code(secret)
    first = Client()
    password_login(first, user.email)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second = Client()
    password_login(second, user.email)
    response = second.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # form error: the code was used
    assert "_auth_user_id" not in second.session


def test_totp_code_two_steps_away_is_refused(enrolled):
    user, secret = enrolled
    client = Client()
    password_login(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset=-3)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_recovery_code_works_once(enrolled):
    user, _secret = enrolled
    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()[0]
    client = Client()
    password_login(client, user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    again = Client()
    password_login(again, user.email)
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_mfa_secrets_are_encrypted_at_rest(enrolled):
    user, secret = enrolled
    totp = Authenticator.objects.get(user=user, type="totp")
    codes = Authenticator.objects.get(user=user, type="recovery_codes")
    assert secret not in str(totp.data)
    assert totp.data["secret"].startswith("fernet:")
    assert codes.data["seed"].startswith("fernet:")


def test_enrolment_marks_the_session_as_second_factor_done(worker, case):
    """A user without TOTP logs in, is sent to enrolment, enrols with a valid code, reaches the case."""
    client = Client()
    response = password_login(client, worker.email)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=worker, type="totp").exists()
    assert client.get(reverse("cases-detail", kwargs={"code": case.code})).status_code == 200


def test_session_without_second_factor_of_an_enrolled_user_must_log_in_again(enrolled, case):
    user, _ = enrolled
    client = half_client(user)
    response = client.get(reverse("cases-detail", kwargs={"code": case.code}))
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_records_of_another_user_do_not_count(worker, co_worker, case):
    client = Client()
    login(client, worker)
    session = client.session
    session["account_authentication_methods_user"] = str(co_worker.pk)
    session.save()
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")


@pytest.fixture
def demo_user(db):
    return UserFactory(email="eline@cocon.example")


@override_settings(DEBUG=True, DEMO_MFA_BYPASS=True)
def test_demo_user_may_skip_the_second_factor_in_the_demo_setup(demo_user, worker):
    assert half_client(demo_user).get(reverse("dashboard")).status_code == 200
    # Not a demo user: still asked.
    assert half_client(worker).get(reverse("dashboard")).status_code == 302


@override_settings(DEBUG=True, DEMO_MFA_BYPASS=True)
def test_demo_banner_is_shown_when_the_bypass_is_on(demo_user):
    response = half_client(demo_user).get(reverse("dashboard"))
    assert 'class="demo-banner' in response.content.decode()


@override_settings(DEBUG=False, DEMO_MFA_BYPASS=True)
def test_demo_bypass_never_applies_with_debug_off(demo_user):
    assert half_client(demo_user).get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a"}, "False"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "DEMO_MFA_BYPASS": "1"}, "False"),
        ({"DEBUG": "1", "DATABASE_URL": "postgres://u:p@127.0.0.1:1/x"}, "False"),
        ({"DEBUG": "1", "DATABASE_URL": "sqlite:////tmp/cocon-demo-check.sqlite3"}, "True"),
    ],
)
def test_demo_bypass_setting_is_on_only_with_debug_and_sqlite(env, expected):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "COCON_TESTING", "DEMO_MFA_BYPASS"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "cocon.settings"
    out = subprocess.run(
        [sys.executable, "-c", "from cocon import settings; print(settings.DEMO_MFA_BYPASS)"],
        env={**clean, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected

"""B1–B4, B6: lockout, no enumeration, login audit, passwords, password reset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocon.audit.models import AuditEvent

from .conftest import PASSWORD, password_login, totp_code


def _strip_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_five_failures_lock_the_account_on_that_address_for_fifteen_minutes(worker):
    client = Client()
    for _ in range(5):
        password_login(client, worker.email, "wrong-password-123")
    response = password_login(client, worker.email)  # the right password
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out of the same account.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert password_login(other, worker.email).status_code == 302


def test_lockout_ends_after_the_cool_off(worker):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            password_login(client, worker.email, "wrong-password-123")
        traveller.shift(timedelta(minutes=16))
        response = password_login(client, worker.email)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_lockout_still_holds_after_fourteen_minutes(worker):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            password_login(client, worker.email, "wrong-password-123")
        traveller.shift(timedelta(minutes=14))
        assert password_login(client, worker.email).status_code == 429


def test_failures_on_other_accounts_do_not_lock_this_one(worker, co_worker):
    client = Client()
    for _ in range(5):
        password_login(client, co_worker.email, "wrong-password-123")
    assert password_login(client, worker.email).status_code == 302


def test_four_failures_do_not_lock(worker):
    client = Client()
    for _ in range(4):
        password_login(client, worker.email, "wrong-password-123")
    assert password_login(client, worker.email).status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(worker):
    unknown = password_login(Client(), "nobody@cocon.example", "wrong-password-123")
    wrong = password_login(Client(), worker.email, "wrong-password-123")
    assert unknown.status_code == wrong.status_code == 200
    assert _strip_csrf(unknown.content.decode()) == _strip_csrf(wrong.content.decode()).replace(
        worker.email, "nobody@cocon.example"
    )
    assert sorted(unknown.cookies) == sorted(wrong.cookies)


def test_login_success_and_failure_are_audited_without_the_typed_address(worker):
    password_login(Client(), worker.email, "wrong-password-123")
    password_login(Client(), "nobody@cocon.example", "wrong-password-123")
    password_login(Client(), worker.email)
    failed = AuditEvent.objects.filter(action="accounts.login.failed")
    assert failed.count() == 2
    assert failed.filter(object_id=str(worker.code)).count() == 1
    assert AuditEvent.objects.filter(action="accounts.login.succeeded", actor=worker).count() == 1
    assert not AuditEvent.objects.filter(data__icontains="nobody").exists()


@pytest.mark.parametrize("password", ["kort-wachtw", "wachtwoord", "123456789012345", "password1234"])
def test_weak_passwords_are_refused(password, worker):
    with pytest.raises(ValidationError):
        validate_password(password, worker)


def test_password_like_the_users_address_is_refused(worker):
    with pytest.raises(ValidationError):
        validate_password(worker.email, worker)


@pytest.mark.parametrize("length", [64, 128])
def test_long_passphrases_are_accepted_untruncated(length, worker):
    password = ("zomerzon-ééé-" * 20)[:length]
    validate_password(password, worker)
    worker.set_password(password)
    worker.save()
    assert worker.check_password(password)
    assert not worker.check_password(password[:-1])


def test_production_hasher_is_argon2():
    from cocon import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _reset_link(email: str) -> str:
    Client().post(reverse("account_reset_password"), {"email": email})
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body).group(1)


def _follow_to_form(client: Client, link: str) -> str:
    response = client.get(link)
    return response["Location"] if response.status_code == 302 else link


def test_reset_link_works_once(worker):
    link = _reset_link(worker.email)
    client = Client()
    form_url = _follow_to_form(client, link)
    new = "een-heel-nieuw-wachtwoord-7"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(new)
    again = Client()
    form_url = _follow_to_form(again, link)
    again.post(form_url, {"password1": "nog-een-ander-wachtwoord-8", "password2": "nog-een-ander-wachtwoord-8"})
    worker.refresh_from_db()
    assert worker.check_password(new)


def test_reset_link_expires_after_one_hour(worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        link = _reset_link(worker.email)
        traveller.shift(timedelta(minutes=61))
        client = Client()
        form_url = _follow_to_form(client, link)
        client.post(form_url, {"password1": "een-heel-nieuw-wachtwoord-7", "password2": "een-heel-nieuw-wachtwoord-7"})
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_reset_for_unknown_address_answers_the_same(worker):
    known = Client().post(reverse("account_reset_password"), {"email": worker.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@cocon.example"})
    assert known.status_code == unknown.status_code
    assert known["Location"] == unknown["Location"]


def test_after_reset_the_second_factor_is_still_required(enrolled):
    user, _secret = enrolled
    link = _reset_link(user.email)
    client = Client()
    new = "een-heel-nieuw-wachtwoord-7"
    client.post(_follow_to_form(client, link), {"password1": new, "password2": new})
    assert "_auth_user_id" not in client.session  # no login on reset
    response = password_login(client, user.email, new)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))


def test_reset_ends_every_session_of_the_user(worker, client_for):
    logged_in = client_for(worker)
    assert logged_in.get(reverse("dashboard")).status_code == 200
    link = _reset_link(worker.email)
    client = Client()
    new = "een-heel-nieuw-wachtwoord-7"
    client.post(_follow_to_form(client, link), {"password1": new, "password2": new})
    assert logged_in.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))


@override_settings(ACCOUNT_RATE_LIMITS=False)
def test_lockout_answer_does_not_depend_on_allauth_rate_limit(worker):
    """Axes alone locks: with allauth's own limit off the sixth attempt is still refused."""
    client = Client()
    for _ in range(5):
        password_login(client, worker.email, "wrong-password-123")
    assert password_login(client, worker.email).status_code == 429


__all__ = ["totp_code"]

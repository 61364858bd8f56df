from __future__ import annotations

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

PASSWORD = "a-long-test-password-42"  # UserFactory's password


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset in 30 s steps), computed with allauth's helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


@pytest.fixture
def enrolled(worker):
    """`worker` with TOTP and recovery codes; returns (user, secret)."""
    secret = generate_totp_secret()
    TOTP.activate(worker, secret)
    RecoveryCodes.activate(worker)
    return worker, secret


def password_login(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def half_client(user) -> Client:
    """Password done (as allauth records it), no second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "email": user.email}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def authenticated_at(client: Client, user, at: float) -> Client:
    """Record the password and second factor at `at`, as allauth records a real login; step-up (B8)
    asks again when that is more than 5 minutes ago."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": at, "email": user.email},
        {"method": "mfa", "at": at, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client

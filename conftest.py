"""Personas shared by every app's tests (SECURITY-RELIABILITY role set).

`case` belongs to team A, worked by `worker` and linked to `consultant_shared`; `other_case` belongs to
team B. Every view gets an allowed test and a forbidden test with these.
"""

from __future__ import annotations

import time

import pytest
from django.test import Client

from cases.tests.factories import CaseFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Team A")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Team B")


@pytest.fixture
def worker(team_a):
    return UserFactory(role=Role.CONTEXT_WORKER, team=team_a, first_name="Wout")


@pytest.fixture
def co_worker(team_a):
    return UserFactory(role=Role.CONTEXT_WORKER, team=team_a, first_name="Cora")


@pytest.fixture
def colleague(team_a):
    """Same team, not on the case."""
    return UserFactory(role=Role.CONTEXT_WORKER, team=team_a, first_name="Collin")


@pytest.fixture
def worker_other(team_b):
    return UserFactory(role=Role.CONTEXT_WORKER, team=team_b, first_name="Olaf")


@pytest.fixture
def supervisor(team_a):
    return UserFactory(role=Role.SUPERVISOR, team=team_a, first_name="Suus")


@pytest.fixture
def coordinator(team_a):
    return UserFactory(role=Role.COORDINATOR, team=team_a, first_name="Coen")


@pytest.fixture
def coordinator_other(team_b):
    return UserFactory(role=Role.COORDINATOR, team=team_b, first_name="Carla")


@pytest.fixture
def consultant_shared(db):
    return UserFactory(role=Role.CONSULTANT, first_name="Nadia")


@pytest.fixture
def consultant_unshared(db):
    return UserFactory(role=Role.CONSULTANT, first_name="Tom")


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, first_name="Greet")


@pytest.fixture
def inactive_user(team_a):
    return UserFactory(role=Role.CONTEXT_WORKER, team=team_a, is_active=False, first_name="Ina")


@pytest.fixture
def case(team_a, worker, consultant_shared):
    return CaseFactory(team=team_a, lead_worker=worker, consultant=consultant_shared)


@pytest.fixture
def other_case(team_b, worker_other):
    return CaseFactory(team=team_b, lead_worker=worker_other)


def login(client: Client, user, *, just_now: bool = False) -> Client:
    """Log in as a fully authenticated user (password and second factor done). The login counts as
    long ago, so step-up (B8: bulk exports, sharing with a consultant) asks for the password again;
    `just_now=True` logs in within the last 5 minutes, as allauth records a real login."""
    client.force_login(user)
    session = client.session
    at = time.time() if just_now else 0
    # allauth marks a completed second factor in the session; tests log in "after MFA".
    session["account_authentication_methods"] = [
        {"method": "password", "at": at, "email": user.email},
        {"method": "mfa", "at": at, "type": "totp"},
    ]
    if just_now:
        session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns a logged-in test client for that persona."""

    def _make(user) -> Client:
        c = Client()
        return login(c, user)

    return _make


def open_case_page(client: Client, case) -> str:
    """The case page as a browser shows it: the page, then each section it loads with htmx (hx-get).

    The sections are followed from the page's own markup, so a section the page forgets to load is missing
    here too.
    """
    import re

    from django.urls import reverse

    response = client.get(reverse("cases-detail", kwargs={"code": case.code}))
    assert response.status_code == 200
    page = response.content.decode()
    parts = [page]
    for url in re.findall(r'class="case-section-loading[^"]*"[^>]*?hx-get="([^"]+)"', page, flags=re.S):
        section = client.get(url, headers={"HX-Request": "true"})
        assert section.status_code == 200, url
        parts.append(section.content.decode())
    assert len(parts) > 1, "the case page loads no sections"
    return "\n".join(parts)

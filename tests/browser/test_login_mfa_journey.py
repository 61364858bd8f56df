"""Login → second factor (enrolment the first time, the code after that) → Dutch dashboard."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.browser


def _password_step(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    expect(page.get_by_role("heading", name="Inloggen bij Cocon")).to_be_visible()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _wait_for_next_totp_window() -> None:
    # A code is accepted once: the second login waits for the app's next code.
    time.sleep(30 - time.time() % 30 + 0.5)


def test_first_login_enrols_totp_then_the_next_login_asks_the_code(page, live_server, transactional_db):
    user = UserFactory(role=Role.CONTEXT_WORKER, team=TeamFactory(), first_name="Eline")

    _password_step(page, live_server, user.email)
    # No second factor yet: every page leads to the enrolment, in Dutch, without the menu.
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", name="De tweede inlogstap instellen")).to_be_visible()
    expect(page.get_by_role("link", name="Dossiers")).to_have_count(0)
    page.goto(f"{live_server.url}/cases/")
    assert page.url.endswith("/accounts/2fa/totp/activate/")

    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form").get_by_role("button", name="Activeren").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/2fa/recovery-codes/" in page.url
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    page.get_by_role("link", name="Verder naar Cocon").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.rstrip("/") == live_server.url
    expect(page.get_by_role("link", name="Dossiers")).to_be_visible()

    # Log out, log in again: now the code is asked before anything else.
    page.context.clear_cookies()
    _wait_for_next_totp_window()
    _password_step(page, live_server, user.email)
    assert page.url.endswith("/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", name="Tweede inlogstap")).to_be_visible()
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form").first.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("html").get_attribute("lang") == "nl-be"
    expect(page.get_by_role("link", name="Dossiers")).to_be_visible()
    csp_violations = [e for e in page.console_errors if "Content Security Policy" in e and "inline style" not in e]
    assert csp_violations == []


def test_wrong_code_keeps_the_user_out(page, live_server, transactional_db):
    from tests.browser.conftest import ensure_totp

    user = UserFactory(role=Role.COORDINATOR, team=TeamFactory())
    ensure_totp(user)
    _password_step(page, live_server, user.email)
    page.fill("input[name=code]", "000000")
    page.locator("main form").first.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/accounts/2fa/authenticate/")
    page.goto(f"{live_server.url}/cases/")
    # Still inside the pending login: sent back to the code (or the login page), never to the cases.
    assert "/accounts/2fa/authenticate/" in page.url or "/accounts/login/" in page.url

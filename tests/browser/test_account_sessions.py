"""In a real browser: "Mijn sessies" on a desktop and a phone, and htmx meeting an ended session."""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect

from cocon.accounts.models import Role
from cocon.accounts.security import end_sessions
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import TEST_PASSWORD, ensure_totp, login_as

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("COCON_SCREENSHOTS")  # a folder: the pages are saved there for a person to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def _second_login(page, live_server, user) -> None:
    """A second device logs in within the same 30 s: the code of the next step (allowed, ±1), since
    the current one was just used and a replay is refused."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = ensure_totp(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30 + 1)))
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_worker_ends_the_session_on_her_phone_from_her_laptop(page, phone_page, live_server, transactional_db):
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=TeamFactory(), first_name="Eline")
    login_as(phone_page, live_server, worker)
    _second_login(page, live_server, worker)

    page.get_by_role("button", name="Eline").click()
    page.get_by_role("link", name="Mijn sessies").click()
    expect(page.get_by_role("heading", name="Mijn sessies")).to_be_visible()
    expect(page.locator(".session-list li")).to_have_count(2)
    expect(page.get_by_text("Deze sessie")).to_have_count(1)
    expect(page.locator(".session-list p", has_text="Chrome op Linux")).to_have_count(2)
    _shot(page, "sessions-1280.png")

    phone_page.goto(f"{live_server.url}/accounts/sessions/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone_page, "sessions-390.png")

    page.get_by_role("button", name=re.compile("^Sessie beëindigen")).click()
    expect(page.get_by_text("De sessie is beëindigd")).to_be_visible()
    expect(page.locator(".session-list li")).to_have_count(1)

    phone_page.reload()
    assert "/accounts/login/" in phone_page.url
    assert page.console_errors == [] and phone_page.console_errors == []


def test_htmx_request_after_the_session_ended_loads_the_login_page_whole(page, live_server, transactional_db):
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=TeamFactory(), first_name="Eline")
    login_as(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/")
    end_sessions(worker)  # e.g. ended from another device, or timed out

    page.evaluate("htmx.ajax('GET', '/', {target: '#main', swap: 'innerHTML'})")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fcases%2F$"))
    expect(page.locator("input[name=login]")).to_have_count(1)
    expect(page.locator("nav.navbar")).to_have_count(1)  # a whole page, not a login form inside a page

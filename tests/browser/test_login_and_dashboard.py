from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def test_worker_logs_in_through_the_login_page_and_sees_the_dutch_dashboard(page, live_server, transactional_db):
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=TeamFactory(), first_name="Eline")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "nl-be"
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()

    login_as(page, live_server, worker)

    assert page.url.rstrip("/") == live_server.url
    expect(page.get_by_role("heading", name="Hallo Eline")).to_be_visible()
    expect(page.get_by_role("link", name="Dossiers")).to_be_visible()
    assert page.console_errors == []


def test_login_page_fits_a_phone_screen(phone_page, live_server, transactional_db):
    phone_page.goto(f"{live_server.url}/accounts/login/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(phone_page.get_by_role("button", name="Inloggen")).to_be_visible()

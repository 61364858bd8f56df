"""A worker finds a reminder in the bell, follows it to the thing to do, does it, and sees it resolve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from reminders.models import Reminder, Status
from reminders.services import reminders_sweep
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def test_worker_follows_the_start_reminder_records_the_start_and_sees_it_resolved(page, live_server, transactional_db):
    team = TeamFactory(name="Team Gent", region="Oost-Vlaanderen")
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    case = CaseFactory(
        team=team, lead_worker=worker, status="referred", referred_on=date.today() - timedelta(days=9), started_on=None
    )
    reminders_sweep()
    reminder = Reminder.objects.get(rule_code="R-START", case=case)

    login_as(page, live_server, worker)
    page.console_errors.clear()
    bell = page.locator("[data-reminder-bell]")
    assert bell.locator("[data-reminder-count]").inner_text() == "1"
    bell.click()
    expect(page.get_by_role("heading", name="Mijn herinneringen")).to_be_visible()
    page.get_by_role("link", name="Start de begeleiding: eerste contact met het gezin").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith(f"/cases/{case.code}/start/")

    page.get_by_label("Datum van het eerste contact").fill(date.today().isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("domcontentloaded")

    reminders_sweep()  # what the beat does every minute
    reminder.refresh_from_db()
    assert reminder.status == Status.RESOLVED

    page.goto(f"{live_server.url}/reminders/")
    expect(page.locator("[data-reminder-count]")).to_have_count(0)
    closed = page.locator(".reminder-closed[data-status=resolved]")
    expect(closed).to_have_count(1)
    assert "vanzelf opgelost" in closed.inner_text()
    assert page.console_errors == []


def test_reminder_list_fits_a_phone(phone_page, live_server, transactional_db):
    team = TeamFactory(name="Team Gent", region="Oost-Vlaanderen")
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team)
    CaseFactory(
        team=team, lead_worker=worker, status="referred", referred_on=date.today() - timedelta(days=9), started_on=None
    )
    reminders_sweep()
    login_as(phone_page, live_server, worker)
    phone_page.goto(f"{live_server.url}/reminders/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

"""Logging a home visit on a phone (390 px), in one screen, and the offline safety net."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Contact, FamilyRole
from cases.tests.factories import CaseFactory, PersonFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def _case_with_family():
    team = TeamFactory()
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    case = CaseFactory(
        team=team,
        lead_worker=worker,
        family_name="Gezin Telefoon",
        started_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    PersonFactory(case=case, first_name="Sarah", family_role=FamilyRole.MOTHER, birth_date=None, is_index_child=False)
    PersonFactory(case=case, first_name="Lotte")
    return worker, case


def test_worker_logs_a_home_visit_on_a_phone_and_the_chart_shows_it(phone_page, live_server, transactional_db):
    worker, case = _case_with_family()
    page = phone_page
    login_as(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.get_by_role("link", name="Contact registreren").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The defaults are a home visit of 60 minutes that just ended: tick who was there, type, save.
    assert page.locator("select[name=type]").input_value() == "home_visit"
    assert page.locator("input[name=duration_minutes]").input_value() == "60"
    page.get_by_label("Sarah Test").check()
    page.get_by_role("button", name="90 min").click()  # one tap sets a common duration
    page.fill("textarea[name=went_well]", "Rustig gesprek aan tafel")
    button = page.get_by_role("button", name="Contact opslaan")
    assert button.bounding_box()["height"] >= 44
    button.click()
    page.wait_for_url(re.compile(rf"/cases/{case.code}/(#contacts)?$"))
    expect(page.locator("body")).to_contain_text("Contact opgeslagen.")
    contact = Contact.objects.get(case=case)
    assert contact.duration_minutes == 90 and contact.type == "home_visit"
    assert [p.first_name for p in contact.participants.all()] == ["Sarah"]
    chart = page.locator("#intensity svg rect.bar")
    assert chart.count() >= 1
    assert "1,5 u" in page.locator("#intensity-svg-desc").text_content()  # this week's hours


def test_contact_typed_offline_is_kept_and_sent_once_when_back_online(phone_page, live_server, transactional_db):
    from safetyplans.models import AgreementCheck, ContactAgreement, PlanStatus
    from safetyplans.tests.factories import AgreementFactory, plan_in_status

    worker, case = _case_with_family()
    plan = plan_in_status(case, PlanStatus.ACTIVE, agreements=0)
    AgreementFactory(plan=plan, number=1, text="Kevin gaat naar Dieter bij de rode 7")
    page = phone_page
    login_as(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/{case.code}/contacts/new/")
    page.fill("textarea[name=worries]", "Zorgen over de avonden")
    # The agreements of the plan in force: one tap ticks A1, then its outcome shows.
    outcome = page.get_by_label("Uitkomst voor A1")
    expect(outcome).to_be_hidden()
    label = page.get_by_text("A1 · Kevin gaat naar Dieter bij de rode 7")
    assert label.bounding_box()["height"] >= 44
    label.click()
    outcome.select_option("kept")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.set_offline(True)
    page.get_by_role("button", name="Contact opslaan").click()
    page.locator("[data-offline-note]").wait_for(state="visible")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cocon.contact.'))")
    assert len(stored) == 1
    assert Contact.objects.count() == 0
    # A second press while offline changes nothing.
    page.get_by_role("button", name="Contact opslaan").click()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url(re.compile(rf"/cases/{case.code}/(#contacts)?$"))
    assert Contact.objects.filter(case=case).count() == 1
    contact = Contact.objects.get(case=case)
    assert contact.worries == "Zorgen over de avonden"
    assert [link.agreement.number for link in ContactAgreement.objects.filter(contact=contact)] == [1]
    assert AgreementCheck.objects.get(contact=contact).outcome == "kept"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cocon.contact.')).length") == 0

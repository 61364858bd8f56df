"""The case page on a phone: the plan and JIM panels, the lists further down and the timeline arrive on their own
(htmx sections); a link to #evaluations lands there once they are in; a section that cannot be loaded says so
and leaves its link."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory, EvaluationFactory, PersonFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def _case():
    team = TeamFactory()
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team)
    case = CaseFactory(team=team, lead_worker=worker, started_on=timezone.localdate() - datetime.timedelta(days=30))
    PersonFactory(case=case, first_name="Lotte")
    for days in (3, 10, 17, 24):
        EvaluationFactory(
            case=case,
            held_on=timezone.localdate() - datetime.timedelta(days=days),
            planned_on=None,
            outcome=f"Evaluatie van {days} dagen geleden",
        )
    return worker, case


def test_worker_sees_every_section_of_the_case_page_arrive(phone_page, live_server, transactional_db):
    worker, case = _case()
    page = phone_page
    login_as(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    expect(page.get_by_role("heading", name="JIM", exact=True)).to_be_visible()  # plan and JIM section
    expect(page.get_by_role("heading", name="Evaluaties")).to_be_visible()  # lists and panels section
    expect(page.get_by_role("heading", name="Wat er gebeurde")).to_be_visible()  # timeline section
    expect(page.locator(".case-section-loading")).to_have_count(0)
    expect(page.locator("#timeline").get_by_text("Aanmelding ontvangen")).to_be_visible()
    assert page.console_errors == []


def test_a_link_to_the_evaluations_lands_on_them_once_the_sections_are_in(phone_page, live_server, transactional_db):
    worker, case = _case()
    page = phone_page
    login_as(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/{case.code}/#evaluations")
    heading = page.get_by_role("heading", name="Evaluaties")
    expect(heading).to_be_visible()
    expect(heading).to_be_in_viewport()
    # Not merely somewhere on screen: the page scrolled to it (the trajectory above is much taller than a phone).
    page.wait_for_function("() => window.scrollY > 600")


def test_a_section_that_cannot_be_loaded_says_so_and_keeps_its_link(phone_page, live_server, transactional_db):
    worker, case = _case()
    page = phone_page
    login_as(page, live_server, worker)
    page.route("**/section/timeline/", lambda route: route.fulfill(status=500, body="kapot"))
    page.goto(f"{live_server.url}/cases/{case.code}/")
    failed = page.locator(".case-section-failed")
    expect(failed.get_by_text("kon hier niet geladen worden; open het met de link.")).to_be_visible()
    expect(page.get_by_role("heading", name="Evaluaties")).to_be_visible()  # the other sections still arrived
    page.unroute("**/section/timeline/")
    failed.get_by_role("link", name="Wat er gebeurde").click()
    expect(page.get_by_role("heading", name=case.family_name)).to_be_visible()  # the section as a page
    expect(page.get_by_text("Aanmelding ontvangen")).to_be_visible()

"""A coördinator opens Inzicht, reads the method-fidelity figures of the team, follows a figure to the
cases behind it and downloads the table as CSV — in Dutch, in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from safetyplans.tests.factories import ChildConversationFactory
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def test_coordinator_follows_a_fidelity_figure_to_the_cases(page, live_server, transactional_db):
    team = TeamFactory(name="Team Gent", region="Oost-Vlaanderen")
    coordinator = UserFactory(role=Role.COORDINATOR, team=team, first_name="Sofie")
    eline = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    heard = CaseFactory(team=team, lead_worker=eline, family_name="Gezin Verbeke")
    CaseFactory(team=team, lead_worker=eline, family_name="Gezin Claes")
    ChildConversationFactory(case=heard)

    login_as(page, live_server, coordinator)
    page.console_errors.clear()
    page.get_by_role("link", name="Inzicht").first.click()
    expect(page.get_by_role("heading", name="Caseload per begeleider")).to_be_visible()
    page.get_by_role("link", name="Methodetrouw").click()
    expect(page.get_by_role("heading", name="Methodetrouw per begeleider")).to_be_visible()
    expect(page.locator("figure.insight-chart svg").first).to_be_visible()

    page.get_by_role("link", name="50% (1/2)").first.click()
    expect(page.get_by_role("heading", name="Open dossiers met: Stem van het kind vastgelegd")).to_be_visible()
    expect(page.get_by_role("link", name=heard.reference)).to_be_visible()
    page.get_by_role("link", name="Toon de dossiers waar het ontbreekt").click()
    expect(page.get_by_text("Gezin Claes")).to_be_visible()

    page.get_by_role("link", name="Terug naar de cijfers").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV downloaden").click()
    assert download.value.suggested_filename.startswith("inzicht-fidelity-")
    assert not page.console_errors


@pytest.mark.parametrize("width", [1280, 390])
def test_insight_pages_have_no_serious_accessibility_violations(browser, live_server, transactional_db, width):
    from axe_playwright_python.sync_playwright import Axe

    team = TeamFactory(name="Team Gent", region="Oost-Vlaanderen")
    coordinator = UserFactory(role=Role.COORDINATOR, team=team, first_name="Sofie")
    eline = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    ChildConversationFactory(case=CaseFactory(team=team, lead_worker=eline))
    context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        login_as(page, live_server, coordinator)
        problems = []
        for path in ("/insight/", "/insight/fidelity/", "/insight/flow/", "/insight/cases/child-voice/"):
            page.goto(live_server.url + path)
            for violation in Axe().run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(f"{path}: {violation['id']} {[n['target'] for n in violation['nodes'][:3]]}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()

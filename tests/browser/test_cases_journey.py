"""The cases journey in a real browser, in Dutch: referral → assignment → start → step → phase →
evaluation → closure."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseStatus, StepStatus
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


def test_coordinator_refers_and_assigns_worker_works_and_closes_the_case(browser, live_server, transactional_db):
    team = TeamFactory(name="Team Gent")
    sofie = UserFactory(role=Role.COORDINATOR, team=team, first_name="Sofie", email="sofie@test.example")
    eline = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline", last_name="Mertens")
    today = timezone.localdate()

    # The coördinator registers the referral.
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login_as(page, live_server, sofie)
    page.get_by_role("link", name="Nieuwe aanmelding").first.click()
    page.fill("input[name=family_name]", "Gezin Wouters")
    page.select_option("select[name=referral_source]", "ocj")
    page.fill("textarea[name=concern_summary]", "Zorgen over veiligheid")
    page.fill("input[name=children-0-first_name]", "Noor")
    page.fill("input[name=children-0-last_name]", "Wouters")
    page.fill("input[name=children-0-birth_date]", "2017-05-04")
    page.get_by_role("button", name="Aanmelding registreren").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", name="Een contextbegeleider toewijzen")).to_be_visible()
    expect(page.locator(".deadline").first).to_be_visible()  # the start deadline is shown
    page.select_option("select[name=lead_worker]", label=str(eline))
    page.get_by_role("button", name="Toewijzen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("Contextbegeleider toegewezen.")
    case = Case.objects.get(family_name="Gezin Wouters")
    assert case.lead_worker == eline and case.steps.count() == 13
    context.close()

    # The context worker finds it by searching for the child's name (never in the URL).
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login_as(page, live_server, eline)
    page.get_by_role("link", name="Dossiers").first.click()
    page.fill("input[name=q]", "noor")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state("domcontentloaded")
    assert "noor" not in page.url.lower()
    page.get_by_role("link", name="Gezin Wouters").click()
    page.wait_for_load_state("domcontentloaded")

    # Start, then work step 1.
    page.get_by_role("link", name="Start registreren").click()
    page.fill("input[name=started_on]", today.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_role("link", name="Stap 2 bewerken").click()
    page.select_option("select[name=status]", "in_progress")
    page.fill("textarea[name=notes]", "Genogram gestart")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("Stap 2 bewaard.")
    step1 = case.steps.get(number=1)
    assert step1.status == StepStatus.IN_PROGRESS
    # Step 1 has its evidence (the start): one click confirms it.
    page.locator("#step-1").get_by_role("button", name="Bevestig klaar").click()
    page.wait_for_load_state("domcontentloaded")
    assert case.steps.get(number=1).status == StepStatus.DONE

    # A phase change with a reason.
    page.get_by_role("link", name="Startfase (analyse)").click()
    page.select_option("select[name=guidance-to_phase]", "coaching")
    page.fill("textarea[name=guidance-reason]", "Plan ondertekend")
    page.get_by_role("button", name="Begeleidingsfase wijzigen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("Plan ondertekend")
    page.get_by_role("link", name=case.reference).click()

    # An evaluation.
    page.get_by_role("link", name="Evaluatie plannen of registreren").click()
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("textarea[name=outcome]", "Afspraken werkbaar")
    page.fill("input[name=next_evaluation]", (today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("Evaluatie bewaard.")

    # Closing without the checklist is refused; with it, the case is closed and read-only.
    page.get_by_role("link", name="Dossier afsluiten").click()
    page.select_option("select[name=reason]", "goals_reached")
    page.select_option("select[name=outcome]", "placement_avoided")
    page.get_by_role("button", name="Dossier afsluiten").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("Vink dit af")
    for name in ("plan_evaluated", "follow_up_decided", "relapse_plan_made", "family_informed"):
        page.check(f"input[name={name}]")
    page.fill("input[name=final_scaling]", "8")
    page.get_by_role("button", name="Dossier afsluiten").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("body")).to_contain_text("en is alleen-lezen")  # the closed banner
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    expect(page.get_by_role("link", name="Stap 2 bewerken")).to_have_count(0)
    context.close()

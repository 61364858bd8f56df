"""Issue 8, "done when": in Dutch, a worker builds a plan from the network's proposals, the consultant asks
for a change, the worker revises, the check with the youth judge is recorded, the plan is made definitive
and printed, and an agreement check is logged."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cases.models import FamilyRole
from cases.tests.factories import CaseFactory, PersonFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from network.models import NetworkMeeting, ProposedSolution
from safetyplans.models import AgreementCheck, PlanStatus, SafetyPlan
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    team = TeamFactory(name="Team Gent")
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline", last_name="Mertens")
    consultant = UserFactory(role=Role.CONSULTANT, team=None, first_name="Nadia", last_name="El Amrani")
    case = CaseFactory(team=team, lead_worker=worker, consultant=consultant, family_name="Gezin Verbeke – De Smet")
    PersonFactory(case=case, first_name="Kevin", last_name="De Smet", family_role=FamilyRole.STEP_PARENT)
    dieter = PersonFactory(case=case, first_name="Dieter", last_name="De Smet")
    meeting = NetworkMeeting.objects.create(
        case=case, number=1, purpose="plan", date=datetime.date(2025, 3, 26), location="Bij oma Rita"
    )
    ProposedSolution.objects.create(
        case=case,
        meeting=meeting,
        number=1,
        text="Bij de rode 7 gaat Kevin naar Dieter.",
        proposed_by=dieter,
        decision="accepted",
    )
    return worker, consultant, case


def test_plan_from_proposals_to_definitive_print_and_check(page, phone_page, live_server, family):
    # Two browsers side by side: the worker at a desk, the consultant on a phone (a second factor
    # code cannot be used twice, so each logs in once).
    worker, consultant, case = family
    nadia = phone_page
    base = f"{live_server.url}/cases/{case.code}/safety"
    login_as(page, live_server, worker)

    # The worker starts the plan and turns the network's proposal into a draft agreement.
    page.goto(f"{base}/plans/")
    page.get_by_role("link", name="Nieuw veiligheidsplan").click()
    page.get_by_label("Signalen voor het netwerk").fill("Kevin begint te roepen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Afspraken uit de voorstellen van het netwerk").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Bij de rode 7 gaat Kevin naar Dieter.")).to_be_visible()
    page.get_by_role("link", name="Wijzigen", exact=True).click()
    page.get_by_label("Frequentie").select_option("each_time")
    page.get_by_label("Toezicht netwerk").select_option(label="Dieter De Smet")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Voorleggen aan de consulent").click()
    expect(page.get_by_text("ter toetsing", exact=True)).to_be_visible()

    # The consultant asks for a change on A1.
    login_as(nadia, live_server, consultant)
    plan = SafetyPlan.objects.get(case=case)
    nadia.goto(f"{base}/plans/{plan.code}/review/")
    nadia.get_by_label("Opmerking bij afspraak A1").fill("Dieter stuurt bij aankomst een sms aan Eline en Sarah.")
    nadia.get_by_label("Aanpassingen vragen").check()
    nadia.get_by_role("button", name="Mijn toetsing bewaren").click()
    expect(nadia.get_by_text("aanpassingen gevraagd", exact=True)).to_be_visible()

    # The worker revises and submits again; the consultant approves.
    page.goto(f"{base}/plans/{plan.code}/")
    expect(page.get_by_text("Dieter stuurt bij aankomst een sms")).to_be_visible()
    page.get_by_role("link", name="Wijzigen", exact=True).click()
    page.get_by_label("Afspraak (wie doet wat, wanneer, waar)").fill(
        "Bij de rode 7 gaat Kevin naar Dieter. Dieter stuurt bij aankomst een sms aan Eline en Sarah."
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Voorleggen aan de consulent").click()
    nadia.goto(f"{base}/plans/{plan.code}/review/")
    nadia.get_by_label("Het plan goedkeuren").check()
    nadia.get_by_role("button", name="Mijn toetsing bewaren").click()
    expect(nadia.get_by_text("goedgekeurd door de consulent", exact=True)).to_be_visible()

    # The worker records the check with the youth judge, makes the plan definitive and prints it.
    page.goto(f"{base}/plans/{plan.code}/")
    page.get_by_role("link", name="Toetsing bij jeugdrechter of GV noteren").click()
    page.get_by_label("Getoetst bij").select_option("youth_judge")
    page.get_by_label("Naam van wie toetste").fill("Jeugdrechter Gent")
    page.get_by_label("Hoe").select_option("hearing")
    page.get_by_label("Resultaat").select_option("approved")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Definitief maken").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het plan is definitief.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FINAL
    pdf = page.request.get(f"{base}/plans/{plan.code}/print/family/")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # An agreement check is logged on behalf of Dieter.
    page.get_by_role("link", name="Opvolging").click()
    page.get_by_text("Opvolging van een andere afspraak noteren").click()
    page.get_by_role("link", name="A1 · Bij de rode 7").click()
    page.get_by_label("Bron").select_option("message")
    page.get_by_label("Resultaat").select_option("kept")
    page.get_by_label("Wat is er gebeurd?").fill("Kevin ging om 21u05 naar Dieter.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Kevin ging om 21u05 naar Dieter.")).to_be_visible()
    assert AgreementCheck.objects.get().on_behalf_of.first_name == "Dieter"

"""Issue 7, "done when": in Dutch, a worker maps the family, writes a danger statement with the builder,
pairs it with a goal, records scores from four voices and sees the chart, records the three houses with a
drawing, and prints the Words & Pictures story."""

from __future__ import annotations

import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from cases.models import FamilyRole, Gender
from cases.tests.factories import CaseFactory, PersonFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from safetyplans.models import ChildConversation, DangerStatement, Drawing, SafetyGoal, ScalingScore
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    team = TeamFactory(name="Team Gent")
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    case = CaseFactory(team=team, lead_worker=worker, family_name="Gezin Verbeke – De Smet")
    people = {}
    for key, first, last, role, born in [
        ("sarah", "Sarah", "Verbeke", FamilyRole.MOTHER, datetime.date(1990, 11, 2)),
        ("kevin", "Kevin", "De Smet", FamilyRole.STEP_PARENT, datetime.date(1988, 4, 19)),
        ("lotte", "Lotte", "Claes", FamilyRole.CHILD, datetime.date(2014, 9, 14)),
        ("milan", "Milan", "De Smet", FamilyRole.CHILD, datetime.date(2020, 10, 3)),
    ]:
        people[key] = PersonFactory(
            case=case,
            first_name=first,
            last_name=last,
            family_role=role,
            birth_date=born,
            gender=Gender.UNKNOWN,
            is_index_child=role == FamilyRole.CHILD,
        )
    return worker, case, people


def _png(path) -> str:
    image = Image.new("RGB", (300, 200), (255, 220, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_worker_maps_the_family_and_prints_words_and_pictures(page, live_server, family, tmp_path):
    worker, case, _people = family
    base = f"{live_server.url}/cases/{case.code}/safety"
    login_as(page, live_server, worker)
    page.console_errors.clear()

    # The map: three columns, who said it and when.
    page.goto(f"{base}/maps/new/")
    page.get_by_label("Datum").fill("2025-03-07")
    page.get_by_label("Gemaakt tijdens").select_option("visit")
    page.get_by_label("Sarah Verbeke").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Waar maken we ons zorgen over?")).to_be_visible()
    page.get_by_label("Categorie").select_option("family_pride")
    page.get_by_label("Omschrijving").fill("We lachen veel samen")
    page.get_by_label("Ingebracht door", exact=True).select_option(label="Sarah Verbeke")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("We lachen veel samen")).to_be_visible()
    expect(page.get_by_text("— Sarah Verbeke, 07/03/2025")).to_be_visible()

    # The danger statement, made with the builder.
    page.get_by_role("link", name="Gevaar en doelen").click()
    page.get_by_role("link", name="Nieuw dreigend gevaar").click()
    page.get_by_label("Korte titel").fill("Ruzies met roepen en geweld")
    page.get_by_label("Wie maakt zich zorgen?").fill("Nadia en Eline")
    page.get_by_label("Over welk gedrag?").fill("de politie drie keer kwam na een hevige ruzie")
    page.get_by_label("Impact op het kind").fill("Lotte ligt 's nachts wakker")
    page.get_by_label("Wat kan er gebeuren als er niets verandert?").fill("Lotte en Milan opnieuw gekwetst worden")
    page.get_by_role("button", name="Maak de tekst uit deze delen").click()
    sentence = page.get_by_label("Het dreigend gevaar in gewone taal").input_value()
    assert sentence.startswith("Nadia en Eline maken zich zorgen omdat de politie drie keer kwam")
    page.get_by_role("button", name="Opslaan").click()
    statement = DangerStatement.objects.get(case=case)
    assert statement.statement_text == sentence

    # Paired with a safety goal; the SMART check names what is missing.
    page.get_by_role("link", name="Veiligheidsdoel toevoegen").first.click()
    page.get_by_label("Korte titel").fill("Ruzie zonder roepen")
    page.get_by_label("Wie moet wat zien?").fill("Nadia en Eline")
    page.get_by_label("Wat doen de ouders anders?").fill("Kevin gaat naar Dieter bij de rode 7")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Meetbaar: beschrijf de zichtbare signalen")).to_be_visible()
    assert SafetyGoal.objects.get(case=case).danger_statement == statement

    # Scores from four voices, and the chart on the case page.
    page.goto(f"{base}/scaling/new/")
    page.get_by_label("Datum").fill("2025-03-26")
    rows = [
        ("Sarah Verbeke", "", "parent", "5"),
        ("Lotte Claes", "", "child", "4"),
        ("", "Nadia", "consultant", "3"),
        ("", "Eline", "context_worker", "3"),
    ]
    for index, (person, name, voice, score) in enumerate(rows):
        if person:
            page.locator(f"#id_s-{index}-person").select_option(label=person)
        else:
            page.locator(f"#id_s-{index}-scorer_name").fill(name)
        page.locator(f"#id_s-{index}-voice").select_option(voice)
        page.locator(f"#id_s-{index}-score").fill(score)
    page.get_by_role("button", name="Opslaan").click()
    assert ScalingScore.objects.filter(case=case).count() == 4
    page.goto(f"{live_server.url}/cases/{case.code}/")
    chart = page.locator("figure.sp-chart svg").first
    expect(chart).to_be_visible()
    assert page.locator("figure.sp-chart polygon, figure.sp-chart circle").count() >= 4
    expect(page.get_by_text("Gearceerd: de spreiding tussen de stemmen").first).to_be_visible()

    # The three houses with a drawing.
    page.goto(f"{base}/child/new/")
    page.locator("#id_child").select_option(label="Lotte Claes")
    page.get_by_label("Datum").fill("2025-03-13")
    page.get_by_label("Huis van de goede dingen").fill("Zwemmen op woensdag, tante Els")
    page.get_by_label("Huis van de zorgen").fill("Als mama en Kevin roepen")
    page.get_by_label("Huis van de dromen").fill("Een hond")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Tekening of foto").set_input_files(_png(tmp_path / "tekening.png"))
    page.locator("#id_house").select_option("good")
    page.get_by_role("button", name="Opladen").click()
    expect(page.get_by_text("De tekening is toegevoegd.")).to_be_visible()
    assert Drawing.objects.filter(conversation=ChildConversation.objects.get(case=case)).count() == 1

    # Words & Pictures, printed as a PDF.
    page.goto(f"{base}/words-pictures/new/")
    page.locator("#id_title").fill("Het verhaal van Lotte en Milan")
    page.get_by_label("Lotte Claes").check()
    page.get_by_label("Wie maakt zich zorgen?").fill("Nadia en Eline maken zich zorgen.")
    page.get_by_role("button", name="Opslaan").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Afdrukken (pdf)").click()
    pdf = download_info.value.path()
    with open(pdf, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # htmx injects its indicator <style> on every page (a project-wide CSP notice, not these pages').
    assert [e for e in page.console_errors if "Applying inline style" not in e] == []

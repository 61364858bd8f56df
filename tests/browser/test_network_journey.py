"""Issue 6, "done when": in Dutch, a worker builds the network, sees the genogram and the safety circle drawn,
follows the JIM search to a designation and records a network meeting; the printed genogram and circle are
legible."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from cases.models import FamilyRole, Gender
from cases.tests.factories import CaseFactory, PersonFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory, UserFactory
from network.models import JimDesignation, NetworkMeeting
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db):
    team = TeamFactory(name="Team Gent")
    worker = UserFactory(role=Role.CONTEXT_WORKER, team=team, first_name="Eline")
    case = CaseFactory(team=team, lead_worker=worker, family_name="Gezin Verbeke – De Smet")
    sarah = PersonFactory(
        case=case,
        first_name="Sarah",
        last_name="Verbeke",
        birth_date=datetime.date(1990, 11, 2),
        gender=Gender.FEMALE,
        family_role=FamilyRole.MOTHER,
        is_index_child=False,
    )
    lotte = PersonFactory(
        case=case, first_name="Lotte", last_name="Claes", birth_date=datetime.date(2014, 9, 14), gender=Gender.FEMALE
    )
    return worker, case, sarah, lotte


def test_worker_builds_the_network_and_follows_the_jim_to_a_designation(page, live_server, family, tmp_path):
    worker, case, sarah, lotte = family
    base = f"{live_server.url}/cases/{case.code}/network"
    login_as(page, live_server, worker)
    page.console_errors.clear()  # the landing page after login is not this journey's

    # The network page opens Lotte's JIM search on its own.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Netwerk", exact=True)).to_be_visible()
    expect(page.get_by_text("Lotte").first).to_be_visible()

    # Add aunt Els to the network.
    page.get_by_role("link", name="Een netwerklid toevoegen").click()
    page.get_by_label("Voornaam").fill("Els")
    page.get_by_label("Naam", exact=True).fill("Verbeke")
    page.select_option("select[name=network_type]", "informal")
    page.select_option("select[name=relation]", "aunt_uncle")
    page.get_by_label("Relatie, in woorden").fill("tante (zus van Sarah)")
    page.select_option("select[name=circle_ring]", "inner")
    page.select_option("select[name=influence]", "positive")
    page.get_by_label("emotioneel").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Els Verbeke werd toegevoegd aan het netwerk.")).to_be_visible()

    # Genogram: Sarah is Lotte's mother; the drawing follows from the data.
    page.get_by_role("link", name="Genogram").first.click()
    page.select_option("select[name=from_person]", str(sarah.code))
    page.select_option("select[name=kind]", "parent_of")
    page.select_option("select[name=to_person]", str(lotte.code))
    page.select_option("select[name=quality]", "close")
    page.get_by_role("button", name="Relatie toevoegen").click()
    expect(page.get_by_text("De relatie werd toegevoegd aan het genogram.")).to_be_visible()
    svg = page.locator("svg.genogram-svg")
    expect(svg).to_be_visible()
    expect(svg.locator("text", has_text="Lotte Claes")).to_have_count(1)
    expect(svg.locator("path.g-q-close > title")).to_have_count(1)  # the legend has one without a title

    # Safety circle: Els stands in the inner circle around the children.
    page.get_by_role("link", name="Veiligheidscirkel").first.click()
    circle = page.locator("svg.circle-svg")
    expect(circle.locator("text.c-label", has_text="Els Verbeke")).to_have_count(1)
    expect(circle.locator("text.c-child", has_text="Lotte")).to_have_count(1)

    # JIM: Lotte names Els; without the parents' consent the designation is refused, with it it works.
    page.get_by_role("link", name="JIM", exact=True).click()
    page.get_by_role("link", name="Een kandidaat noemen voor Lotte").click()
    page.select_option("select[name=member]", label="Els Verbeke")
    page.select_option("select[name=named_by]", label="Lotte Claes")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De kandidaat werd toegevoegd.")).to_be_visible()
    page.get_by_role("link", name="De JIM van Lotte aanduiden").click()
    page.select_option("select[name=member]", label="Els Verbeke")
    page.get_by_label("De JIM gaat akkoord", exact=True).check()
    page.get_by_role("button", name="Aanduiden").click()
    expect(page.get_by_text("Een JIM kan alleen aangeduid worden met het akkoord van de ouders")).to_be_visible()
    assert not JimDesignation.objects.exists()
    page.get_by_label("De ouders gaan akkoord", exact=True).check()
    page.get_by_label("De ouders gingen akkoord op").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Aanduiden").click()
    expect(page.get_by_text("Els Verbeke is nu de JIM van Lotte.")).to_be_visible()
    assert JimDesignation.objects.get().jim.person.first_name == "Els"

    # A network meeting that took place: refused without anyone present, saved with the attendance.
    page.get_by_role("link", name="Netwerkbijeenkomsten").first.click()
    page.get_by_role("link", name="Een netwerkbijeenkomst plannen of registreren").click()
    page.get_by_label("Datum").fill(datetime.date.today().isoformat())
    page.get_by_label("Plaats").fill("Bij oma Rita thuis")
    page.select_option("select[name=purpose]", "mapping")
    page.select_option("select[name=status]", "held")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("duid minstens één persoon aan als aanwezig")).to_be_visible()
    page.select_option(f"select[name=att_{sarah.code}_status]", "present")
    page.select_option(f"select[name=att_{lotte.code}_status]", "partly")
    els_code = JimDesignation.objects.get().jim.person.code
    page.select_option(f"select[name=att_{els_code}_status]", "present")
    assert page.locator(f"select[name=att_{els_code}_role]").input_value() == "jim"
    page.get_by_label("Ingebrachte zorgen").fill("Ruzies 's avonds")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Netwerkbijeenkomst NB1")).to_be_visible()
    assert NetworkMeeting.objects.get().attendances.count() == 3

    # Printed genogram and circle: rendered to PDF by chromium, names readable in the text layer.
    for path, names in (("genogram/print/", ["Sarah Verbeke", "Lotte Claes"]), ("circle/print/", ["Els Verbeke"])):
        page.goto(f"{base}/{path}")
        page.emulate_media(media="print")
        expect(page.locator(".print-toolbar")).to_be_hidden()
        expect(page.locator("[style]")).to_have_count(0)  # strict CSP: no inline styles in the drawings
        size = page.locator(".g-label, .c-label").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 12
        pdf = tmp_path / (path.replace("/", "_") + ".pdf")
        page.pdf(path=str(pdf), format="A4")
        assert pdf.stat().st_size > 5_000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            for name in names:
                assert name in text
        page.emulate_media(media="screen")
    # The base layout's htmx still injects one indicator <style> per page (reported to the lead); anything
    # else — a script error, a blocked resource — is ours and fails the test.
    assert [e for e in page.console_errors if "inline style" not in e] == []

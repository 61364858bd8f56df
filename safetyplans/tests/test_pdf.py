"""The Words & Pictures PDF: child-friendly, A4, and unable to make the server fetch anything."""

from __future__ import annotations

import http.server
import io
import threading

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safetyplans import services
from safetyplans.pdf import PICTURE_PREFIX, STATIC_PREFIX, RefusedURL, SafeFetcher, render_story_pdf
from safetyplans.selectors import story_with_pages
from safetyplans.tests.factories import WordsAndPicturesFactory, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def spy_server():
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_html_in_story_text_fetches_nothing_and_is_printed_literally(case, worker, spy_server):
    port, hits = spy_server
    evil = f"<img src=http://127.0.0.1:{port}/leak.png>"
    story = WordsAndPicturesFactory(
        case=case,
        who_is_worried=f"Nadia {evil}",
        what_happened=f'<link rel=stylesheet href="http://127.0.0.1:{port}/x.css">',
    )
    services.story_add_page(story=story, actor=worker, text=f"Pagina {evil}")
    pdf = render_story_pdf(story_with_pages(story))
    assert hits == []
    text = _text(pdf)
    assert f"127.0.0.1:{port}/leak.png" in text
    assert "<img" in text


def test_pdf_is_a4_with_page_x_of_y_and_the_picture(case, worker):
    story = WordsAndPicturesFactory(case=case, title="Het verhaal van Lotte en Milan")
    services.story_add_page(story=story, actor=worker, text="Lotte tekende een zon.", upload=png_upload())
    pdf = render_story_pdf(story_with_pages(story))
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2
    total = len(reader.pages)
    text = _text(pdf)
    assert f"pagina 1 van {total}" in text
    assert "Het verhaal van Lotte en" in text and "Wie maakt zich zorgen?" in text
    assert any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)  # the drawing is in


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/x.png",
        "https://example.org/x.css",
        "data:image/png;base64,iVBORw0KGgo=",
        STATIC_PREFIX + "../../cocon/settings.py",
        STATIC_PREFIX + "css/cocon.css",
        PICTURE_PREFIX + "unknown",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_but_allowlisted_files(url):
    fetcher = SafeFetcher({})
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_serves_allowlisted_static_from_memory():
    response = SafeFetcher().fetch(STATIC_PREFIX + "safetyplans/print.css")
    assert b"@page" in response.read()


def test_worker_downloads_the_pdf(client_for, worker, case):
    story = WordsAndPicturesFactory(case=case)
    response = client_for(worker).get(reverse("safety-story-pdf", kwargs={"case_code": case.code, "code": story.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_other_team_cannot_print_the_story(client_for, worker_other, case):
    story = WordsAndPicturesFactory(case=case)
    url = reverse("safety-story-pdf", kwargs={"case_code": case.code, "code": story.code})
    assert client_for(worker_other).get(url).status_code == 404


def test_worker_prints_the_three_column_map_and_user_html_stays_text(
    client_for, worker, consultant_shared, case, spy_server
):
    from safetyplans.tests.factories import MappingFactory, MappingItemFactory

    port, hits = spy_server
    mapping = MappingFactory(case=case, safety_score=4)
    MappingItemFactory(mapping=mapping, text=f"<img src=http://127.0.0.1:{port}/kaart.png> ruzie")
    target = reverse("safety-map-pdf", kwargs={"case_code": case.code, "map_code": mapping.code})
    response = client_for(worker).get(target)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Wat gaat er goed?" in text and f"127.0.0.1:{port}/kaart.png" in text.replace("\n", "")
    assert hits == []
    assert client_for(consultant_shared).get(target).status_code == 200


# --- the printed safety plan (issue 8) -----------------------------------------------------------------


def _plan_url(case, plan, name="safety-plan-pdf", **kwargs):
    return reverse(name, kwargs={"case_code": case.code, "code": plan.code, **kwargs})


def test_second_print_of_a_definitive_plan_is_the_stored_file_without_reading_its_agreements(
    client_for, case, worker, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safetyplans.tests.factories import plan_in_status

    plan = plan_in_status(case, agreements=2)
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van het bewaren")
    client = client_for(worker)
    first = client.get(_plan_url(case, plan, document="family"))
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(_plan_url(case, plan, document="family"))
    assert second.status_code == 200 and second.content == first.content
    assert not [q["sql"] for q in ctx.captured_queries if "safetyplans_agreement" in q["sql"]]


def test_second_print_of_a_network_members_sheet_is_the_stored_file_without_reading_agreements(
    client_for, case, worker, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safetyplans.tests.factories import plan_in_status

    plan = plan_in_status(case, agreements=1)
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van het bewaren")
    member = plan.agreements.get().monitor_network
    client = client_for(worker)
    target = _plan_url(case, plan, name="safety-plan-sheet-pdf", person_code=member.code)
    first = client.get(target)
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(target)
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert not [q["sql"] for q in ctx.captured_queries if "safetyplans_agreement" in q["sql"]]


def test_printed_plan_html_links_only_our_stylesheet_and_keeps_typed_html_as_text(case):
    import datetime

    from safetyplans.pdf import plan_pdf_html
    from safetyplans.tests.factories import AgreementFactory, SafetyPlanFactory

    plan = SafetyPlanFactory(case=case)
    agreement = AgreementFactory(plan=plan, text='<img src="http://example.invalid/a.png"> Rita belt')
    html = plan_pdf_html(plan, [agreement], document="family", printed_on=datetime.date(2025, 6, 16))
    assert f'<link rel="stylesheet" href="{STATIC_PREFIX}safetyplans/plan-print.css">' in html
    assert "&lt;img src=&quot;http://example.invalid/a.png&quot;&gt; Rita belt" in html
    assert '<img src="http://example.invalid' not in html


def test_font_subsetting_library_is_named():
    from safetyplans.pdf import font_subsetter

    assert font_subsetter() in ("HarfBuzz", "fontTools")


def test_printed_plan_names_the_people_responsible_as_a_family_reads_them(case):
    import datetime

    from cases.tests.factories import PersonFactory
    from safetyplans.pdf import plan_pdf_html
    from safetyplans.tests.factories import AgreementFactory, SafetyPlanFactory

    plan = SafetyPlanFactory(case=case)
    agreement = AgreementFactory(plan=plan, text="Elke avond brengt een volwassene Milan naar bed.")
    agreement.responsible.add(
        PersonFactory(case=case, first_name="Kevin"), PersonFactory(case=case, first_name="Sarah")
    )
    html = plan_pdf_html(plan, [agreement], document="family", printed_on=datetime.date(2025, 6, 16))
    assert "Kevin, Sarah" in html

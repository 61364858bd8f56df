"""Safety plan pages (issue 8): what each person may do, and the bad input of the issue."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse

from conftest import open_case_page
from safetyplans import services
from safetyplans.models import Agreement, AgreementCheck, PlanStatus, SafetyPlan

from .factories import AgreementFactory, SafetyPlanFactory, plan_in_status

pytestmark = pytest.mark.django_db


def url(name, case, **kwargs):
    return reverse(name, kwargs={"case_code": case.code, **kwargs})


def agreement_post(case, worker, **overrides):
    data = {
        "text": "Kevin gaat naar Dieter als de spanning oploopt.",
        "monitor_professional": worker.pk,
        "frequency": "each_time",
        "status": "active",
        "check_method": "sms",
    }
    data.update(overrides)
    return data


def test_worker_adds_agreement_to_draft(client_for, case, worker):
    plan = SafetyPlanFactory(case=case)
    response = client_for(worker).post(
        url("safety-agreement-create", case, code=plan.code), agreement_post(case, worker)
    )
    assert response.status_code == 302
    assert plan.agreements.get().text.startswith("Kevin")


@pytest.mark.parametrize("missing", ["monitor_professional", "frequency"])
def test_agreement_without_monitor_or_frequency_shows_dutch_error(client_for, case, worker, missing):
    plan = SafetyPlanFactory(case=case)
    response = client_for(worker).post(
        url("safety-agreement-create", case, code=plan.code), agreement_post(case, worker, **{missing: ""})
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in " ".join(response.context["form"].errors[missing])
    assert not Agreement.objects.exists()


def test_five_megabytes_of_text_is_a_quick_form_error(client_for, case, worker):
    plan = SafetyPlanFactory(case=case)
    started = time.monotonic()
    response = client_for(worker).post(
        url("safety-agreement-create", case, code=plan.code), agreement_post(case, worker, text="x" * 5_000_000)
    )
    assert time.monotonic() - started < 30
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_stale_draft_save_shows_conflict_and_keeps_input(client_for, case, worker, co_worker):
    plan = SafetyPlanFactory(case=case)
    opened = plan.version
    services.plan_update(plan=plan, actor=co_worker, expected_version=opened, fields={"change_now": "Van Wout"})
    response = client_for(worker).post(
        url("safety-plan-edit", case, code=plan.code), {"kind": "main", "change_now": "Mijn tekst", "version": opened}
    )
    assert response.status_code == 409
    assert "Mijn tekst" in response.content.decode()
    assert SafetyPlan.objects.get(pk=plan.pk).change_now == "Van Wout"


def test_definitive_without_approved_review_is_refused(client_for, case, worker):
    plan = plan_in_status(case)
    response = client_for(worker).post(url("safety-plan-finalise", case, code=plan.code), {"on": "2025-04-09"})
    assert response.status_code == 200
    assert "pas definitief" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_consultant_asks_changes_per_agreement(client_for, case, worker, consultant_shared):
    plan = plan_in_status(case)
    services.plan_submit(plan=plan, actor=worker)
    agreement = plan.agreements.get()
    response = client_for(consultant_shared).post(
        url("safety-plan-review", case, code=plan.code),
        {"decision": "changes", f"a_{agreement.code}": "Ook een sms aan Sarah."},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert agreement.comments.get().text == "Ook een sms aan Sarah."


def test_worker_cannot_decide_review_and_consultant_cannot_edit(client_for, case, worker, consultant_shared):
    plan = plan_in_status(case)
    services.plan_submit(plan=plan, actor=worker)
    assert (
        client_for(worker).post(url("safety-plan-review", case, code=plan.code), {"decision": "approve"}).status_code
        == 403
    )
    response = client_for(consultant_shared).post(
        url("safety-agreement-create", case, code=plan.code), agreement_post(case, worker)
    )
    assert response.status_code == 403


def test_other_team_gets_404_and_anonymous_is_sent_to_login(client, client_for, case, worker_other):
    plan = plan_in_status(case)
    assert client_for(worker_other).get(url("safety-plan-detail", case, code=plan.code)).status_code == 404
    assert client.get(url("safety-plan-detail", case, code=plan.code)).status_code == 302


def test_html_in_fields_is_printed_literally_and_nothing_fetched(client_for, case, worker, monkeypatch):
    from safetyplans import pdf

    refused = []
    original = pdf.SafeFetcher.fetch

    def spy(self, url, headers=None):
        try:
            return original(self, url, headers)
        except pdf.RefusedURL:
            refused.append(url)
            raise

    monkeypatch.setattr(pdf.SafeFetcher, "fetch", spy)
    plan = SafetyPlanFactory(case=case, red_flags='<img src="http://127.0.0.1:9/x.png"> <b>vet</b>')
    AgreementFactory(plan=plan, text="<img src=http://example.invalid/a.png>", child_text="<script>x</script>")
    page = client_for(worker).get(url("safety-plan-detail", case, code=plan.code)).content.decode()
    assert "&lt;img src=http://example.invalid/a.png&gt;" in page
    response = client_for(worker).get(url("safety-plan-pdf", case, code=plan.code, document="family"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    child = client_for(worker).get(url("safety-plan-pdf", case, code=plan.code, document="child"))
    assert child.status_code == 200
    assert not [u for u in refused if "example.invalid" in u or "127.0.0.1" in u]


def test_definitive_pdf_is_stored_once_and_served_from_storage(client_for, case, worker, coordinator, settings):
    plan = plan_in_status(case)
    services.plan_finalise(
        plan=plan, actor=coordinator, override_reason="Test van het bewaren", on=datetime.date(2025, 4, 9)
    )
    client = client_for(worker)
    first = client.get(url("safety-plan-pdf", case, code=plan.code, document="family"))
    stored = list((settings.MEDIA_ROOT / "cases" / str(case.code) / "plans").glob("*.pdf"))
    assert len(stored) == 1
    stored[0].write_bytes(b"%PDF-stored")
    second = client.get(url("safety-plan-pdf", case, code=plan.code, document="family"))
    assert first.content.startswith(b"%PDF") and second.content == b"%PDF-stored"


def test_member_sheet_holds_only_their_agreements(client_for, case, worker):
    import io

    from pypdf import PdfReader

    plan = SafetyPlanFactory(case=case)
    mine = AgreementFactory(plan=plan, text="Rita belt elke avond om zeven uur")
    AgreementFactory(plan=plan, text="Marc opent de deur voor Lotte")
    response = client_for(worker).get(
        url("safety-plan-sheet-pdf", case, code=plan.code, person_code=mine.monitor_network.code)
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rita belt" in text and "Marc opent" not in text
    assert "VOORLOPIG" in text


def test_worker_logs_check_on_behalf_of_network_monitor(client_for, case, worker, coordinator):
    plan = plan_in_status(case)
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van de opvolging")
    agreement = plan.agreements.get()
    response = client_for(worker).post(
        url("safety-check-create", case, agreement_code=agreement.code),
        {
            "checked_on": "2025-05-10",
            "on_behalf_of": agreement.monitor_network.pk,
            "source": "message",
            "outcome": "kept",
            "child_safe": "on",
            "what_happened": "Kevin ging naar Dieter",
        },
    )
    assert response.status_code == 302
    assert AgreementCheck.objects.get().on_behalf_of == agreement.monitor_network
    page = client_for(worker).get(url("safety-monitoring", case)).content.decode()
    assert "Kevin ging naar Dieter" in page


def test_bottom_line_incident_shows_flag(client_for, case, worker):
    response = client_for(worker).post(
        url("safety-incident-create", case),
        {
            "occurred_on": "2025-05-24",
            "description": "Sarah dronk alleen met de kinderen",
            "bottom_line_breached": "on",
        },
    )
    assert response.status_code == 302
    page = client_for(worker).get(url("safety-plan-list", case)).content.decode()
    assert "Ondergrens niet gehaald" in page


def test_case_page_shows_bottom_line_flag(client_for, case, worker):
    services.incident_record(
        case=case,
        actor=worker,
        fields={"occurred_on": datetime.date(2025, 5, 24), "description": "x", "bottom_line_breached": True},
    )
    page = open_case_page(client_for(worker), case)
    assert "Ondergrens niet gehaald (24/05/2025)" in page


def test_plan_page_query_count_does_not_grow_with_agreements(client_for, case, worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safetyplans.models import PlanComment

    client = client_for(worker)
    plan = plan_in_status(case, agreements=1)
    PlanComment.objects.create(plan=plan, agreement=plan.agreements.get(), text="Wie belt Dieter?")
    with CaptureQueriesContext(connection) as few:
        client.get(url("safety-plan-detail", case, code=plan.code))
    for _n in range(6):
        agreement = AgreementFactory(plan=plan)
        PlanComment.objects.create(plan=plan, agreement=agreement, text=f"Opmerking bij {agreement.number}")
        PlanComment.objects.create(plan=plan, text=f"Algemeen {_n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url("safety-plan-detail", case, code=plan.code)).content.decode()
    assert len(many) == len(few) <= 15
    # Each comment once, under its own agreement or with the general ones; the review link shows.
    assert html.count("Wie belt Dieter?") == 1 and html.count("Algemeen 5") == 1
    assert reverse("safety-plan-review", kwargs={"case_code": case.code, "code": plan.code}) in html


def test_worker_records_paper_signature_with_scan_and_svg_is_refused(client_for, case, worker, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safetyplans.models import PlanSignOff

    from .factories import png_upload

    plan = plan_in_status(case)
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van de handtekeningen")
    client = client_for(worker)
    data = {"signer_role": "parent", "name": "Sarah", "signed_on": "2025-04-09", "method": "paper"}
    svg = SimpleUploadedFile("scan.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml")
    refused = client.post(url("safety-plan-sign", case, code=plan.code), {**data, "scan": svg})
    assert (refused.status_code == 200 and "scan" in refused.context["form"].errors) or refused.context["form"].errors
    assert not PlanSignOff.objects.exists()
    response = client.post(url("safety-plan-sign", case, code=plan.code), {**data, "scan": png_upload("scan.png")})
    assert response.status_code == 302
    sign_off = PlanSignOff.objects.get()
    download = client.get(url("safety-plan-signature-download", case, code=plan.code, sign_off_code=sign_off.code))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_conflict_page_shows_saved_choices_in_dutch_not_their_codes(client_for, case, worker, co_worker):
    import re

    plan = SafetyPlanFactory(case=case)
    agreement = AgreementFactory(plan=plan, frequency="weekly", check_frequency="monthly")
    opened = agreement.version
    services.agreement_update(
        agreement=agreement, actor=co_worker, expected_version=opened, fields={"text": "Van Wout"}
    )
    response = client_for(worker).post(
        url("safety-agreement-edit", case, code=plan.code, agreement_code=agreement.code),
        {**agreement_post(case, worker, frequency="daily", text="Mijn tekst"), "version": opened},
    )
    assert response.status_code == 409
    saved = re.search(r'<details class="mb-3 sp-current".*?</details>', response.content.decode(), re.S).group(0)
    assert '<dd class="sp-pre">wekelijks</dd>' in saved and '<dd class="sp-pre">maandelijks</dd>' in saved
    assert '<dd class="sp-pre">actief</dd>' in saved
    for code in ("weekly", "monthly", "active"):
        assert f">{code}<" not in saved
    assert "Mijn tekst" in response.content.decode()

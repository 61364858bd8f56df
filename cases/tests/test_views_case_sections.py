"""The case page's sections (summary panels, lists and panels further down, timeline): loaded by the page with
htmx, each a read of the case file of its own (gate, audit), and a page of their own without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.tests.factories import EvaluationFactory, FollowUpHelpFactory
from cocon.audit.models import AuditEvent, Outcome
from conftest import open_case_page

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _section(case, name: str) -> str:
    return reverse("cases-section", kwargs={"code": case.code, "section": name})


def test_case_page_loads_its_three_sections(client_for, worker, case):
    page = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    for name in ("summary", "details", "timeline"):
        assert f'hx-get="{_section(case, name)}"' in page
        assert f'<a href="{_section(case, name)}">' in page  # the way in without JavaScript


def test_worker_sees_the_evaluations_and_follow_up_in_the_details_section(client_for, worker, case):
    EvaluationFactory(case=case, outcome="Mama houdt zich aan de avondafspraak")
    FollowUpHelpFactory(case=case, provider="CGG Eclips")
    body = client_for(worker).get(_section(case, "details"), headers=HTMX).content.decode()
    assert "Mama houdt zich aan de avondafspraak" in body
    assert "CGG Eclips" in body
    assert "<html" not in body  # a fragment for the page, not a page


def test_without_javascript_a_section_is_a_dutch_page_with_the_way_back(client_for, worker, case):
    body = client_for(worker).get(_section(case, "timeline")).content.decode()
    assert "<html" in body
    assert f">{case.family_name}</h1>" in body and f"Wat er gebeurde · {case.family_name}" in body
    assert f'href="{reverse("cases-detail", kwargs={"code": case.code})}"' in body
    assert "Aanmelding ontvangen" in body


def test_each_section_request_is_audited_once_as_a_read_of_the_case(client_for, worker, case):
    client = client_for(worker)
    for name in ("summary", "details", "timeline"):
        client.get(_section(case, name), headers=HTMX)
        event = AuditEvent.objects.get(action=f"cases.case.{name}.viewed")
        assert event.actor == worker and event.case_code == case.code and event.outcome == Outcome.SUCCESS


def test_opening_the_case_page_as_a_browser_does_writes_one_audit_row_per_request(client_for, worker, case):
    open_case_page(client_for(worker), case)
    actions = sorted(AuditEvent.objects.filter(case_code=case.code).values_list("action", flat=True))
    assert actions == [
        "cases.case.details.viewed",
        "cases.case.summary.viewed",
        "cases.case.timeline.viewed",
        "cases.case.viewed",
    ]


def test_another_workers_case_section_is_not_found(client_for, worker, other_case):
    for name in ("summary", "details", "timeline"):
        assert client_for(worker).get(_section(other_case, name), headers=HTMX).status_code == 404


def test_anonymous_section_request_goes_to_login(client, case):
    response = client.get(_section(case, "timeline"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_section_is_not_found(client_for, worker, case):
    assert client_for(worker).get(_section(case, "everything"), headers=HTMX).status_code == 404

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.tests.factories import PersonFactory
from cocon.audit.models import AuditEvent
from network.models import NetworkAnalysis
from network.selectors import register_goal_links

from .factories import NetworkMemberFactory, RelationshipFactory


def url(name, case, **kw):
    return reverse(name, kwargs={"case_code": case.code, **kw})


@pytest.mark.django_db
def test_safety_circle_places_members_on_their_ring(client_for, coordinator, case):
    PersonFactory(case=case, first_name="Lotte")
    NetworkMemberFactory(case=case, circle_ring="inner")
    NetworkMemberFactory(case=case, circle_ring="outer", network_type="formal")
    NetworkMemberFactory(case=case, circle_ring="excluded")
    response = client_for(coordinator).get(url("network-circle", case))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="c-spot') == 2  # excluded is listed, not drawn
    assert "Lotte" in body
    assert AuditEvent.objects.filter(action="network.circle.viewed").count() == 1


@pytest.mark.django_db
def test_circle_print_page_and_forbidden_for_other_team(client_for, worker, worker_other, case):
    assert client_for(worker).get(url("network-circle-print", case)).status_code == 200
    assert client_for(worker_other).get(url("network-circle-print", case)).status_code == 404


@pytest.mark.django_db
def test_analysis_shows_who_supports_whom_and_what_needs_repair(client_for, worker, case):
    lotte = PersonFactory(case=case, first_name="Lotte", is_household=True)
    rita = NetworkMemberFactory(case=case, action="use", influence="positive")
    rita.supports.add(lotte)
    jens = NetworkMemberFactory(case=case, action="restore", influence="ambivalent")
    RelationshipFactory(case=case, kind="ex_partner", quality="conflict")
    response = client_for(worker).get(url("network-analysis", case))
    view = response.context["view"]
    assert (lotte, [rita]) in view.supporters_of
    assert rita in view.activate_now and jens in view.needs_repair
    assert len(view.strained_relations) == 1
    assert view.goal_rows is None


@pytest.mark.django_db
def test_analysis_shows_goal_links_when_the_safety_plan_app_provides_them(client_for, worker, case, monkeypatch):
    from network import selectors

    member = NetworkMemberFactory(case=case)
    monkeypatch.setattr(selectors, "_GOAL_LINK_PROVIDERS", [])
    register_goal_links(lambda c: {member.pk: ["VD2"]})
    response = client_for(worker).get(url("network-analysis", case))
    assert (member, ["VD2"]) in response.context["view"].goal_rows


@pytest.mark.django_db
def test_worker_writes_a_network_analysis(client_for, worker, case):
    response = client_for(worker).post(
        url("network-analysis", case),
        {"date": "2025-04-01", "summary": "Het gezin leek geïsoleerd", "social_support_level": "sufficient"},
    )
    assert response.status_code == 302
    assert NetworkAnalysis.objects.get().case == case


@pytest.mark.django_db
def test_analysis_without_summary_is_refused(client_for, worker, case):
    response = client_for(worker).post(url("network-analysis", case), {"date": "2025-04-01", "summary": ""})
    assert response.status_code == 200
    assert not NetworkAnalysis.objects.exists()


@pytest.mark.django_db
def test_consultant_reads_but_cannot_write_the_analysis(client_for, consultant_shared, case):
    client = client_for(consultant_shared)
    assert client.get(url("network-analysis", case)).status_code == 200
    assert client.post(url("network-analysis", case), {"summary": "x", "date": "2025-04-01"}).status_code == 403
    assert not NetworkAnalysis.objects.exists()

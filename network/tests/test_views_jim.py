from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cases.tests.factories import PersonFactory
from conftest import open_case_page
from network.models import JimCandidate, JimDesignation

from .factories import JimCandidateFactory, JimSearchFactory, NetworkMemberFactory


def url(name, case, **kw):
    return reverse(name, kwargs={"case_code": case.code, **kw})


@pytest.mark.django_db
def test_worker_follows_the_jim_search(client_for, worker, case):
    PersonFactory(case=case, first_name="Lotte")
    response = client_for(worker).get(url("network-jim", case))
    assert response.status_code == 200
    assert "Lotte" in response.content.decode()


@pytest.mark.django_db
def test_consultant_reads_the_jim_page_but_cannot_name_candidates(client_for, consultant_shared, case):
    search = JimSearchFactory(case=case)
    client = client_for(consultant_shared)
    assert client.get(url("network-jim", case)).status_code == 200
    assert client.get(url("network-jim-candidate-create", case, search_code=search.code)).status_code == 403
    assert client.post(url("network-jim-designate", case, search_code=search.code), {}).status_code == 403


@pytest.mark.django_db
def test_other_team_gets_404_on_the_jim_pages(client_for, worker_other, case):
    search = JimSearchFactory(case=case)
    client = client_for(worker_other)
    assert client.get(url("network-jim", case)).status_code == 404
    assert client.get(url("network-jim-designate", case, search_code=search.code)).status_code == 404


@pytest.mark.django_db
def test_search_of_another_case_is_404_through_my_case(client_for, worker, case, other_case):
    theirs = JimSearchFactory(case=other_case)
    assert client_for(worker).get(url("network-jim-designate", case, search_code=theirs.code)).status_code == 404


@pytest.mark.django_db
def test_proposing_a_professional_shows_a_warning_and_saves_nothing(client_for, worker, case):
    search = JimSearchFactory(case=case)
    teacher = NetworkMemberFactory(case=case, network_type="formal", relation="teacher")
    client = client_for(worker)
    data = {"member": teacher.code, "named_on": "2025-03-13"}
    response = client.post(url("network-jim-candidate-create", case, search_code=search.code), data)
    assert response.status_code == 200
    assert "alert-warning" in response.content.decode()
    assert not JimCandidate.objects.exists()
    response = client.post(
        url("network-jim-candidate-create", case, search_code=search.code), {**data, "confirm_professional": "on"}
    )
    assert response.status_code == 302
    assert JimCandidate.objects.get().professional_confirmed


@pytest.mark.django_db
def test_candidate_from_another_case_is_not_a_choice(client_for, worker, case, other_case):
    search = JimSearchFactory(case=case)
    stranger = NetworkMemberFactory(case=other_case)
    response = client_for(worker).post(
        url("network-jim-candidate-create", case, search_code=search.code),
        {"member": stranger.code, "named_on": "2025-03-13"},
    )
    assert response.status_code == 200
    assert not JimCandidate.objects.exists()


@pytest.mark.django_db
def test_worker_updates_a_candidate_to_sounded_out(client_for, worker, case):
    candidate = JimCandidateFactory(search=JimSearchFactory(case=case))
    client = client_for(worker)
    assert client.get(url("network-jim-candidate-edit", case, candidate_code=candidate.code)).status_code == 200
    response = client.post(
        url("network-jim-candidate-edit", case, candidate_code=candidate.code),
        {"status": "polled", "asked_on": "2025-03-14"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "polled" and candidate.asked_on == datetime.date(2025, 3, 14)


@pytest.mark.django_db
def test_designation_without_parental_consent_is_refused_with_reason(client_for, worker, case):
    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case)
    response = client_for(worker).post(
        url("network-jim-designate", case, search_code=search.code),
        {"member": els.code, "designated_on": "2025-03-18", "jim_consent": "on", "jim_consent_on": "2025-03-14"},
    )
    assert response.status_code == 200
    assert "parents_consent" in response.context["form"].errors
    assert not JimDesignation.objects.exists()


@pytest.mark.django_db
def test_worker_designates_a_jim_with_both_consents(client_for, worker, case):
    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case)
    response = client_for(worker).post(
        url("network-jim-designate", case, search_code=search.code),
        {
            "member": els.code,
            "designated_on": "2025-03-18",
            "jim_consent": "on",
            "jim_consent_on": "2025-03-14",
            "parents_consent": "on",
            "parents_consent_on": "2025-03-18",
            "parents_consent_note": "Sarah ja, Kevin akkoord",
        },
    )
    assert response.status_code == 302
    assert JimDesignation.objects.get().jim == els


@pytest.mark.django_db
def test_case_page_shows_each_childs_jim_state(client_for, worker, case):
    PersonFactory(case=case, first_name="Milan")
    body = open_case_page(client_for(worker), case)
    assert "panel-jim-title" in body
    assert "Milan" in body


@pytest.mark.django_db
def test_case_page_flags_a_child_without_jim_after_35_days(client_for, worker, case):
    case.started_on = datetime.date.today() - datetime.timedelta(days=40)
    case.save()
    JimSearchFactory(case=case, opened_on=case.started_on)
    body = open_case_page(client_for(worker), case)
    assert "Nog geen JIM — te laat" in body


@pytest.mark.django_db
def test_worker_pauses_a_search_and_changes_who_chooses(client_for, worker, case):
    search = JimSearchFactory(case=case)
    page = url("network-jim-search-edit", case, search_code=search.code)
    client = client_for(worker)
    assert client.get(page).status_code == 200
    assert client.post(page, {"chooser": "child_with_parents", "status": "paused"}).status_code == 302
    search.refresh_from_db()
    assert (search.chooser, search.status) == ("child_with_parents", "paused")


@pytest.mark.django_db
def test_search_cannot_be_marked_designated_without_a_designation(client_for, worker, case):
    search = JimSearchFactory(case=case)
    response = client_for(worker).post(
        url("network-jim-search-edit", case, search_code=search.code), {"chooser": "child", "status": "designated"}
    )
    assert response.status_code == 200
    search.refresh_from_db()
    assert search.status == "open"


@pytest.mark.django_db
def test_consultant_cannot_change_the_search(client_for, consultant_shared, case):
    search = JimSearchFactory(case=case)
    response = client_for(consultant_shared).post(
        url("network-jim-search-edit", case, search_code=search.code), {"chooser": "parents", "status": "paused"}
    )
    assert response.status_code == 403
    search.refresh_from_db()
    assert search.status == "open"

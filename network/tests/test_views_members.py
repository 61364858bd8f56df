from __future__ import annotations

import pytest
from django.urls import reverse

from cases.tests.factories import PersonFactory
from network.models import NetworkMember

from .factories import NetworkMemberFactory


def url(name, case, **kw):
    return reverse(name, kwargs={"case_code": case.code, **kw})


@pytest.mark.django_db
def test_worker_sees_the_network_of_their_case(client_for, worker, case):
    member = NetworkMemberFactory(case=case)
    response = client_for(worker).get(url("network-home", case))
    assert response.status_code == 200
    assert member.person.first_name in response.content.decode()


@pytest.mark.django_db
def test_visiting_the_network_opens_the_jim_search(client_for, worker, case):
    child = PersonFactory(case=case)
    client_for(worker).get(url("network-home", case))
    assert child.jim_search.opened_on == case.started_on


@pytest.mark.django_db
def test_other_team_cannot_see_the_network(client_for, worker_other, case):
    assert client_for(worker_other).get(url("network-home", case)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, case):
    response = client.get(url("network-home", case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_worker_adds_a_network_member(client_for, worker, case):
    child = PersonFactory(case=case)
    response = client_for(worker).post(
        url("network-member-create", case),
        {
            "first_name": "Rita",
            "last_name": "Verbeke",
            "network_type": "informal",
            "relation": "grandparent",
            "influence": "positive",
            "circle_ring": "inner",
            "roles": ["safety_person", "jim"],
            "support_types": ["practical"],
            "action": "use",
            f"child_{child.code}": "oma",
            "supports": [str(child.code)],
        },
    )
    assert response.status_code == 302
    member = NetworkMember.objects.get(person__first_name="Rita")
    assert member.case == case and member.child_relations == {str(child.code): "oma"}
    assert list(member.supports.all()) == [child]


@pytest.mark.django_db
def test_consultant_cannot_add_a_network_member(client_for, consultant_shared, case):
    client = client_for(consultant_shared)
    assert client.get(url("network-member-create", case)).status_code == 403
    response = client.post(url("network-member-create", case), {"first_name": "X", "network_type": "informal"})
    assert response.status_code == 403
    assert not NetworkMember.objects.exists()


@pytest.mark.django_db
def test_tampered_supports_code_of_another_case_is_refused(client_for, worker, case, other_case):
    stranger = PersonFactory(case=other_case, is_household=True)
    response = client_for(worker).post(
        url("network-member-create", case),
        {
            "first_name": "Rita",
            "network_type": "informal",
            "relation": "grandparent",
            "influence": "positive",
            "supports": [str(stranger.code)],
        },
    )
    assert response.status_code == 200
    assert not NetworkMember.objects.exists()


@pytest.mark.django_db
def test_worker_edits_a_member_and_a_stale_form_is_a_conflict(client_for, worker, case):
    member = NetworkMemberFactory(case=case)
    client = client_for(worker)
    data = {
        "first_name": "Els",
        "network_type": "informal",
        "relation": "aunt_uncle",
        "influence": "positive",
        "version": 1,
    }
    assert client.get(url("network-member-edit", case, member_code=member.code)).status_code == 200
    assert client.post(url("network-member-edit", case, member_code=member.code), data).status_code == 302
    response = client.post(url("network-member-edit", case, member_code=member.code), {**data, "first_name": "Oud"})
    assert response.status_code == 409
    assert "Oud" in response.content.decode()  # the user's input is kept
    member.refresh_from_db()
    assert member.person.first_name == "Els"


@pytest.mark.django_db
def test_member_of_another_case_cannot_be_edited_through_my_case(client_for, worker, case, other_case):
    theirs = NetworkMemberFactory(case=other_case)
    assert client_for(worker).get(url("network-member-edit", case, member_code=theirs.code)).status_code == 404

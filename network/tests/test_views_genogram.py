from __future__ import annotations

import pytest
from django.urls import reverse

from cases.tests.factories import PersonFactory
from network.models import Relationship

from .factories import AdultFactory, RelationshipFactory


def url(name, case, **kw):
    return reverse(name, kwargs={"case_code": case.code, **kw})


@pytest.mark.django_db
def test_genogram_is_drawn_from_the_relations(client_for, supervisor, case):
    sarah = AdultFactory(case=case, first_name="Sarah", gender="f", is_household=True, family_role="mother")
    lotte = PersonFactory(case=case, first_name="Lotte", gender="f")
    RelationshipFactory(case=case, from_person=sarah, to_person=lotte, kind="parent_of", quality="close")
    response = client_for(supervisor).get(url("network-genogram", case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "Sarah" in body and "Lotte" in body
    assert "g-q-close" in body and "g-household" in body


@pytest.mark.django_db
def test_genogram_print_page_is_readable_by_the_consultant(client_for, consultant_shared, case):
    AdultFactory(case=case, is_household=True, family_role="mother")
    response = client_for(consultant_shared).get(url("network-genogram-print", case))
    assert response.status_code == 200 and "<svg" in response.content.decode()


@pytest.mark.django_db
def test_other_team_gets_404_for_the_genogram(client_for, coordinator_other, case):
    assert client_for(coordinator_other).get(url("network-genogram", case)).status_code == 404


@pytest.mark.django_db
def test_worker_adds_a_relation(client_for, worker, case):
    a, b = AdultFactory(case=case), AdultFactory(case=case)
    response = client_for(worker).post(
        url("network-relation-create", case),
        {"from_person": a.code, "kind": "partner", "to_person": b.code, "quality": "conflict", "since": 2018},
    )
    assert response.status_code == 302
    assert Relationship.objects.get().quality == "conflict"


@pytest.mark.django_db
def test_tampered_post_pointing_at_another_cases_person_is_refused(client_for, worker, case, other_case):
    mine = AdultFactory(case=case)
    theirs = AdultFactory(case=other_case)
    response = client_for(worker).post(
        url("network-relation-create", case), {"from_person": mine.code, "kind": "partner", "to_person": theirs.code}
    )
    assert response.status_code == 200
    assert "is_invalid" in response.content.decode() or "invalid" in response.content.decode()
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_relation_with_oneself_shows_a_message(client_for, worker, case):
    a = AdultFactory(case=case)
    response = client_for(worker).post(
        url("network-relation-create", case), {"from_person": a.code, "kind": "partner", "to_person": a.code}
    )
    assert response.status_code == 200
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_consultant_cannot_add_or_remove_relations(client_for, consultant_shared, case):
    relation = RelationshipFactory(case=case)
    client = client_for(consultant_shared)
    assert client.post(url("network-relation-create", case), {}).status_code == 403
    assert client.post(url("network-relation-delete", case, relation_code=relation.code)).status_code == 403
    assert Relationship.objects.count() == 1


@pytest.mark.django_db
def test_worker_removes_a_relation_but_not_one_of_another_case(client_for, worker, case, other_case):
    mine = RelationshipFactory(case=case)
    theirs = RelationshipFactory(case=other_case)
    client = client_for(worker)
    assert client.get(url("network-relation-delete", case, relation_code=mine.code)).status_code == 405
    assert client.post(url("network-relation-delete", case, relation_code=theirs.code)).status_code == 404
    assert client.post(url("network-relation-delete", case, relation_code=mine.code)).status_code == 302
    assert list(Relationship.objects.all()) == [theirs]


@pytest.mark.django_db
def test_worker_adds_a_family_member_for_the_genogram(client_for, worker, case):
    response = client_for(worker).post(
        url("network-person-create", case), {"first_name": "Roger", "gender": "m", "deceased": "on"}
    )
    assert response.status_code == 302
    assert case.persons.get(first_name="Roger").deceased


@pytest.mark.django_db
def test_family_member_without_name_is_refused(client_for, worker, case):
    before = case.persons.count()
    response = client_for(worker).post(url("network-person-create", case), {"first_name": ""})
    assert response.status_code == 200
    assert case.persons.count() == before


@pytest.mark.django_db
def test_printing_the_genogram_is_recorded_as_a_read(client_for, worker, case):
    from cocon.audit.models import AuditEvent

    client_for(worker).get(url("network-genogram-print", case))
    event = AuditEvent.objects.get(action="network.genogram.printed")
    assert event.case_code == case.code

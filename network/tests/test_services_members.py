from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import Person
from cases.tests.factories import PersonFactory
from cocon.audit.models import AuditEvent
from network import services
from network.models import NetworkMember
from network.selectors import network_members_for_case

from .factories import AdultFactory, NetworkMemberFactory

FIELDS = {
    "network_type": "informal",
    "relation": "grandparent",
    "relation_text": "oma",
    "circle_ring": "inner",
    "knows_worries": "all",
    "influence": "positive",
    "support_types": ["practical", "emotional"],
    "roles": ["safety_person", "monitor"],
    "action": "use",
    "availability": "elke dag",
}


@pytest.mark.django_db
def test_worker_adds_a_new_person_to_the_network(case, worker):
    child = PersonFactory(case=case)
    member = services.network_member_create(
        actor=worker,
        case=case,
        person_fields={"first_name": "Rita", "last_name": "Verbeke", "phone": "0470 12 34 56"},
        member_fields={**FIELDS, "child_relations": {str(child.code): "oma"}},
        supports=[child],
    )
    assert member.person.case == case and member.person.first_name == "Rita"
    assert member.roles == ["safety_person", "monitor"]
    assert list(member.supports.all()) == [child]
    event = AuditEvent.objects.get(action="network.member.created")
    assert "Rita" not in str(event.data)


@pytest.mark.django_db
def test_an_existing_person_of_another_case_cannot_join_the_network(case, other_case, worker):
    stranger = AdultFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.network_member_create(actor=worker, case=case, person=stranger, member_fields=FIELDS)
    assert not NetworkMember.objects.exists()


@pytest.mark.django_db
def test_unknown_roles_are_refused(case, worker):
    with pytest.raises(ValidationError):
        services.network_member_create(
            actor=worker, case=case, person_fields={"first_name": "X"}, member_fields={**FIELDS, "roles": ["boss"]}
        )
    assert not Person.objects.filter(first_name="X").exists()


@pytest.mark.django_db
def test_stale_edit_is_refused_and_nothing_is_overwritten(case, worker):
    member = NetworkMemberFactory(case=case)
    services.network_member_update(
        actor=worker,
        member=member,
        version=1,
        person_fields={"first_name": "Eerst"},
        member_fields={"availability": "a"},
    )
    with pytest.raises(services.StaleVersionError):
        services.network_member_update(
            actor=worker, member=member, version=1, person_fields={"first_name": "Later"}, member_fields={}
        )
    member.refresh_from_db()
    assert member.person.first_name == "Eerst" and member.version == 2


@pytest.mark.django_db
def test_members_selector_runs_a_constant_number_of_queries(case, django_assert_max_num_queries):
    for _ in range(5):
        m = NetworkMemberFactory(case=case)
        m.supports.add(PersonFactory(case=case))
    with django_assert_max_num_queries(2):
        members = list(network_members_for_case(case))
        for m in members:
            str(m.person)
            list(m.supports.all())

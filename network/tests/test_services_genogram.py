from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.tests.factories import PersonFactory
from cocon.audit.models import AuditEvent
from network import services
from network.models import RelationKind, Relationship

from .factories import AdultFactory


@pytest.mark.django_db
def test_worker_records_a_parent_child_relation(case, worker):
    mother = AdultFactory(case=case, first_name="Sarah")
    child = PersonFactory(case=case, first_name="Lotte")
    relation = services.relationship_create(
        actor=worker, case=case, from_person=mother, kind=RelationKind.PARENT_OF, to_person=child
    )
    assert relation.case == case
    event = AuditEvent.objects.get(action="network.relationship.created")
    assert "Sarah" not in str(event.data) and "Lotte" not in str(event.data)


@pytest.mark.django_db
def test_relation_to_a_person_of_another_case_is_impossible(case, other_case, worker):
    mine = AdultFactory(case=case)
    theirs = AdultFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.relationship_create(
            actor=worker, case=case, from_person=mine, kind=RelationKind.PARTNER, to_person=theirs
        )
    with pytest.raises(ValidationError):
        services.relationship_create(
            actor=worker, case=case, from_person=theirs, kind=RelationKind.PARTNER, to_person=mine
        )
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_model_refuses_a_relation_across_cases_even_without_the_service(case, other_case):
    relation = Relationship(
        case=case,
        from_person=AdultFactory(case=case),
        kind=RelationKind.SIBLING,
        to_person=AdultFactory(case=other_case),
    )
    with pytest.raises(ValidationError) as exc:
        relation.full_clean()
    assert "to_person" in exc.value.error_dict


@pytest.mark.django_db
def test_a_person_has_no_relation_with_themselves(case, worker):
    person = AdultFactory(case=case)
    with pytest.raises(ValidationError):
        services.relationship_create(
            actor=worker, case=case, from_person=person, kind=RelationKind.PARTNER, to_person=person
        )


@pytest.mark.django_db
def test_worker_adds_a_deceased_grandfather_for_the_genogram(case, worker):
    person = services.genogram_person_create(
        actor=worker, case=case, fields={"first_name": "Roger", "deceased": True, "family_role": "", "gender": "m"}
    )
    assert person.case == case and person.deceased
    assert AuditEvent.objects.filter(action="network.genogram_person.created").count() == 1


@pytest.mark.django_db
def test_removing_a_relation_is_audited(case, worker):
    relation = services.relationship_create(
        actor=worker,
        case=case,
        from_person=AdultFactory(case=case),
        kind=RelationKind.PARTNER,
        to_person=AdultFactory(case=case),
    )
    services.relationship_delete(actor=worker, relationship=relation)
    assert not Relationship.objects.exists()
    assert AuditEvent.objects.filter(action="network.relationship.deleted").count() == 1

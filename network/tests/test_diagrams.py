from __future__ import annotations

import datetime

import pytest

from cases.tests.factories import PersonFactory
from network.diagrams import genogram_layout, genogram_people, safety_circle_layout
from network.models import Relationship

from .factories import AdultFactory, NetworkMemberFactory

TODAY = datetime.date(2025, 6, 16)


@pytest.mark.django_db
def test_genogram_survives_contradictory_and_loose_relations(case):
    a, b, c = AdultFactory(case=case, family_role="mother"), AdultFactory(case=case), PersonFactory(case=case)
    relations = [
        Relationship.objects.create(case=case, from_person=a, to_person=b, kind="parent_of"),
        Relationship.objects.create(case=case, from_person=b, to_person=a, kind="parent_of"),  # impossible, still drawn
        Relationship.objects.create(case=case, from_person=a, to_person=c, kind="partner", quality="cut_off"),
        Relationship.objects.create(case=case, from_person=c, to_person=b, kind="other", quality="conflict"),
    ]
    loose = PersonFactory(case=case)  # a child nobody is related to
    persons = genogram_people([a, b, c, loose], relations)
    drawing = genogram_layout(persons, relations, TODAY)
    assert len(drawing.nodes) == 4
    assert drawing.width >= 740 and drawing.height > 0


@pytest.mark.django_db
def test_empty_genogram_says_so():
    assert genogram_layout([], [], TODAY).empty


@pytest.mark.django_db
def test_circle_spreads_members_over_their_rings(case):
    child = PersonFactory(case=case)
    inner = [NetworkMemberFactory(case=case, circle_ring="inner") for _ in range(3)]
    NetworkMemberFactory(case=case, circle_ring="")
    drawing = safety_circle_layout([*inner], [child], set())
    centre = drawing.centre
    radii = {round(((s.x - centre) ** 2 + (s.y + 8 - centre) ** 2) ** 0.5) for s in drawing.spots}
    assert len(drawing.spots) == 3 and len(radii) == 1  # all on the same ring
    assert len({(s.x, s.y) for s in drawing.spots}) == 3  # nobody on top of someone else

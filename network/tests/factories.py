from __future__ import annotations

import datetime

import factory

from cases.models import FamilyRole, Gender, Person
from cases.tests.factories import CaseFactory, PersonFactory
from network.models import (
    JimCandidate,
    JimSearch,
    MeetingPurpose,
    NetworkMeeting,
    NetworkMember,
    RelationKind,
    Relationship,
)


class AdultFactory(PersonFactory):
    first_name = factory.Sequence(lambda n: f"Volwassene{n}")
    birth_date = datetime.date(1980, 1, 1)
    family_role = FamilyRole.NONE
    is_household = False
    is_index_child = False
    gender = Gender.FEMALE


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    case = factory.SubFactory(CaseFactory)
    person = factory.LazyAttribute(lambda o: AdultFactory(case=o.case))
    network_type = "informal"
    relation = "aunt_uncle"
    circle_ring = "inner"
    influence = "positive"
    action = "use"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    case = factory.SubFactory(CaseFactory)
    from_person = factory.LazyAttribute(lambda o: AdultFactory(case=o.case))
    to_person = factory.LazyAttribute(lambda o: PersonFactory(case=o.case))
    kind = RelationKind.PARENT_OF


class JimSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JimSearch

    case = factory.SubFactory(CaseFactory)
    child = factory.LazyAttribute(lambda o: PersonFactory(case=o.case))
    opened_on = factory.LazyAttribute(lambda o: o.case.started_on or datetime.date.today())
    chooser = "child"


class JimCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JimCandidate

    search = factory.SubFactory(JimSearchFactory)
    member = factory.LazyAttribute(lambda o: NetworkMemberFactory(case=o.search.case))
    named_on = factory.LazyFunction(datetime.date.today)


class NetworkMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMeeting

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    purpose = MeetingPurpose.MAPPING
    date = factory.LazyFunction(datetime.date.today)
    location = "Bij oma thuis"


def child_of(case, **kwargs) -> Person:
    return PersonFactory(case=case, **kwargs)

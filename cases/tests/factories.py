from __future__ import annotations

import datetime

import factory

from cases.models import (
    Case,
    CaseStatus,
    Contact,
    ContactType,
    Evaluation,
    EvaluationType,
    FamilyRole,
    FollowUpHelp,
    FollowUpStatus,
    FollowUpType,
    Person,
)
from cocon.accounts.tests.factories import TeamFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"COC-2025-{n:04d}")
    family_name = factory.Sequence(lambda n: f"Gezin Test{n}")
    team = factory.SubFactory(TeamFactory)
    status = CaseStatus.ACTIVE
    referred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    started_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=28))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory)
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    last_name = "Test"
    birth_date = datetime.date(2015, 5, 1)
    is_household = True
    family_role = FamilyRole.CHILD
    is_index_child = True


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    case = factory.SubFactory(CaseFactory)
    type = EvaluationType.PERIODIC
    planned_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    author = factory.LazyAttribute(lambda o: o.case.lead_worker)
    type = ContactType.HOME_VISIT
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    start_time = datetime.time(10, 0)
    duration_minutes = 60


class FollowUpHelpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpHelp

    case = factory.SubFactory(CaseFactory)
    type = FollowUpType.RTJ
    provider = "CAW Oost-Vlaanderen"
    status = FollowUpStatus.DECIDED

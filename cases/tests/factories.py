from __future__ import annotations

import datetime
import uuid

import factory
from django.utils import timezone

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


def referral_form_data(**overrides: object) -> dict:
    """What a coördinator types into the referral form (new or edit): a family with one child, Lien."""
    data = {
        "family_name": "Gezin Peeters",
        "referred_on": timezone.localdate().isoformat(),
        "referral_source": "ocj",
        "legal_framework": "mano",
        "placement_threat": "threatening",
        "concern_summary": "Politie-interventies",
        "region": "Oost-Vlaanderen",
        "youth_judge": "",
        "urgency": "normal",
        "channel": "mail",
        "m_document_ref": "MANO-1",
        "judgement_ref": "",
        "requested_start": "",
        "prior_help": "",
        "consent_parents": "",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "8",
        "children-0-first_name": "Lien",
        "children-0-last_name": "Peeters",
        "children-0-birth_date": "2016-04-02",
        "children-0-gender": "f",
    }
    data.update(overrides)
    return data


def contact_form_data(**overrides: object) -> dict:
    """What a worker fills in on the phone contact form: a home visit of an hour, three hours ago."""
    start = (timezone.localtime() - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "type": "home_visit",
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "duration_minutes": "60",
    }
    data.update(overrides)
    return data

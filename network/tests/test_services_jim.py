from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from cases.tests.factories import PersonFactory
from network import services
from network.models import (
    CandidateStatus,
    JimChooser,
    JimDesignation,
    JimPresence,
    JimSearch,
    JimSearchStatus,
)
from network.selectors import jim_overview

from .factories import JimSearchFactory, NetworkMemberFactory

TODAY = datetime.date(2025, 6, 16)


@pytest.mark.django_db
def test_jim_search_opens_on_the_first_day_for_each_child_with_chooser_by_age(case, worker):
    case.started_on = datetime.date(2025, 3, 5)
    case.save()
    lotte = PersonFactory(case=case, birth_date=datetime.date(2014, 9, 14))
    milan = PersonFactory(case=case, birth_date=datetime.date(2020, 10, 3))
    unknown = PersonFactory(case=case, birth_date=None)
    created = services.jim_searches_ensure(case, actor=worker)
    assert len(created) == 3
    searches = {s.child_id: s for s in JimSearch.objects.all()}
    assert searches[lotte.pk].chooser == JimChooser.CHILD
    assert searches[milan.pk].chooser == JimChooser.PARENTS
    assert searches[unknown.pk].chooser == JimChooser.CHILD_WITH_PARENTS
    assert {s.opened_on for s in searches.values()} == {datetime.date(2025, 3, 5)}
    # Idempotent: a second visit opens nothing new.
    assert services.jim_searches_ensure(case, actor=worker) == []


@pytest.mark.django_db
def test_closed_case_gets_no_new_search(case, worker):
    case.status = "closed"
    case.save()
    PersonFactory(case=case)
    assert services.jim_searches_ensure(case, actor=worker) == []


@pytest.mark.django_db
def test_professional_proposed_as_jim_needs_confirmation(case, worker):
    search = JimSearchFactory(case=case)
    teacher = NetworkMemberFactory(case=case, network_type="formal", relation="teacher")
    with pytest.raises(ValidationError) as exc:
        services.jim_candidate_add(actor=worker, search=search, member=teacher, named_on=TODAY)
    assert "professional" in str(exc.value)
    assert not search.candidates.exists()
    candidate = services.jim_candidate_add(
        actor=worker, search=search, member=teacher, named_on=TODAY, professional_confirmed=True
    )
    assert candidate.professional_confirmed


@pytest.mark.django_db
def test_candidate_of_another_case_is_refused(case, other_case, worker):
    search = JimSearchFactory(case=case)
    stranger = NetworkMemberFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.jim_candidate_add(actor=worker, search=search, member=stranger, named_on=TODAY)


@pytest.mark.django_db
def test_designation_without_parental_consent_is_refused_with_reason(case, worker):
    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case)
    with pytest.raises(ValidationError) as exc:
        services.jim_designate(
            actor=worker,
            search=search,
            member=els,
            designated_on=TODAY,
            parents_consent=False,
            parents_consent_on=None,
            jim_consent=True,
        )
    assert "parents_consent" in exc.value.error_dict
    assert "akkoord van de ouders" in str(exc.value.error_dict["parents_consent"])
    assert not JimDesignation.objects.exists()
    search.refresh_from_db()
    assert search.status == JimSearchStatus.OPEN


@pytest.mark.django_db
def test_designation_needs_the_jims_own_agreement(case, worker):
    search = JimSearchFactory(case=case)
    with pytest.raises(ValidationError) as exc:
        services.jim_designate(
            actor=worker,
            search=search,
            member=NetworkMemberFactory(case=case),
            designated_on=TODAY,
            parents_consent=True,
            parents_consent_on=TODAY,
            jim_consent=False,
        )
    assert "jim_consent" in exc.value.error_dict


@pytest.mark.django_db
def test_designation_with_both_consents_closes_the_search(case, worker):
    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case, roles=["monitor"])
    services.jim_candidate_add(actor=worker, search=search, member=els, named_on=TODAY)
    designation = services.jim_designate(
        actor=worker,
        search=search,
        member=els,
        designated_on=TODAY,
        parents_consent=True,
        parents_consent_on=TODAY,
        jim_consent=True,
        jim_consent_on=TODAY,
    )
    search.refresh_from_db()
    els.refresh_from_db()
    assert search.status == JimSearchStatus.DESIGNATED and search.closed_on == TODAY
    assert "jim" in els.roles and "monitor" in els.roles
    assert search.candidates.get().status == CandidateStatus.AGREED
    assert designation.parents_consent and designation.jim_consent


@pytest.mark.django_db
def test_child_without_jim_after_35_days_is_flagged(case):
    case.started_on = TODAY - datetime.timedelta(days=40)
    case.save()
    search = JimSearchFactory(case=case, opened_on=TODAY - datetime.timedelta(days=35))
    fresh = JimSearchFactory(case=case, opened_on=TODAY - datetime.timedelta(days=34))
    items = {i.child.pk: i for i in jim_overview(case, TODAY)}
    assert items[search.child.pk].overdue
    assert not items[fresh.child.pk].overdue


@pytest.mark.django_db
@override_settings(COCON_JIM_OVERDUE_DAYS=10)
def test_overdue_threshold_is_configurable(case):
    search = JimSearchFactory(case=case, opened_on=TODAY - datetime.timedelta(days=10))
    assert jim_overview(case, TODAY)[0].overdue
    assert search


@pytest.mark.django_db
def test_safety_plan_app_records_jim_presence(case, worker):
    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case)
    designation = services.jim_designate(
        actor=worker,
        search=search,
        member=els,
        designated_on=TODAY,
        parents_consent=True,
        parents_consent_on=TODAY,
        jim_consent=True,
    )
    presence = services.jim_presence_record(
        actor=worker, case=case, child=search.child, context="danger_statement", on=TODAY, object_code="ds-1"
    )
    services.jim_presence_record(
        actor=worker, case=case, child=search.child, context="danger_statement", on=TODAY, object_code="ds-1"
    )
    designation.refresh_from_db()
    assert presence is not None and JimPresence.objects.count() == 1
    assert designation.involved_in_danger_statement
    # A child without JIM: nothing to record.
    assert (
        services.jim_presence_record(
            actor=worker, case=case, child=PersonFactory(case=case), context="safety_plan", on=TODAY
        )
        is None
    )


@pytest.mark.django_db
def test_case_that_has_not_started_has_no_jim_search_yet(case, worker):
    case.started_on = None
    case.status = "referred"
    case.save()
    PersonFactory(case=case)
    assert services.jim_searches_ensure(case, actor=worker) == []

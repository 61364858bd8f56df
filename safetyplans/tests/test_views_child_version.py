"""The child-friendly version discussed with the children (R-PLAN-CHILDVERSION, DOMAIN §5.16)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cocon.audit.models import AuditEvent
from safetyplans.models import PlanStatus, SafetyPlan

from .factories import plan_in_status

pytestmark = pytest.mark.django_db


def url(name, case, plan):
    return reverse(name, kwargs={"case_code": case.code, "code": plan.code})


def test_worker_records_the_day_the_children_heard_their_version(client_for, case, worker):
    plan = plan_in_status(case, PlanStatus.ACTIVE, finalised_on=datetime.date(2025, 4, 9))
    client = client_for(worker)
    page = client.get(url("safety-plan-detail", case, plan)).content.decode()
    assert "Nog niet besproken met de kinderen." in page
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # the date defaults to today
    response = client.post(url("safety-plan-child-version", case, plan), {"on": "2025-04-09"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.child_version_shared_on == datetime.date(2025, 4, 9)
    event = AuditEvent.objects.get(action="safetyplans.plan.child_version_shared")
    assert event.data["on"] == "2025-04-09"
    page = client.get(url("safety-plan-detail", case, plan)).content.decode()
    assert "Besproken met de kinderen op 09/04/2025." in page


def test_a_day_in_the_future_is_refused_in_dutch(client_for, case, worker):
    plan = plan_in_status(case, PlanStatus.FINAL)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(worker).post(url("safety-plan-child-version", case, plan), {"on": f"{tomorrow:%Y-%m-%d}"})
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert SafetyPlan.objects.get(pk=plan.pk).child_version_shared_on is None


def test_a_day_before_the_plan_was_definitive_is_refused(client_for, case, worker):
    plan = plan_in_status(case, PlanStatus.FINAL, finalised_on=datetime.date(2025, 4, 9))
    response = client_for(worker).post(url("safety-plan-child-version", case, plan), {"on": "2025-04-01"})
    assert response.status_code == 200
    assert "vóór het plan definitief werd" in response.content.decode()
    assert SafetyPlan.objects.get(pk=plan.pk).child_version_shared_on is None


def test_a_draft_has_no_child_version_to_discuss(client_for, case, worker):
    plan = plan_in_status(case)
    page = client_for(worker).get(url("safety-plan-detail", case, plan)).content.decode()
    assert 'id="child-version"' not in page
    response = client_for(worker).post(url("safety-plan-child-version", case, plan), {"on": "2025-04-09"})
    assert response.status_code == 200
    assert "zodra het plan definitief is" in response.content.decode()
    assert SafetyPlan.objects.get(pk=plan.pk).child_version_shared_on is None


def test_consultant_reads_the_date_but_may_not_record_it(client_for, case, consultant_shared, worker_other):
    plan = plan_in_status(case, PlanStatus.ACTIVE, child_version_shared_on=datetime.date(2025, 4, 9))
    consultant = client_for(consultant_shared)
    page = consultant.get(url("safety-plan-detail", case, plan)).content.decode()
    assert "Besproken met de kinderen op 09/04/2025." in page
    assert 'name="on"' not in page
    assert consultant.post(url("safety-plan-child-version", case, plan), {"on": "2025-04-10"}).status_code == 403
    other = client_for(worker_other).post(url("safety-plan-child-version", case, plan), {"on": "2025-04-10"})
    assert other.status_code == 404
    assert SafetyPlan.objects.get(pk=plan.pk).child_version_shared_on == datetime.date(2025, 4, 9)

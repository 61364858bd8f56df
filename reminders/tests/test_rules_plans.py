"""Rules on plans, agreements, checks and incidents: due, not yet due, resolved by itself.

Skipped while the safety-plan tables have no migration yet (the models land first).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.tests.factories import CaseFactory
from reminders.models import Reminder, Severity, Status
from reminders.services import reminders_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plan_tables(db):
    from reminders.rulebook.plans import _plans_ready

    if not _plans_ready("SafetyPlan", "Agreement", "AgreementCheck", "Incident", "PlanReview", "PlanSignOff"):
        pytest.skip("the safety-plan models have no migration yet")


def _open(code, **filters):
    return Reminder.objects.filter(rule_code=code, status=Status.OPEN, **filters)


def _days(n):
    return timezone.localdate() - timedelta(days=n)


def _plan(case, **fields):
    from safetyplans.models import SafetyPlan

    fields.setdefault("status", "final")
    fields.setdefault("finalised_on", _days(40))
    fields.setdefault("valid_from", _days(40))
    return SafetyPlan.objects.create(case=case, **fields)


def _agreement(plan, number, frequency, user):
    from safetyplans.models import Agreement

    return Agreement.objects.create(
        plan=plan, number=number, text="Afspraak", frequency=frequency, monitor_professional=user
    )


def _check(agreement, day, outcome="kept"):
    from safetyplans.models import AgreementCheck

    return AgreementCheck.objects.create(agreement=agreement, checked_on=day, source="home_visit", outcome=outcome)


@pytest.fixture
def running(team_a, worker):
    return CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(90), started_on=_days(88))


def test_agreement_check_due_per_frequency_then_resolved_by_a_check(running, worker):
    plan = _plan(running)
    monthly = _agreement(plan, 6, "monthly", worker)
    weekly = _agreement(plan, 9, "weekly", worker)
    _check(monthly, _days(29))  # due tomorrow: shows as a heads-up
    _check(weekly, _days(2))  # due in 5 days: not yet
    reminders_sweep()
    reminder = _open("R-CHECK-DUE", object_id=monthly.pk).get()
    assert (reminder.detail, reminder.severity) == ("A6", Severity.INFO)
    assert not _open("R-CHECK-DUE", object_id=weekly.pk).exists()
    _check(monthly, timezone.localdate())
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=monthly.pk).exists()


def test_agreement_check_overdue_two_days_after_due(running, worker):
    agreement = _agreement(_plan(running), 1, "weekly", worker)
    _check(agreement, _days(10))
    reminders_sweep()
    assert _open("R-CHECK-DUE", object_id=agreement.pk).get().severity == Severity.OVERDUE


def test_plan_expiry_is_planned_two_weeks_ahead(running, worker):
    soon = _plan(running, valid_until=timezone.localdate() + timedelta(days=10), label="2.0")
    reminders_sweep()
    reminder = _open("R-PLAN-EXPIRY", object_id=soon.pk).get()
    assert reminder.due_on == soon.valid_until - timedelta(days=14)
    soon.status = "superseded"
    soon.save()
    reminders_sweep()
    assert not _open("R-PLAN-EXPIRY", object_id=soon.pk).exists()


def test_bottom_line_breach_goes_to_worker_coordinator_and_consultant_until_handled(
    running, worker, coordinator, consultant_shared
):
    from safetyplans.models import Incident

    running.consultant = consultant_shared
    running.save()
    incident = Incident.objects.create(case=running, occurred_on=_days(1), description="x", bottom_line_breached=True)
    Incident.objects.create(case=running, occurred_on=_days(1), description="y", bottom_line_breached=False)
    reminders_sweep()
    reminder = _open("R-BOTTOMLINE").get()
    assert reminder.severity == Severity.ESCALATION
    assert set(reminder.recipient_ids) == {worker.pk, coordinator.pk, consultant_shared.pk}
    incident.escalation_closed_on = timezone.localdate()
    incident.save()
    reminders_sweep()
    assert not _open("R-BOTTOMLINE").exists()


def test_unsafe_check_asks_for_an_extra_contact_within_48_hours(running, worker, supervisor):
    import datetime

    from cases.models import Contact

    agreement = _agreement(_plan(running), 2, "weekly", worker)
    _check(agreement, _days(1), outcome="not_kept_unsafe")
    _check(agreement, _days(3), outcome="kept")
    reminders_sweep()
    reminder = _open("R-INCIDENT-REVIEW").get()
    assert supervisor.pk in reminder.recipient_ids
    Contact.objects.create(
        case=running,
        author=worker,
        type="home_visit",
        date=timezone.localdate(),
        start_time=datetime.time(0, 1),
        duration_minutes=1,
    )
    reminders_sweep()
    assert not _open("R-INCIDENT-REVIEW").exists()


def test_definitive_plan_unsigned_after_a_week_and_first_review(running, worker):
    from cases.tests.factories import EvaluationFactory
    from safetyplans.models import PlanSignOff

    plan = _plan(running, finalised_on=_days(8))
    fresh = _plan(CaseFactory(team=running.team, lead_worker=worker), finalised_on=_days(2))
    reminders_sweep()
    assert _open("R-PLAN-SIGN", object_id=plan.pk).exists()
    assert not _open("R-PLAN-SIGN", object_id=fresh.pk).exists()
    assert _open("R-PLAN-FIRSTREVIEW", object_id=plan.pk).get().severity == Severity.OVERDUE
    PlanSignOff.objects.create(plan=plan, signer_role="parent", name="Sarah", signed_on=_days(1))
    EvaluationFactory(case=running, planned_on=timezone.localdate() + timedelta(days=2))
    reminders_sweep()
    assert not _open("R-PLAN-SIGN", object_id=plan.pk).exists()
    assert not _open("R-PLAN-FIRSTREVIEW", object_id=plan.pk).exists()


def test_plan_review_pending_after_five_working_days(running, worker, coordinator):
    from safetyplans.models import PlanReview

    plan = _plan(running, status="in_review", submitted_on=_days(10), finalised_on=None)
    recent = _plan(running, status="in_review", submitted_on=timezone.localdate(), finalised_on=None)
    reminders_sweep()
    assert coordinator.pk in _open("R-REVIEW-PENDING", object_id=plan.pk).get().recipient_ids
    assert not _open("R-REVIEW-PENDING", object_id=recent.pk).exists()
    PlanReview.objects.create(
        plan=plan,
        reviewer_type="gv_consultant",
        reviewer_name="Nadia",
        method="meeting",
        reviewed_on=_days(1),
        result="approved",
    )
    reminders_sweep()
    assert not _open("R-REVIEW-PENDING", object_id=plan.pk).exists()


def test_network_monitor_silent_for_two_periods(running, worker):
    from cases.tests.factories import PersonFactory
    from safetyplans.models import AgreementCheck

    oma = PersonFactory(case=running, family_role="", is_index_child=False, first_name="Oma")
    plan = _plan(running, valid_from=_days(20), finalised_on=_days(20))
    silent = _agreement(plan, 3, "weekly", worker)
    silent.monitor_network = oma
    silent.save()
    fresh = _agreement(plan, 4, "monthly", worker)
    fresh.monitor_network = oma
    fresh.save()
    reminders_sweep()
    assert _open("R-CHECK-MISSED-NETWORK", object_id=silent.pk).exists()
    assert not _open("R-CHECK-MISSED-NETWORK", object_id=fresh.pk).exists()
    AgreementCheck.objects.create(
        agreement=silent, checked_on=_days(1), source="phone", outcome="kept", on_behalf_of=oma
    )
    reminders_sweep()
    assert not _open("R-CHECK-MISSED-NETWORK", object_id=silent.pk).exists()

"""Rules on plans, agreements, checks and incidents: due, not yet due, resolved by itself.

Skipped while the safety-plan tables have no migration yet (the models land first).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.tests.factories import CaseFactory
from reminders.models import Reminder, Severity, Status
from reminders.rulebook import SweepContext, get_rule
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


def _month_before(day):
    from safetyplans.selectors import _add_months

    return _add_months(day, -1)


def test_agreement_check_due_per_frequency_then_resolved_by_a_check(running, worker):
    plan = _plan(running)
    monthly = _agreement(plan, 6, "monthly", worker)
    weekly = _agreement(plan, 9, "weekly", worker)
    tomorrow = timezone.localdate() + timedelta(days=1)
    _check(monthly, _month_before(tomorrow))  # monthly on the same day of the month: due tomorrow, a heads-up
    _check(weekly, _days(2))  # due in 5 days: not yet
    reminders_sweep()
    reminder = _open("R-CHECK-DUE", object_id=monthly.pk).get()
    assert (reminder.detail, reminder.severity, reminder.due_on) == ("A6", Severity.INFO, tomorrow)
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


def test_unsafe_check_recorded_at_a_visit_is_not_followed_up_by_that_same_visit(running, worker):
    import datetime

    from cases.models import Contact

    def visit(day):
        return Contact.objects.create(
            case=running, author=worker, type="home_visit", date=day, start_time=datetime.time(9), duration_minutes=60
        )

    agreement = _agreement(_plan(running), 2, "weekly", worker)
    at_the_visit = _check(agreement, _days(1), outcome="not_kept_unsafe")
    at_the_visit.contact = visit(_days(1))
    at_the_visit.save()
    reminders_sweep()
    assert _open("R-INCIDENT-REVIEW").exists()
    visit(timezone.localdate())
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


def test_weekly_check_shows_the_day_before_fortnightly_four_days_before(running, worker):
    plan = _plan(running)
    weekly = _agreement(plan, 1, "weekly", worker)
    fortnightly = _agreement(plan, 9, "biweekly", worker)
    _check(weekly, _days(5))  # due in 2 days
    _check(fortnightly, _days(10))  # due in 4 days
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=weekly.pk).exists()
    assert _open("R-CHECK-DUE", object_id=fortnightly.pk).get().severity == Severity.INFO
    tomorrow_due = get_rule("R-CHECK-DUE").candidates(
        timezone.localdate() + timedelta(days=1), SweepContext.load(timezone.now(), timezone.localdate())
    )
    assert weekly.pk in {c.obj_id for c in tomorrow_due}


def test_checks_of_the_same_agreement_in_an_earlier_version_count(running, worker):
    old = _plan(running, status="superseded", label="1.0")
    new = _plan(running, label="2.0", finalised_on=_days(10), valid_from=_days(40))
    earlier = _agreement(old, 6, "weekly", worker)
    copy = _agreement(new, 6, "weekly", worker)
    copy.series = earlier.series
    copy.save()
    _check(earlier, _days(3))  # checked last week under v1.0: the copy in v2.0 is not due
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=copy.pk).exists()
    assert get_rule("R-CHECK-DUE").is_resolved(copy)


def test_immediate_agreements_stop_once_the_safety_plan_is_definitive(running, worker):
    immediate = _plan(running, kind="immediate", label="0.1", status="active", finalised_on=_days(60))
    step1 = _agreement(immediate, 1, "weekly", worker)
    reminders_sweep()
    assert _open("R-CHECK-DUE", object_id=step1.pk).exists()
    _plan(running, label="1.0", finalised_on=_days(1), valid_from=_days(1))
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=step1.pk).exists()
    assert get_rule("R-CHECK-DUE").is_resolved(step1)


def test_a_paused_agreement_asks_for_no_check(running, worker):
    agreement = _agreement(_plan(running), 9, "biweekly", worker)
    _check(agreement, _days(20))
    agreement.paused_until = timezone.localdate() + timedelta(days=30)
    agreement.save()
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=agreement.pk).exists()
    assert not _open("R-CHECK-MISSED-NETWORK", object_id=agreement.pk).exists()


def test_network_input_under_an_earlier_version_counts(running, worker):
    from cases.tests.factories import PersonFactory
    from safetyplans.models import AgreementCheck

    oma = PersonFactory(case=running, family_role="", is_index_child=False, first_name="Oma")
    old = _plan(running, status="superseded", label="1.0")
    new = _plan(running, label="2.0", finalised_on=_days(20), valid_from=_days(40))
    earlier = _agreement(old, 5, "weekly", worker)
    copy = _agreement(new, 5, "weekly", worker)
    for agreement in (earlier, copy):
        agreement.monitor_network = oma
        agreement.series = earlier.series
        agreement.save()
    AgreementCheck.objects.create(
        agreement=earlier, checked_on=_days(3), source="phone", outcome="kept", on_behalf_of=oma
    )
    reminders_sweep()
    assert not _open("R-CHECK-MISSED-NETWORK", object_id=copy.pk).exists()


# --- R-PLAN-CHILDVERSION ----------------------------------------------------------------------------


def _child_version_ready():
    from reminders.rulebook import get_rule

    return get_rule("R-PLAN-CHILDVERSION").available()


def test_child_version_asked_a_week_after_the_plan_is_definitive_then_resolved(running, worker):
    if not _child_version_ready():
        pytest.skip("SafetyPlan.child_version_shared_on has no migration yet")
    plan = _plan(running, finalised_on=_days(8), label="1.0")
    fresh = _plan(CaseFactory(team=running.team, lead_worker=worker), finalised_on=_days(3))
    immediate = _plan(
        CaseFactory(team=running.team, lead_worker=worker), kind="immediate", label="0.1", finalised_on=_days(20)
    )
    reminders_sweep()
    reminder = _open("R-PLAN-CHILDVERSION", object_id=plan.pk).get()
    assert reminder.due_on == plan.finalised_on + timedelta(days=7)
    assert (reminder.severity, reminder.recipient_ids, reminder.detail) == (Severity.WARNING, [worker.pk], "v1.0")
    assert reminder.link.endswith(f"/safety/plans/{plan.code}/")
    assert not _open("R-PLAN-CHILDVERSION", object_id=fresh.pk).exists()
    assert not _open("R-PLAN-CHILDVERSION", object_id=immediate.pk).exists()  # step 1 has no child version
    assert reminders_sweep().created == 0
    plan.child_version_shared_on = _days(1)
    plan.save()
    assert get_rule("R-PLAN-CHILDVERSION").is_resolved(plan)
    reminders_sweep()
    assert not _open("R-PLAN-CHILDVERSION", object_id=plan.pk).exists()
    assert reminders_sweep().created == 0


def test_child_version_only_for_the_plan_in_force_and_per_team_threshold(running, worker, team_a):
    if not _child_version_ready():
        pytest.skip("SafetyPlan.child_version_shared_on has no migration yet")
    from reminders.models import ReminderSetting

    old = _plan(running, finalised_on=_days(30), label="1.0", child_version_shared_on=_days(29))
    new = _plan(running, finalised_on=_days(10), label="2.0")
    ReminderSetting.objects.create(team=team_a, rule_code="R-PLAN-CHILDVERSION", days=14)
    reminders_sweep()
    assert not _open("R-PLAN-CHILDVERSION").exists()  # v2.0 is 10 days old, the team allows 14
    ReminderSetting.objects.filter(team=team_a).update(days=7)
    reminders_sweep()
    assert _open("R-PLAN-CHILDVERSION").get().object_id == new.pk
    assert not _open("R-PLAN-CHILDVERSION", object_id=old.pk).exists()
    new.status = "superseded"
    new.save()
    reminders_sweep()
    assert not _open("R-PLAN-CHILDVERSION").exists()


def test_monthly_check_a_few_days_early_counts_for_that_month(running, worker):
    from safetyplans.selectors import _add_months

    plan = _plan(running)
    monthly = _agreement(plan, 2, "monthly", worker)
    anchor_day = timezone.localdate() + timedelta(days=3)
    _check(monthly, _month_before(anchor_day))  # sets the day of the month
    reminders_sweep()
    assert _open("R-CHECK-DUE", object_id=monthly.pk).get().due_on == anchor_day
    _check(monthly, _days(2))  # the weekly visit, five days before the monthly day
    reminders_sweep()
    assert not _open("R-CHECK-DUE", object_id=monthly.pk).exists()
    upcoming = get_rule("R-CHECK-DUE").candidates(
        _add_months(anchor_day, 1), SweepContext.load(timezone.now(), timezone.localdate())
    )
    assert {c.due_on for c in upcoming if c.obj_id == monthly.pk} == {_add_months(anchor_day, 1)}

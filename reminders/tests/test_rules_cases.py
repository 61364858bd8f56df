"""Each rule on the case: due, not yet due, and resolved by itself once the thing is done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Closure, Referral
from cases.tests.factories import CaseFactory, EvaluationFactory
from reminders.models import Severity, Status
from reminders.rulebook import SweepContext, get_rule
from reminders.services import reminders_sweep

pytestmark = pytest.mark.django_db


def _open(code, **filters):
    from reminders.models import Reminder

    return Reminder.objects.filter(rule_code=code, status=Status.OPEN, **filters)


def _candidates(code, today=None):
    today = today or timezone.localdate()
    return list(get_rule(code).candidates(today, SweepContext.load(timezone.now(), today)))


def _days(n):
    return timezone.localdate() - timedelta(days=n)


# --- R-START ---------------------------------------------------------------------------------------


def test_start_not_yet_due_in_the_first_days(team_a, worker):
    CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(3), started_on=None, status="referred")
    reminders_sweep()
    assert not _open("R-START").exists()


def test_start_warns_on_day_five_and_is_overdue_after_day_seven(team_a, worker):
    case = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(5), started_on=None, status="referred")
    reminders_sweep()
    assert _open("R-START", case=case).get().severity == Severity.WARNING
    assert _candidates("R-START", timezone.localdate() + timedelta(days=3))[0].severity == Severity.OVERDUE


def test_start_without_a_worker_goes_to_the_coordinator(team_a, coordinator):
    case = CaseFactory(team=team_a, lead_worker=None, referred_on=_days(8), started_on=None, status="referred")
    reminders_sweep()
    assert _open("R-START", case=case).get().assigned_to == coordinator


def test_start_resolves_when_the_first_contact_is_recorded(team_a, worker):
    from cases.services import case_start

    case = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(9), started_on=None, status="referred")
    reminders_sweep()
    case_start(actor=worker, case=case, started_on=timezone.localdate())
    case.refresh_from_db()
    assert get_rule("R-START").is_resolved(case)
    reminders_sweep()
    assert not _open("R-START", case=case).exists()


# --- R-REFERRAL-DECIDE -----------------------------------------------------------------------------


def test_referral_without_decision_goes_to_the_coordinator_and_resolves_on_decision(team_a, worker, coordinator):
    case = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(3), started_on=None, status="referred")
    referral = Referral.objects.create(case=case, received_on=_days(3), decision="pending")
    reminders_sweep()
    reminder = _open("R-REFERRAL-DECIDE").get()
    assert reminder.assigned_to == coordinator
    assert reminder.severity == Severity.OVERDUE
    referral.decision = "accepted"
    referral.save()
    assert get_rule("R-REFERRAL-DECIDE").is_resolved(referral)
    reminders_sweep()
    assert not _open("R-REFERRAL-DECIDE").exists()


def test_decided_referral_gives_no_reminder(team_a, worker):
    case = CaseFactory(team=team_a, lead_worker=worker)
    Referral.objects.create(case=case, received_on=_days(3), decision="accepted")
    assert _candidates("R-REFERRAL-DECIDE") == []


# --- R-CONSULT -------------------------------------------------------------------------------------


def test_consultant_missing_three_days_after_start(team_a, worker, consultant_shared):
    fresh = CaseFactory(team=team_a, lead_worker=worker, started_on=_days(1), referred_on=_days(2))
    late = CaseFactory(team=team_a, lead_worker=worker, started_on=_days(4), referred_on=_days(5))
    reminders_sweep()
    assert not _open("R-CONSULT", case=fresh).exists()
    assert _open("R-CONSULT", case=late).exists()
    late.consultant = consultant_shared
    late.save()
    reminders_sweep()
    assert not _open("R-CONSULT", case=late).exists()


# --- R-EVAL-* --------------------------------------------------------------------------------------


def test_evaluation_upcoming_is_planned_and_shows_a_week_before(case):
    evaluation = EvaluationFactory(case=case, planned_on=timezone.localdate() + timedelta(days=30))
    reminders_sweep()
    reminder = _open("R-EVAL-UPCOMING", case=case).get()
    assert reminder.due_on == evaluation.planned_on - timedelta(days=7)
    assert reminder.notify_at > timezone.now()  # planned: not delivered yet
    assert not reminder.notifications.exists()


def test_only_the_next_evaluation_is_prepared(case):
    next_one = EvaluationFactory(case=case, planned_on=timezone.localdate() + timedelta(days=30))
    later = EvaluationFactory(case=case, planned_on=timezone.localdate() + timedelta(days=80))
    reminders_sweep()
    assert _open("R-EVAL-UPCOMING", case=case).get().object_id == next_one.pk
    assert get_rule("R-EVAL-UPCOMING").is_resolved(later)  # not asked for while an earlier one comes first
    next_one.held_on = _days(0)
    next_one.planned_on = _days(0)
    next_one.save()
    reminders_sweep()
    assert _open("R-EVAL-UPCOMING", case=case).get().object_id == later.pk
    assert reminders_sweep().created == 0


def test_evaluation_overdue_then_resolved_when_held(case, worker):
    evaluation = EvaluationFactory(case=case, planned_on=_days(2))
    reminders_sweep()
    assert _open("R-EVAL-OVERDUE", case=case).get().severity == Severity.OVERDUE
    assert not _open("R-EVAL-UPCOMING", case=case).exists()
    evaluation.held_on = _days(1)
    evaluation.save()
    reminders_sweep()
    assert not _open("R-EVAL-OVERDUE", case=case).exists()


def test_evaluation_none_planned_after_six_weeks(team_a, worker):
    quiet = CaseFactory(team=team_a, lead_worker=worker, started_on=_days(40), referred_on=_days(41))
    young = CaseFactory(team=team_a, lead_worker=worker, started_on=_days(10), referred_on=_days(11))
    reminders_sweep()
    assert _open("R-EVAL-NONE", case=quiet).exists()
    assert not _open("R-EVAL-NONE", case=young).exists()
    EvaluationFactory(case=quiet, planned_on=timezone.localdate() + timedelta(days=20))
    reminders_sweep()
    assert not _open("R-EVAL-NONE", case=quiet).exists()


# --- R-CLOSE-FOLLOWUP ------------------------------------------------------------------------------


def test_close_followup_three_weeks_before_the_planned_end(team_a, worker):
    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=10))
    far = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=60))
    reminders_sweep()
    assert _open("R-CLOSE-FOLLOWUP", case=case).get().notify_at <= timezone.now()
    assert _open("R-CLOSE-FOLLOWUP", case=far).get().notify_at > timezone.now()  # planned
    Closure.objects.create(
        case=case, closed_on=timezone.localdate(), reason="goals_reached", outcome="other", follow_up_decided=True
    )
    case.status = "closed"
    case.save()
    reminders_sweep()
    assert not _open("R-CLOSE-FOLLOWUP", case=case).exists()


def test_close_followup_resolves_when_follow_up_help_is_decided_not_when_proposed(team_a, worker):
    from cases.models import FollowUpStatus, FollowUpType
    from cases.tests.factories import FollowUpHelpFactory

    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=10))
    help = FollowUpHelpFactory(case=case, type=FollowUpType.RTJ, status=FollowUpStatus.PROPOSED)
    reminders_sweep()
    reminder = _open("R-CLOSE-FOLLOWUP", case=case).get()
    assert reminder.due_on == case.planned_end - timedelta(days=21)
    assert reminder.severity == Severity.OVERDUE
    assert not get_rule("R-CLOSE-FOLLOWUP").is_resolved(case)
    help.status = FollowUpStatus.DECIDED
    help.save()
    assert get_rule("R-CLOSE-FOLLOWUP").is_resolved(case)
    reminders_sweep()
    assert not _open("R-CLOSE-FOLLOWUP", case=case).exists()
    assert reminders_sweep().created == 0  # idempotent: nothing comes back


def test_close_followup_no_follow_up_help_is_a_decision_too(team_a, worker):
    from cases.models import FollowUpType
    from cases.tests.factories import FollowUpHelpFactory

    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=30))
    FollowUpHelpFactory(case=case, type=FollowUpType.NONE, provider="")
    reminders_sweep()
    assert not _open("R-CLOSE-FOLLOWUP", case=case).exists()


def test_close_followup_threshold_is_set_per_team(team_a, worker):
    from reminders.models import ReminderSetting

    ReminderSetting.objects.create(team=team_a, rule_code="R-CLOSE-FOLLOWUP", days=35)
    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=60))
    reminders_sweep()
    assert _open("R-CLOSE-FOLLOWUP", case=case).get().due_on == case.planned_end - timedelta(days=35)


# --- R-CLOSE-ITP -----------------------------------------------------------------------------------


def test_close_itp_asks_for_the_a_document_two_weeks_before_the_end(team_a, worker):
    from cases.models import FollowUpStatus, FollowUpType
    from cases.tests.factories import FollowUpHelpFactory

    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=10))
    nrtj = FollowUpHelpFactory(case=case, type=FollowUpType.NRTJ, provider="MFC De Kade")
    FollowUpHelpFactory(case=case, type=FollowUpType.RTJ)  # directly accessible: no A-document
    dropped = FollowUpHelpFactory(case=case, type=FollowUpType.NRTJ, status=FollowUpStatus.NOT_PURSUED)
    reminders_sweep()
    reminder = _open("R-CLOSE-ITP").get()
    assert (reminder.object_type, reminder.object_id) == ("cases.followuphelp", nrtj.pk)
    assert reminder.due_on == case.planned_end - timedelta(days=14)
    assert reminder.severity == Severity.OVERDUE and reminder.recipient_ids == [worker.pk]
    assert str(nrtj.code) in reminder.link
    assert get_rule("R-CLOSE-ITP").is_resolved(dropped)
    assert reminders_sweep().created == 0
    nrtj.a_document_filed_on = timezone.localdate()
    nrtj.save()
    reminders_sweep()
    assert not _open("R-CLOSE-ITP").exists()
    assert get_rule("R-CLOSE-ITP").is_resolved(nrtj)


def test_close_itp_is_planned_until_two_weeks_before_and_follows_the_team_setting(team_a, worker):
    from cases.models import FollowUpType
    from cases.tests.factories import FollowUpHelpFactory
    from reminders.models import ReminderSetting

    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=60))
    FollowUpHelpFactory(case=case, type=FollowUpType.NRTJ, provider="MFC De Kade")
    reminders_sweep()
    reminder = _open("R-CLOSE-ITP").get()
    assert reminder.notify_at > timezone.now() and not reminder.notifications.exists()  # planned
    ReminderSetting.objects.create(team=team_a, rule_code="R-CLOSE-ITP", days=28)
    reminders_sweep()
    assert _open("R-CLOSE-ITP").get().due_on == case.planned_end - timedelta(days=28)


def test_close_itp_resolves_when_the_follow_up_help_is_removed(team_a, worker):
    from cases.models import FollowUpType
    from cases.services import follow_up_delete
    from cases.tests.factories import FollowUpHelpFactory

    case = CaseFactory(team=team_a, lead_worker=worker, planned_end=timezone.localdate() + timedelta(days=5))
    nrtj = FollowUpHelpFactory(case=case, type=FollowUpType.NRTJ, provider="MFC De Kade")
    reminders_sweep()
    assert _open("R-CLOSE-ITP").exists()
    follow_up_delete(actor=worker, follow_up=nrtj)
    reminders_sweep()
    assert not _open("R-CLOSE-ITP").exists()


# --- R-NO-CONTACT / R-INTENSITY ----------------------------------------------------------------------


def _contact(case, author, day, minutes=60, kind="home_visit"):
    from datetime import time

    from cases.models import Contact

    return Contact.objects.create(
        case=case, author=author, type=kind, date=day, start_time=time(10, 0), duration_minutes=minutes
    )


def test_no_contact_for_a_week_then_resolved_by_a_home_visit(team_a, worker):
    case = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(30), started_on=_days(20))
    recent = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(30), started_on=_days(20))
    _contact(case, worker, _days(9))
    _contact(case, worker, _days(2), kind="consultant_sync")  # not a contact with the family
    _contact(recent, worker, _days(3))
    reminders_sweep()
    assert _open("R-NO-CONTACT", case=case).get().due_on == _days(2)
    assert not _open("R-NO-CONTACT", case=recent).exists()
    _contact(case, worker, _days(0), minutes=30)
    reminders_sweep()
    assert not _open("R-NO-CONTACT", case=case).exists()


def test_intensity_under_target_warns_the_worker_and_escalates_to_the_coordinator(team_a, worker, coordinator):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    ok = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(80), started_on=_days(70))
    low = CaseFactory(team=team_a, lead_worker=worker, referred_on=_days(80), started_on=_days(70))
    for week in range(1, 9):
        _contact(ok, worker, monday - timedelta(weeks=week), minutes=6 * 60)  # start phase target: 6 h
        _contact(low, worker, monday - timedelta(weeks=week), minutes=60)
    reminders_sweep()
    assert not _open("R-INTENSITY", case=ok).exists()
    reminder = _open("R-INTENSITY", case=low).get()
    assert reminder.due_on == monday
    assert reminder.severity == Severity.ESCALATION
    assert coordinator.pk in reminder.recipient_ids
    assert get_rule("R-INTENSITY").is_resolved(ok)
    for week in range(1, 5):
        _contact(low, worker, monday - timedelta(weeks=week) + timedelta(days=1), minutes=6 * 60)
    reminders_sweep()
    assert not _open("R-INTENSITY", case=low).exists()


def test_consultant_sync_after_thirty_days_then_resolved(team_a, worker, consultant_shared):
    case = CaseFactory(
        team=team_a, lead_worker=worker, consultant=consultant_shared, referred_on=_days(60), started_on=_days(50)
    )
    young = CaseFactory(
        team=team_a, lead_worker=worker, consultant=consultant_shared, referred_on=_days(20), started_on=_days(10)
    )
    reminders_sweep()
    assert _open("R-CONSULTANT-SYNC", case=case).exists()
    assert not _open("R-CONSULTANT-SYNC", case=young).exists()
    _contact(case, worker, _days(0), minutes=30, kind="consultant_sync")
    reminders_sweep()
    assert not _open("R-CONSULTANT-SYNC", case=case).exists()


def test_a_report_to_the_consultant_keeps_them_informed(team_a, worker, consultant_shared):
    case = CaseFactory(
        team=team_a, lead_worker=worker, consultant=consultant_shared, referred_on=_days(60), started_on=_days(50)
    )
    reminders_sweep()
    assert _open("R-CONSULTANT-SYNC", case=case).exists()
    EvaluationFactory(case=case, planned_on=None, held_on=_days(3), report_to_consultant_on=_days(1))
    assert get_rule("R-CONSULTANT-SYNC").is_resolved(case)
    reminders_sweep()
    assert not _open("R-CONSULTANT-SYNC", case=case).exists()


def test_report_to_the_consultant_after_an_evaluation(case):
    held = EvaluationFactory(case=case, planned_on=None, held_on=_days(10))
    recent = EvaluationFactory(case=case, planned_on=None, held_on=_days(1))
    reminders_sweep()
    assert _open("R-REPORT", object_id=held.pk).exists()
    assert not _open("R-REPORT", object_id=recent.pk).exists()
    held.report_to_consultant_on = _days(0)
    held.save()
    reminders_sweep()
    assert not _open("R-REPORT", object_id=held.pk).exists()

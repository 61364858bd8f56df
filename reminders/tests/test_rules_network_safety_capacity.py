"""The rules on JIM, network meetings, statements, the child's voice, scaling, analyses and free places:
each one due, not yet due, and resolved by itself once the thing is done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.tests.factories import CaseFactory, PersonFactory
from reminders.models import Reminder, Severity, Status
from reminders.services import reminders_sweep

pytestmark = pytest.mark.django_db


def _open(code, **filters):
    return Reminder.objects.filter(rule_code=code, status=Status.OPEN, **filters)


def _days(n):
    return timezone.localdate() - timedelta(days=n)


def _case(team, worker, started_days_ago):
    return CaseFactory(
        team=team, lead_worker=worker, started_on=_days(started_days_ago), referred_on=_days(started_days_ago + 1)
    )


# --- JIM -------------------------------------------------------------------------------------------


def test_jim_start_for_a_child_without_a_search(team_a, worker):
    from network.tests.factories import JimSearchFactory

    new = _case(team_a, worker, 0)
    PersonFactory(case=new)
    case = _case(team_a, worker, 3)
    child = PersonFactory(case=case)
    reminders_sweep()
    assert not _open("R-JIM-START", case=new).exists()
    assert _open("R-JIM-START", case=case, object_id=child.pk).get().severity == Severity.OVERDUE
    JimSearchFactory(case=case, child=child)
    reminders_sweep()
    assert not _open("R-JIM-START", case=case).exists()


def test_jim_without_candidate_after_two_weeks(team_a, worker):
    from network.tests.factories import JimCandidateFactory, JimSearchFactory

    case = _case(team_a, worker, 20)
    young = JimSearchFactory(case=case, opened_on=_days(5))
    old = JimSearchFactory(case=case, opened_on=_days(15))
    reminders_sweep()
    assert not _open("R-JIM-NOCANDIDATE", object_id=young.pk).exists()
    assert _open("R-JIM-NOCANDIDATE", object_id=old.pk).exists()
    JimCandidateFactory(search=old)
    reminders_sweep()
    assert not _open("R-JIM-NOCANDIDATE", object_id=old.pk).exists()


def test_jim_overdue_goes_to_worker_and_supervisor_and_resolves_when_designated(team_a, worker, supervisor):
    from network.models import JimDesignation
    from network.tests.factories import JimCandidateFactory, JimSearchFactory
    from reminders.models import Notification

    case = _case(team_a, worker, 40)
    search = JimSearchFactory(case=case, opened_on=_days(36))
    recent = JimSearchFactory(case=case, opened_on=_days(30))
    reminders_sweep()
    reminder = _open("R-JIM-OVERDUE", object_id=search.pk).get()
    assert not _open("R-JIM-OVERDUE", object_id=recent.pk).exists()
    assert set(Notification.objects.filter(reminder=reminder).values_list("user_id", flat=True)) == {
        worker.pk,
        supervisor.pk,
    }
    candidate = JimCandidateFactory(search=search)
    JimDesignation.objects.create(
        case=case,
        search=search,
        child=search.child,
        jim=candidate.member,
        designated_on=timezone.localdate(),
        parents_consent=True,
        parents_consent_on=timezone.localdate(),
        jim_consent=True,
    )
    reminders_sweep()
    reminder.refresh_from_db()
    assert reminder.status == Status.RESOLVED


def test_jim_not_invited_to_a_meeting_a_week_away(team_a, worker):
    from network.models import JimDesignation, MeetingAttendance
    from network.tests.factories import JimCandidateFactory, JimSearchFactory, NetworkMeetingFactory

    case = _case(team_a, worker, 40)
    search = JimSearchFactory(case=case, opened_on=_days(30))
    candidate = JimCandidateFactory(search=search)
    JimDesignation.objects.create(
        case=case,
        search=search,
        child=search.child,
        jim=candidate.member,
        designated_on=_days(3),
        parents_consent=True,
        parents_consent_on=_days(3),
        jim_consent=True,
    )
    soon = NetworkMeetingFactory(case=case, date=timezone.localdate() + timedelta(days=5))
    far = NetworkMeetingFactory(case=case, date=timezone.localdate() + timedelta(days=30))
    reminders_sweep()
    assert _open("R-JIM-MEETING", object_id=soon.pk).get().notify_at <= timezone.now()
    assert _open("R-JIM-MEETING", object_id=far.pk).get().notify_at > timezone.now()  # planned
    MeetingAttendance.objects.create(meeting=soon, person=candidate.member.person, role="jim")
    reminders_sweep()
    assert not _open("R-JIM-MEETING", object_id=soon.pk).exists()


def test_first_network_meeting_after_four_weeks(team_a, worker, supervisor):
    from network.tests.factories import NetworkMeetingFactory

    young = _case(team_a, worker, 10)
    case = _case(team_a, worker, 29)
    reminders_sweep()
    assert not _open("R-NM1", case=young).exists()
    reminder = _open("R-NM1", case=case).get()
    assert supervisor.pk in reminder.recipient_ids
    NetworkMeetingFactory(case=case, date=_days(1), status="held")
    reminders_sweep()
    assert not _open("R-NM1", case=case).exists()


# --- statements, child, scaling, analyses ------------------------------------------------------------


def test_provisional_statement_two_weeks_after_start(team_a, worker):
    from safetyplans.tests.factories import DangerStatementFactory

    young = _case(team_a, worker, 5)
    case = _case(team_a, worker, 15)
    DangerStatementFactory(case=case, status="draft")
    reminders_sweep()
    assert not _open("R-DS-PROVISIONAL", case=young).exists()
    assert _open("R-DS-PROVISIONAL", case=case).exists()  # a draft does not count
    DangerStatementFactory(case=case)
    reminders_sweep()
    assert not _open("R-DS-PROVISIONAL", case=case).exists()


def test_final_statement_a_week_after_the_first_meeting(team_a, worker):
    from network.tests.factories import NetworkMeetingFactory
    from safetyplans.tests.factories import DangerStatementFactory

    case = _case(team_a, worker, 40)
    other = _case(team_a, worker, 40)
    NetworkMeetingFactory(case=case, date=_days(9), status="held")
    NetworkMeetingFactory(case=other, date=timezone.localdate() + timedelta(days=3))
    reminders_sweep()
    assert _open("R-DS-FINAL", case=case).get().severity == Severity.OVERDUE
    assert not _open("R-DS-FINAL", case=other).exists()
    DangerStatementFactory(case=case, status="final")
    reminders_sweep()
    assert not _open("R-DS-FINAL", case=case).exists()


def test_child_unheard_after_two_weeks(team_a, worker):
    from safetyplans.tests.factories import ChildConversationFactory

    young = _case(team_a, worker, 3)
    PersonFactory(case=young)
    case = _case(team_a, worker, 15)
    child = PersonFactory(case=case)
    reminders_sweep()
    assert not _open("R-CHILD-UNHEARD", case=young).exists()
    assert _open("R-CHILD-UNHEARD", case=case, object_id=child.pk).exists()
    ChildConversationFactory(case=case, child=child)
    reminders_sweep()
    assert not _open("R-CHILD-UNHEARD", case=case).exists()


def test_words_and_pictures_before_the_first_meeting(team_a, worker):
    from network.tests.factories import NetworkMeetingFactory
    from safetyplans.tests.factories import WordsAndPicturesFactory

    young = _case(team_a, worker, 2)
    case = _case(team_a, worker, 10)
    NetworkMeetingFactory(case=case, date=timezone.localdate() + timedelta(days=2))
    reminders_sweep()
    assert not _open("R-WP-DUE", case=young).exists()
    reminder = _open("R-WP-DUE", case=case).get()
    assert reminder.due_on == timezone.localdate() + timedelta(days=2)
    WordsAndPicturesFactory(case=case, status="shared_with_child", shared_on=timezone.localdate())
    reminders_sweep()
    assert not _open("R-WP-DUE", case=case).exists()


def test_scaling_stale_without_parent_and_consultant_scores(team_a, worker):
    from safetyplans.tests.factories import ScalingScoreFactory

    young = _case(team_a, worker, 10)
    case = _case(team_a, worker, 60)
    ScalingScoreFactory(case=case, voice="parent", date=_days(3))
    reminders_sweep()
    assert not _open("R-SCALE-STALE", case=young).exists()
    assert _open("R-SCALE-STALE", case=case).exists()  # the consultant has not scored
    ScalingScoreFactory(case=case, voice="consultant", date=_days(1))
    reminders_sweep()
    assert not _open("R-SCALE-STALE", case=case).exists()


def test_risk_dialogue_and_competence_analysis(team_a, worker, supervisor):
    from safetyplans.tests.factories import CompetenceAnalysisFactory, RiskAssessmentFactory

    young = _case(team_a, worker, 10)
    case = _case(team_a, worker, 29)
    reminders_sweep()
    assert not _open("R-RISK", case=young).exists()
    assert _open("R-RISK", case=case).exists()
    assert supervisor.pk in _open("R-ANALYSES-START", case=case).get().recipient_ids
    RiskAssessmentFactory(case=case)
    CompetenceAnalysisFactory(case=case)
    reminders_sweep()
    assert not _open("R-RISK", case=case).exists()
    assert not _open("R-ANALYSES-START", case=case).exists()


# --- free places -----------------------------------------------------------------------------------


def test_free_place_due_two_weeks_before_the_planned_end(team_a, worker, coordinator):
    from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory

    case = _case(team_a, worker, 100)
    case.planned_end = timezone.localdate() + timedelta(days=10)
    case.save()
    later = _case(team_a, worker, 50)
    later.planned_end = timezone.localdate() + timedelta(days=60)
    later.save()
    reminders_sweep()
    reminder = _open("R-FREEPLACE-DUE", case=case).get()
    assert reminder.assigned_to == coordinator
    assert _open("R-FREEPLACE-DUE", case=later).get().notify_at > timezone.now()  # planned
    DeclarationFactory(pool=CapacityPoolFactory(team=team_a), source_case=case)
    reminders_sweep()
    assert not _open("R-FREEPLACE-DUE", case=case).exists()


def test_weekly_free_place_check_for_the_coordinator(team_a, coordinator):
    from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory

    pool = CapacityPoolFactory(team=team_a)
    reminders_sweep()
    reminder = _open("R-FREEPLACE-WEEKLY").get()
    assert reminder.case is None
    assert reminder.assigned_to == coordinator
    assert reminder.due_on.weekday() == 0
    DeclarationFactory(pool=pool, declared_on=timezone.localdate())
    reminders_sweep()
    assert not _open("R-FREEPLACE-WEEKLY").exists()


def test_unfilled_declared_place_after_a_week(team_a, coordinator):
    from capacity.models import DeclaredPlace
    from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory

    pool = CapacityPoolFactory(team=team_a)
    fresh = DeclarationFactory(pool=pool, available_from=_days(2), declared_on=_days(20))
    stale = DeclarationFactory(pool=pool, available_from=_days(8), declared_on=_days(20))
    reminders_sweep()
    assert not _open("R-FREEPLACE-UNFILLED", object_id=fresh.place_rows.get().pk).exists()
    place = stale.place_rows.get()
    assert _open("R-FREEPLACE-UNFILLED", object_id=place.pk).exists()
    DeclaredPlace.objects.filter(pk=place.pk).update(status="lapsed", lapsed_on=timezone.localdate())
    reminders_sweep()
    assert not _open("R-FREEPLACE-UNFILLED", object_id=place.pk).exists()


def test_a_planned_declaration_does_not_yet_resolve_the_free_place_reminder(team_a, worker, coordinator):
    from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory

    case = _case(team_a, worker, 100)
    case.planned_end = timezone.localdate() + timedelta(days=10)
    case.save()
    DeclarationFactory(pool=CapacityPoolFactory(team=team_a), source_case=case, status="planned")
    reminders_sweep()
    assert _open("R-FREEPLACE-DUE", case=case).exists()

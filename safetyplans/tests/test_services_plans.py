"""Safety plan workflow (issue 8): drafts, review, the check with the judge/GV, definitive, monitoring."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.tests.factories import PersonFactory
from cocon.audit.models import AuditEvent
from safetyplans import selectors, services
from safetyplans.models import (
    Agreement,
    CheckOutcome,
    CheckSource,
    Frequency,
    PlanStatus,
    ReviewerType,
    ReviewMethod,
    ReviewResult,
    SafetyPlan,
)
from safetyplans.services import StaleVersion

from .factories import AgreementFactory, SafetyPlanFactory, plan_in_status

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 16)


def review_fields(result=ReviewResult.APPROVED, conditions=""):
    return {
        "reviewer_type": ReviewerType.GV_CONSULTANT,
        "reviewer_name": "Nadia",
        "method": ReviewMethod.MEETING,
        "reviewed_on": datetime.date(2025, 4, 2),
        "result": result,
        "conditions": conditions,
    }


def definitive_plan(case, worker, consultant):
    plan = plan_in_status(case, agreements=2)
    services.plan_submit(plan=plan, actor=worker)
    services.plan_consultant_decide(plan=plan, actor=consultant, approve=True)
    services.plan_review_record(plan=plan, actor=worker, fields=review_fields())
    return services.plan_finalise(plan=plan, actor=worker, on=datetime.date(2025, 4, 9))


def test_worker_cannot_save_stale_draft(case, worker, co_worker):
    plan = services.plan_create(case=case, actor=worker, fields={"kind": "main"})
    opened_at = plan.version
    services.plan_update(plan=plan, actor=co_worker, expected_version=opened_at, fields={"change_now": "Eerste"})
    with pytest.raises(StaleVersion):
        services.plan_update(
            plan=SafetyPlan.objects.get(pk=plan.pk),
            actor=worker,
            expected_version=opened_at,
            fields={"change_now": "X"},
        )
    assert SafetyPlan.objects.get(pk=plan.pk).change_now == "Eerste"


def test_agreement_without_monitor_or_frequency_is_refused(case, worker):
    plan = services.plan_create(case=case, actor=worker, fields={"kind": "main"})
    with pytest.raises(ValidationError) as error:
        services.agreement_create(plan=plan, actor=worker, fields={"text": "Iets", "frequency": ""})
    assert set(error.value.message_dict) == {"monitor_professional", "frequency"}
    assert not Agreement.objects.exists()


def test_network_monitor_missing_is_only_a_warning(case, worker):
    plan = services.plan_create(case=case, actor=worker, fields={"kind": "main"})
    agreement = services.agreement_create(
        plan=plan,
        actor=worker,
        fields={"text": "Rita belt", "monitor_professional": worker, "frequency": Frequency.DAILY},
    )
    assert agreement.missing_network_monitor


def test_plan_cannot_become_definitive_without_approved_review(case, worker, consultant_shared):
    plan = plan_in_status(case)
    services.plan_submit(plan=plan, actor=worker)
    services.plan_consultant_decide(plan=plan, actor=consultant_shared, approve=True)
    with pytest.raises(ValidationError):
        services.plan_finalise(plan=plan, actor=worker)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_only_coordinator_overrides_with_reason_and_it_is_audited(case, worker, coordinator):
    plan = plan_in_status(case)
    with pytest.raises(ValidationError):
        services.plan_finalise(plan=plan, actor=worker, override_reason="Dringend, rechter beslist morgen")
    with pytest.raises(ValidationError):
        services.plan_finalise(plan=plan, actor=coordinator)
    plan = services.plan_finalise(plan=plan, actor=coordinator, override_reason="Dringend, rechter beslist morgen")
    assert plan.status == PlanStatus.FINAL and plan.override_by == coordinator
    event = AuditEvent.objects.filter(action="safetyplans.plan.finalised").latest("pk")
    assert event.data == {"override": True}


def test_consultant_asks_changes_with_comment_per_agreement_and_worker_resubmits(case, worker, consultant_shared):
    plan = plan_in_status(case, agreements=2)
    services.plan_submit(plan=plan, actor=worker)
    first = plan.agreements.first()
    with pytest.raises(ValidationError):
        services.plan_consultant_decide(plan=plan, actor=consultant_shared, approve=False)
    plan = services.plan_consultant_decide(
        plan=plan, actor=consultant_shared, approve=False, comments={first: "Dieter stuurt ook een sms aan Sarah."}
    )
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert first.comments.get().text.startswith("Dieter")
    services.agreement_update(
        agreement=first, actor=worker, expected_version=first.version, fields={"text": "Met sms aan Eline en Sarah."}
    )
    assert services.plan_submit(plan=plan, actor=worker).status == PlanStatus.IN_REVIEW


def test_worker_may_not_decide_the_review(case, worker):
    from django.core.exceptions import PermissionDenied

    plan = plan_in_status(case)
    services.plan_submit(plan=plan, actor=worker)
    with pytest.raises(PermissionDenied):
        services.plan_consultant_decide(plan=plan, actor=worker, approve=True)


def test_rejected_check_sends_plan_back(case, worker, consultant_shared):
    plan = plan_in_status(case)
    services.plan_submit(plan=plan, actor=worker)
    services.plan_consultant_decide(plan=plan, actor=consultant_shared, approve=True)
    services.plan_review_record(plan=plan, actor=worker, fields=review_fields(ReviewResult.REJECTED))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGES_REQUESTED


def test_definitive_version_is_never_edited(case, worker, consultant_shared):
    plan = definitive_plan(case, worker, consultant_shared)
    assert len(plan.fingerprint) == 64
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, actor=worker, expected_version=plan.version, fields={"change_now": "X"})
    agreement = plan.agreements.first()
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=agreement, actor=worker, expected_version=1, fields={"text": "X"})


def test_new_version_copies_agreements_and_supersedes_on_finalise(case, worker, consultant_shared, coordinator):
    plan = definitive_plan(case, worker, consultant_shared)
    new = services.plan_new_version(plan=plan, actor=worker, change_note="A4 aangescherpt")
    assert new.label == "1.1" and new.supersedes == plan and new.agreements.count() == 2
    assert set(new.agreements.values_list("series", flat=True)) == set(plan.agreements.values_list("series", flat=True))
    with pytest.raises(ValidationError):
        services.plan_new_version(plan=plan, actor=worker)
    services.plan_finalise(plan=new, actor=coordinator, override_reason="Na incident dringend aangescherpt")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert services.plan_new_version(plan=new, actor=worker, major=True).label == "2.0"


def test_proposed_solutions_become_draft_agreements_in_one_action(case, worker):
    from network.models import NetworkMeeting, ProposedSolution

    meeting = NetworkMeeting.objects.create(
        case=case, number=1, purpose="plan", date=datetime.date(2025, 3, 26), location="Bij Rita"
    )
    dieter = PersonFactory(case=case, first_name="Dieter")
    solutions = [
        ProposedSolution.objects.create(
            case=case, meeting=meeting, number=1, text="Kevin naar Dieter", proposed_by=dieter
        ),
        ProposedSolution.objects.create(case=case, meeting=meeting, number=2, text="Rita belt elke avond"),
    ]
    plan = services.plan_create(case=case, actor=worker, fields={"kind": "main"})
    created = services.agreements_from_solutions(plan=plan, actor=worker, solutions=solutions)
    assert [a.number for a in created] == [1, 2]
    assert list(created[0].responsible.all()) == [dieter]
    assert ProposedSolution.objects.get(pk=solutions[0].pk).agreement_code == created[0].code
    # Doing it twice does not duplicate.
    assert services.agreements_from_solutions(plan=plan, actor=worker, solutions=solutions) == []
    # Imported agreements still need a frequency before review.
    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, actor=worker)


def test_checks_due_follow_frequency_and_earlier_versions(case, worker, coordinator):
    plan = SafetyPlanFactory(case=case, valid_from=datetime.date(2025, 4, 9))
    weekly = AgreementFactory(plan=plan, frequency=Frequency.WEEKLY)
    monthly = AgreementFactory(plan=plan, frequency=Frequency.DAILY, check_frequency=Frequency.MONTHLY)
    paused = AgreementFactory(plan=plan, frequency=Frequency.BIWEEKLY, paused_until=datetime.date(2025, 9, 1))
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van de opvolging", on=plan.valid_from)
    services.check_record(
        agreement=monthly,
        actor=worker,
        fields={"checked_on": datetime.date(2025, 6, 1), "source": CheckSource.PHONE, "outcome": CheckOutcome.KEPT},
    )
    due = dict(selectors.agreement_checks_due(case, TODAY))
    assert due[weekly] == datetime.date(2025, 4, 16)
    assert monthly not in due and paused not in due
    assert dict(selectors.agreement_checks_due(case, datetime.date(2025, 7, 1)))[monthly] == datetime.date(2025, 7, 1)


def test_check_on_behalf_of_network_monitor_with_learning_moment(case, worker, coordinator):
    plan = plan_in_status(case)
    services.plan_finalise(plan=plan, actor=coordinator, override_reason="Test van de opvolging")
    agreement = plan.agreements.get()
    check = services.check_record(
        agreement=agreement,
        actor=worker,
        fields={
            "checked_on": TODAY,
            "source": CheckSource.MESSAGE,
            "outcome": CheckOutcome.NOT_KEPT_CHILD_SAFE,
            "on_behalf_of": agreement.monitor_network,
            "what_helped": "Lotte stuurde een leeg berichtje",
        },
    )
    assert check.on_behalf_of == agreement.monitor_network
    assert selectors.monitoring_log(case) == [check]


def test_bottom_line_incident_is_flagged_until_closed(case, worker):
    incident = services.incident_record(
        case=case,
        actor=worker,
        fields={"occurred_on": TODAY, "description": "Sarah dronk alleen", "bottom_line_breached": True},
    )
    assert list(selectors.open_bottom_line_incidents(case)) == [incident]
    services.incident_close_escalation(incident=incident, actor=worker)
    assert not selectors.open_bottom_line_incidents(case).exists()


def test_compare_shows_changed_agreement(case, worker, consultant_shared):
    plan = definitive_plan(case, worker, consultant_shared)
    new = services.plan_new_version(plan=plan, actor=worker)
    changed = new.agreements.first()
    services.agreement_update(
        agreement=changed, actor=worker, expected_version=changed.version, fields={"text": "Nieuw"}
    )
    comparison = selectors.compare_plans(plan, new)
    assert [row["changed"] for row in comparison["agreements"]] == [True, False]

"""Service-level rules of the cases app."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from cases import services
from cases.models import CaseStatus, PhaseChange, StepStatus
from cases.tests.factories import CaseFactory
from cases.timeline import _SOURCES, TimelineItem, register_timeline_source, timeline_for
from cases.trajectory import STEP_TEXTS, step_evidence, step_title

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_every_case_gets_thirteen_steps_however_it_is_created(case):
    assert sorted(case.steps.values_list("number", flat=True)) == list(range(1, 14))
    services.steps_ensure(case=case)  # idempotent
    assert case.steps.count() == 13


def test_step_titles_are_the_seed_text_in_dutch_and_the_gloss_in_english():
    assert step_title(10, "nl-be") == "De oplossingen toetsen met de jeugdrechter / GV."
    assert step_title(10, "en") == "Check the solutions with the youth judge / mandated agency."
    with override("nl-be"):
        assert step_title(13) == STEP_TEXTS[13][0]


def test_reference_numbers_follow_on_per_year(coordinator):
    fields = {
        "family_name": "Gezin A",
        "referred_on": TODAY(),
        "referral_source": "ocj",
        "legal_framework": "mano",
        "placement_threat": "threatening",
    }
    child = {"first_name": "An", "last_name": "A", "birth_date": datetime.date(2015, 1, 1)}
    first = services.case_register_referral(
        actor=coordinator,
        team=coordinator.team,
        case_fields=fields,
        referral_fields={"received_on": TODAY()},
        children=[child],
    )
    second = services.case_register_referral(
        actor=coordinator,
        team=coordinator.team,
        case_fields={**fields, "family_name": "Gezin B"},
        referral_fields={"received_on": TODAY()},
        children=[child],
    )
    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1


def test_phase_change_to_the_same_phase_is_refused(case, worker):
    with pytest.raises(ValidationError):
        services.phase_change(
            actor=worker, case=case, axis="guidance", to_phase="start", changed_on=TODAY(), reason="x"
        )
    assert not PhaseChange.objects.exists()


def test_phase_change_in_the_future_is_refused(case, worker):
    with pytest.raises(ValidationError):
        services.phase_change(
            actor=worker,
            case=case,
            axis="safety",
            to_phase="stable",
            changed_on=TODAY() + datetime.timedelta(days=1),
            reason="x",
        )


def test_only_a_closed_case_can_be_reopened(case, worker):
    with pytest.raises(ValidationError):
        services.case_reopen(actor=worker, case=case, reason="x")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


def test_revisit_needs_a_finished_step(case, worker):
    with pytest.raises(ValidationError):
        services.step_revisit(actor=worker, step=case.steps.get(number=4))
    assert case.steps.get(number=4).status == StepStatus.NOT_STARTED


def test_step_one_evidence_is_the_start_date(case):
    assert step_evidence(case, 1) == case.started_on
    unstarted = CaseFactory(started_on=None)
    assert step_evidence(unstarted, 1) is False


def test_start_deadline_states(case):
    case.started_on = None
    case.referred_on = TODAY() - datetime.timedelta(days=3)
    assert case.start_state(TODAY()) == "ok"
    assert case.start_state(case.referred_on + datetime.timedelta(days=5)) == "soon"
    assert case.start_state(case.referred_on + datetime.timedelta(days=8)) == "overdue"
    assert case.start_state(case.referred_on + datetime.timedelta(days=15)) == "late"


def test_out_of_target_group_rule_11(case):
    case.referral_source, case.placement_threat = "other", "none"
    assert case.out_of_target_group
    case.referral_source = "sdj"
    assert not case.out_of_target_group


def test_timeline_merges_registered_sources_newest_first(case):
    def source(c):
        return [TimelineItem(when=TODAY(), kind="test.item", title="vandaag")]

    register_timeline_source(source)
    try:
        items = timeline_for(case)
        assert items[0].kind == "test.item"
        assert items[-1].kind == "cases.referral"
    finally:
        _SOURCES.remove(source)


def test_a_broken_timeline_source_does_not_break_the_case(case):
    def broken(c):
        raise RuntimeError("boom")

    register_timeline_source(broken)
    try:
        assert timeline_for(case)
    finally:
        _SOURCES.remove(broken)

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.tests.factories import PersonFactory
from network import services
from network.models import MeetingStatus, NetworkMeeting, ProposedSolution
from network.selectors import proposed_solutions_for_case

from .factories import AdultFactory

DAY = datetime.date(2025, 3, 26)


def _fields(**extra):
    return {"purpose": "mapping", "status": MeetingStatus.PLANNED, "date": DAY, "location": "Bij oma", **extra}


@pytest.mark.django_db
def test_held_meeting_without_attendance_is_refused(case, worker):
    sarah = AdultFactory(case=case)
    with pytest.raises(ValidationError):
        services.meeting_create(actor=worker, case=case, fields=_fields(status=MeetingStatus.HELD), attendances=[])
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=worker,
            case=case,
            fields=_fields(status=MeetingStatus.HELD),
            attendances=[services.AttendanceInput(sarah, "parent", True, "absent")],
        )
    assert not NetworkMeeting.objects.exists()


@pytest.mark.django_db
def test_worker_records_a_held_meeting_with_roles(case, worker):
    sarah = AdultFactory(case=case)
    els = AdultFactory(case=case)
    meeting = services.meeting_create(
        actor=worker,
        case=case,
        fields=_fields(status=MeetingStatus.HELD, child_voice_by=els),
        attendances=[
            services.AttendanceInput(sarah, "parent", True, "present"),
            services.AttendanceInput(els, "jim", True, "present"),
        ],
    )
    assert meeting.number == 1
    assert {a.role for a in meeting.attendances.all()} == {"parent", "jim"}


@pytest.mark.django_db
def test_attendance_of_another_cases_person_is_refused(case, other_case, worker):
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=worker,
            case=case,
            fields=_fields(),
            attendances=[services.AttendanceInput(AdultFactory(case=other_case), "network", True, "invited")],
        )
    assert not NetworkMeeting.objects.exists()


@pytest.mark.django_db
def test_stale_meeting_edit_is_refused(case, worker):
    meeting = services.meeting_create(actor=worker, case=case, fields=_fields(), attendances=[])
    services.meeting_update(actor=worker, meeting=meeting, version=1, fields={"location": "Thuis"}, attendances=[])
    with pytest.raises(services.StaleVersionError):
        services.meeting_update(actor=worker, meeting=meeting, version=1, fields={"location": "Elders"}, attendances=[])
    meeting.refresh_from_db()
    assert meeting.location == "Thuis"


@pytest.mark.django_db
def test_proposals_are_numbered_per_case_and_exposed_for_the_safety_plan(case, worker):
    meeting = services.meeting_create(actor=worker, case=case, fields=_fields(), attendances=[])
    rita = AdultFactory(case=case)
    first = services.proposed_solution_add(actor=worker, meeting=meeting, text="Rita belt elke avond", proposed_by=rita)
    second = services.proposed_solution_add(actor=worker, meeting=meeting, text="Geen alcohol in huis")
    assert (first.number, second.number) == (1, 2)
    assert list(proposed_solutions_for_case(case)) == [first, second]
    services.proposed_solution_decide(actor=worker, solution=second, decision="rejected", reason="ouders weigeren")
    assert ProposedSolution.objects.get(pk=second.pk).decision == "rejected"


@pytest.mark.django_db
def test_proposal_by_someone_of_another_case_is_refused(case, other_case, worker):
    meeting = services.meeting_create(actor=worker, case=case, fields=_fields(), attendances=[])
    with pytest.raises(ValidationError):
        services.proposed_solution_add(
            actor=worker, meeting=meeting, text="x", proposed_by=PersonFactory(case=other_case)
        )

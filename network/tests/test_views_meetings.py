from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import NetworkMeeting, ProposedSolution

from .factories import AdultFactory, NetworkMeetingFactory


def url(name, case, **kw):
    return reverse(name, kwargs={"case_code": case.code, **kw})


def _data(case, people, **extra):
    data = {"purpose": "mapping", "status": "planned", "date": "2025-03-26", "location": "Bij oma Rita", "version": 1}
    for person in case.persons.all():
        data[f"att_{person.code}_status"] = people.get(person.pk, ("", "network"))[0]
        data[f"att_{person.code}_role"] = people.get(person.pk, ("", "network"))[1]
    data.update(extra)
    return data


@pytest.mark.django_db
def test_held_meeting_without_attendance_is_refused_in_the_form(client_for, worker, case):
    AdultFactory(case=case)
    response = client_for(worker).post(url("network-meeting-create", case), _data(case, {}, status="held"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not NetworkMeeting.objects.exists()


@pytest.mark.django_db
def test_worker_records_a_network_meeting_with_attendance(client_for, worker, case):
    sarah = AdultFactory(case=case, first_name="Sarah")
    els = AdultFactory(case=case, first_name="Els")
    jens = AdultFactory(case=case, first_name="Jens")
    data = _data(
        case,
        {sarah.pk: ("present", "parent"), els.pk: ("present", "jim"), jens.pk: ("absent", "parent")},
        status="held",
        child_voice_by=els.code,
        worries="Ruzies",
        strengths="Warme band",
        decisions="Plan maken",
        next_meeting="2025-06-04",
    )
    response = client_for(worker).post(url("network-meeting-create", case), data)
    assert response.status_code == 302
    meeting = NetworkMeeting.objects.get()
    assert meeting.child_voice_by == els
    roles = {a.person.first_name: (a.role, a.status) for a in meeting.attendances.all()}
    assert roles == {"Sarah": ("parent", "present"), "Els": ("jim", "present"), "Jens": ("parent", "absent")}


@pytest.mark.django_db
def test_tampered_child_voice_of_another_case_is_refused(client_for, worker, case, other_case):
    stranger = AdultFactory(case=other_case)
    response = client_for(worker).post(
        url("network-meeting-create", case), _data(case, {}, child_voice_by=stranger.code)
    )
    assert response.status_code == 200
    assert not NetworkMeeting.objects.exists()


@pytest.mark.django_db
def test_stale_meeting_edit_is_a_conflict_keeping_the_input(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case)
    client = client_for(worker)
    edit = url("network-meeting-edit", case, meeting_code=meeting.code)
    assert client.get(edit).status_code == 200
    assert client.post(edit, _data(case, {}, location="Thuis")).status_code == 302
    response = client.post(edit, _data(case, {}, location="Ergens anders"))
    assert response.status_code == 409
    assert "Ergens anders" in response.content.decode()


@pytest.mark.django_db
def test_consultant_reads_meetings_but_cannot_write(client_for, consultant_shared, case):
    meeting = NetworkMeetingFactory(case=case)
    client = client_for(consultant_shared)
    assert client.get(url("network-meetings", case)).status_code == 200
    assert client.get(url("network-meeting", case, meeting_code=meeting.code)).status_code == 200
    assert client.get(url("network-meeting-create", case)).status_code == 403
    assert (
        client.post(url("network-solution-create", case, meeting_code=meeting.code), {"text": "x"}).status_code == 403
    )
    assert not ProposedSolution.objects.exists()


@pytest.mark.django_db
def test_other_team_cannot_open_a_meeting(client_for, worker_other, case):
    meeting = NetworkMeetingFactory(case=case)
    assert client_for(worker_other).get(url("network-meeting", case, meeting_code=meeting.code)).status_code == 404


@pytest.mark.django_db
def test_worker_adds_a_proposed_solution(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case)
    rita = AdultFactory(case=case)
    response = client_for(worker).post(
        url("network-solution-create", case, meeting_code=meeting.code),
        {"text": "Rita belt elke avond", "proposed_by": rita.code, "decision": "accepted"},
    )
    assert response.status_code == 302
    assert ProposedSolution.objects.get().proposed_by == rita


@pytest.mark.django_db
def test_empty_proposal_shows_the_form_again(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case)
    response = client_for(worker).post(
        url("network-solution-create", case, meeting_code=meeting.code), {"text": "", "decision": "open"}
    )
    assert response.status_code == 200
    assert not ProposedSolution.objects.exists()


@pytest.mark.django_db
def test_printable_invitation_and_summary(client_for, supervisor, case):
    meeting = NetworkMeetingFactory(case=case, location="Bij oma Rita thuis", decisions="Plan v2")
    client = client_for(supervisor)
    invitation = client.get(url("network-meeting-invitation", case, meeting_code=meeting.code))
    summary = client.get(url("network-meeting-summary", case, meeting_code=meeting.code))
    assert invitation.status_code == 200 and "Bij oma Rita thuis" in invitation.content.decode()
    assert summary.status_code == 200 and "Plan v2" in summary.content.decode()
    assert 'class="print-page"' in summary.content.decode()


@pytest.mark.django_db
def test_free_text_is_escaped_in_the_summary(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case, decisions="<script>alert(1)</script>")
    body = client_for(worker).get(url("network-meeting-summary", case, meeting_code=meeting.code)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.django_db
def test_meeting_warns_when_a_childs_jim_is_not_invited(client_for, worker, case):
    import datetime

    from network import services

    from .factories import JimSearchFactory, NetworkMemberFactory

    search = JimSearchFactory(case=case)
    els = NetworkMemberFactory(case=case)
    services.jim_designate(
        actor=worker,
        search=search,
        member=els,
        designated_on=datetime.date.today() - datetime.timedelta(days=3),
        parents_consent=True,
        parents_consent_on=datetime.date.today(),
        jim_consent=True,
    )
    meeting = NetworkMeetingFactory(case=case)
    response = client_for(worker).get(url("network-meeting", case, meeting_code=meeting.code))
    assert response.context["missing_jims"][0].jim == els


@pytest.mark.django_db
def test_worker_records_the_decision_on_a_proposal(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case)
    solution = ProposedSolution.objects.create(case=case, meeting=meeting, number=9, text="Kevin verhuist tijdelijk")
    page = url("network-solution-decide", case, solution_code=solution.code)
    client = client_for(worker)
    assert client.get(page).status_code == 200
    response = client.post(page, {"decision": "rejected", "reason": "Ouders weigeren"})
    assert response.status_code == 302
    solution.refresh_from_db()
    assert (solution.decision, solution.reason) == ("rejected", "Ouders weigeren")


@pytest.mark.django_db
def test_consultant_and_other_team_cannot_decide_on_proposals(client_for, consultant_shared, worker_other, case):
    meeting = NetworkMeetingFactory(case=case)
    solution = ProposedSolution.objects.create(case=case, meeting=meeting, number=1, text="x")
    page = url("network-solution-decide", case, solution_code=solution.code)
    assert client_for(consultant_shared).post(page, {"decision": "accepted"}).status_code == 403
    assert client_for(worker_other).post(page, {"decision": "accepted"}).status_code == 404
    solution.refresh_from_db()
    assert solution.decision == "open"


@pytest.mark.django_db
def test_unknown_decision_is_refused(client_for, worker, case):
    meeting = NetworkMeetingFactory(case=case)
    solution = ProposedSolution.objects.create(case=case, meeting=meeting, number=1, text="x")
    response = client_for(worker).post(
        url("network-solution-decide", case, solution_code=solution.code), {"decision": "maybe"}
    )
    assert response.status_code == 200
    solution.refresh_from_db()
    assert solution.decision == "open"

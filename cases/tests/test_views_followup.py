"""Follow-up help (vervolghulp): the worker records it with the family before the closure; the closure shows it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, Closure, FollowUpHelp, FollowUpStatus, FollowUpType
from cases.tests.factories import CaseFactory, FollowUpHelpFactory
from cocon.accounts.models import Organisation, OrganisationKind
from cocon.audit.models import AuditEvent
from conftest import open_case_page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _url(name, case, help=None):
    kwargs = {"case_code": case.code}
    if help is not None:
        kwargs["follow_up_code"] = help.code
    return reverse(name, kwargs=kwargs)


def _data(**overrides):
    data = {
        "type": FollowUpType.RTJ,
        "status": FollowUpStatus.DECIDED,
        "provider": "CAW Oost-Vlaanderen",
        "description": "Relatiebegeleiding voor beide ouders",
        "start_expected": (TODAY() + datetime.timedelta(days=60)).isoformat(),
        "a_document_filed_on": "",
    }
    data.update(overrides)
    return data


def _close(case, **fields):
    case.status = CaseStatus.CLOSED
    case.closed_on = TODAY()
    case.save()
    Closure.objects.create(case=case, closed_on=TODAY(), reason="goals_reached", outcome="placement_avoided", **fields)


def test_worker_adds_follow_up_help_and_it_is_audited(client_for, worker, case):
    response = client_for(worker).post(_url("cases-follow-up-new", case), _data())
    assert response.status_code == 302
    help = FollowUpHelp.objects.get(case=case)
    assert help.type == FollowUpType.RTJ and help.status == FollowUpStatus.DECIDED and help.created_by == worker
    event = AuditEvent.objects.get(action="cases.follow_up.created")
    assert event.actor == worker and event.data["type"] == "rtj"


def test_worker_finds_the_follow_up_help_on_the_case_page(client_for, worker, case):
    FollowUpHelpFactory(case=case, provider="CGG Eclips", description="Begeleiding mama loopt verder")
    body = open_case_page(client_for(worker), case)
    assert "Vervolghulp" in body and "CGG Eclips" in body and "Begeleiding mama loopt verder" in body
    assert _url("cases-follow-up", case) in body


def test_worker_changes_follow_up_help(client_for, worker, case):
    help = FollowUpHelpFactory(case=case, status=FollowUpStatus.PROPOSED)
    response = client_for(worker).post(_url("cases-follow-up-edit", case, help), _data(provider="CAW Gent"))
    assert response.status_code == 302, response.context["form"].errors
    help.refresh_from_db()
    assert help.provider == "CAW Gent" and help.status == FollowUpStatus.DECIDED
    event = AuditEvent.objects.get(action="cases.follow_up.updated")
    assert event.data["changes"]["status"] == {"from": "proposed", "to": "decided"}
    assert event.data["changes"]["provider"] == "changed"  # free text is named, not copied


def test_worker_removes_follow_up_help(client_for, worker, case):
    help = FollowUpHelpFactory(case=case)
    client = client_for(worker)
    assert client.get(_url("cases-follow-up-delete", case, help)).status_code == 405
    response = client.post(_url("cases-follow-up-delete", case, help))
    assert response.status_code == 302
    assert not FollowUpHelp.objects.exists()
    assert AuditEvent.objects.filter(action="cases.follow_up.deleted", actor=worker).exists()


def test_help_through_the_itp_needs_a_provider_and_rtj_has_no_a_document(client_for, worker, case):
    client = client_for(worker)
    response = client.post(_url("cases-follow-up-new", case), _data(type=FollowUpType.NRTJ, provider=""))
    assert response.status_code == 200
    assert "Vermeld wie deze hulp biedt." in response.content.decode()
    response = client.post(_url("cases-follow-up-new", case), _data(a_document_filed_on=TODAY().isoformat()))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Een A-document hoort enkel bij hulp via de ITP." in body
    assert "CAW Oost-Vlaanderen" in body  # what was typed is still there
    assert not FollowUpHelp.objects.exists()


def test_an_a_document_cannot_be_filed_in_the_future(client_for, worker, case):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for(worker).post(
        _url("cases-follow-up-new", case), _data(type=FollowUpType.NRTJ, a_document_filed_on=tomorrow)
    )
    assert response.status_code == 200
    assert not FollowUpHelp.objects.exists()


def test_provider_can_come_from_the_organisation_list(client_for, worker, case):
    caw = Organisation.objects.create(name="CAW Oost-Vlaanderen", kind=OrganisationKind.PROVIDER)
    response = client_for(worker).post(_url("cases-follow-up-new", case), _data(provider="", organisation=caw.pk))
    assert response.status_code == 302
    assert FollowUpHelp.objects.get().provider_name == "CAW Oost-Vlaanderen"


def test_consultant_reads_follow_up_help_but_cannot_add_it(client_for, consultant_shared, case):
    FollowUpHelpFactory(case=case, provider="CGG Eclips")
    client = client_for(consultant_shared)
    response = client.get(_url("cases-follow-up", case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "CGG Eclips" in body and _url("cases-follow-up-new", case) not in body
    assert AuditEvent.objects.filter(action="cases.follow_up.viewed", actor=consultant_shared).exists()
    response = client.post(_url("cases-follow-up-new", case), _data())
    assert response.status_code == 403
    assert FollowUpHelp.objects.count() == 1


def test_other_team_cannot_see_follow_up_help(client_for, worker_other, case):
    help = FollowUpHelpFactory(case=case)
    client = client_for(worker_other)
    assert client.get(_url("cases-follow-up", case)).status_code == 404
    assert client.post(_url("cases-follow-up-delete", case, help)).status_code == 404
    assert FollowUpHelp.objects.exists()


def test_follow_up_help_of_a_closed_case_is_read_only(client_for, worker, case):
    help = FollowUpHelpFactory(case=case, provider="CGG Eclips")
    _close(case, follow_up_decided=True, follow_up="Eerder genoteerd: JIM's blijven betrokken")
    client = client_for(worker)
    body = client.get(_url("cases-follow-up", case)).content.decode()
    assert "CGG Eclips" in body and _url("cases-follow-up-new", case) not in body
    assert "Eerder genoteerd: JIM" in body  # the free text of an older closure stays readable
    assert client.post(_url("cases-follow-up-new", case), _data()).status_code == 403
    assert client.post(_url("cases-follow-up-edit", case, help), _data(provider="Ander")).status_code == 403
    assert client.post(_url("cases-follow-up-delete", case, help)).status_code == 403
    help.refresh_from_db()
    assert help.provider == "CGG Eclips"


def test_closure_checklist_is_ticked_by_decided_follow_up_help(client_for, worker, case):
    client = client_for(worker)
    FollowUpHelpFactory(case=case, status=FollowUpStatus.PROPOSED, provider="CGG Eclips")
    form = client.get(_url("cases-close", case)).context["form"]
    assert not form.fields["follow_up_decided"].initial  # a proposal is not yet a decision
    FollowUpHelpFactory(case=case, type=FollowUpType.NETWORK_ONLY, provider="", status=FollowUpStatus.DECIDED)
    response = client.get(_url("cases-close", case))
    assert response.context["form"].fields["follow_up_decided"].initial is True
    body = response.content.decode()
    assert "CGG Eclips" in body and "enkel netwerk / JIM" in body


def test_closing_records_the_follow_up_help_in_the_audit(client_for, worker, case):
    FollowUpHelpFactory(case=case, type=FollowUpType.RTJ)
    data = {
        "closed_on": TODAY().isoformat(),
        "reason": "goals_reached",
        "outcome": "placement_avoided",
        "plan_evaluated": "on",
        "follow_up_decided": "on",
        "relapse_plan_made": "on",
        "family_informed": "on",
    }
    assert client_for(worker).post(_url("cases-close", case), data).status_code == 302
    event = AuditEvent.objects.get(action="cases.case.closed")
    assert event.data["follow_up"] == [["rtj", "decided"]]


def test_no_follow_up_help_cannot_have_started(client_for, worker):
    case = CaseFactory(team=worker.team, lead_worker=worker)
    response = client_for(worker).post(
        _url("cases-follow-up-new", case), _data(type=FollowUpType.NONE, provider="", status=FollowUpStatus.STARTED)
    )
    assert response.status_code == 200
    assert not FollowUpHelp.objects.exists()

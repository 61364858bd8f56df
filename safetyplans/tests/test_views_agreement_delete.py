"""Deleting an agreement from a draft plan version: confirm, audit, comments gone, the rest renumbered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocon.audit.models import AuditEvent
from network.models import ProposedSolution
from safetyplans import services
from safetyplans.models import Agreement, PlanComment, PlanStatus

from .factories import AgreementFactory, plan_in_status

pytestmark = pytest.mark.django_db


def url(case, agreement):
    return reverse(
        "safety-agreement-delete",
        kwargs={"case_code": case.code, "code": agreement.plan.code, "agreement_code": agreement.code},
    )


@pytest.fixture
def draft(case):
    plan = plan_in_status(case, agreements=0)
    for number in (1, 2, 3, 4):
        AgreementFactory(plan=plan, number=number, text=f"Afspraak nummer {number}")
    return plan


def test_worker_confirms_and_deletes_an_agreement_and_the_rest_is_renumbered(client_for, case, worker, draft):
    second = draft.agreements.get(number=2)
    PlanComment.objects.create(plan=draft, agreement=second, text="Schrappen, dat doet A3 al.")
    client = client_for(worker)
    confirm = client.get(url(case, second))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Afspraak A2 verwijderen uit versie 1.0?" in page and "Afspraak nummer 2" in page
    assert "A3 tot A4" in page and "opmerking van de consulent" in page
    assert Agreement.objects.filter(pk=second.pk).exists()  # looking at the confirm step deletes nothing
    version = draft.version
    response = client.post(url(case, second), {"version": second.version})
    assert response.status_code == 302
    assert [(a.number, a.text) for a in draft.agreements.order_by("number")] == [
        (1, "Afspraak nummer 1"),
        (2, "Afspraak nummer 3"),
        (3, "Afspraak nummer 4"),
    ]
    assert not PlanComment.objects.exists()
    draft.refresh_from_db()
    assert draft.version > version  # a plan form opened before the deletion is now stale
    event = AuditEvent.objects.get(action="safetyplans.agreement.deleted")
    assert event.data["number"] == 2 and event.data["comments"] == 1 and event.data["renumbered"] == 2
    detail = client.get(response.url).content.decode()
    assert "Afspraak A2 werd verwijderd." in detail


def test_the_proposal_it_came_from_can_become_an_agreement_again(case, worker, draft):
    from network.tests.factories import NetworkMeetingFactory

    meeting = NetworkMeetingFactory(case=case)
    solution = ProposedSolution.objects.create(
        case=case, meeting=meeting, number=1, text="Rita belt elke avond", decision="accepted"
    )
    (agreement,) = services.agreements_from_solutions(plan=draft, actor=worker, solutions=[solution])
    services.agreement_delete(agreement=agreement, actor=worker)
    assert ProposedSolution.objects.get(pk=solution.pk).agreement_code is None


def test_a_post_without_the_confirm_step_deletes_nothing(client_for, case, worker, draft):
    first = draft.agreements.get(number=1)
    response = client_for(worker).post(url(case, first), {})
    assert response.status_code == 200
    assert "Bevestig het verwijderen" in response.content.decode()
    assert draft.agreements.count() == 4


def test_an_agreement_changed_in_the_meantime_is_not_deleted(client_for, case, worker, co_worker, draft):
    first = draft.agreements.get(number=1)
    opened = first.version
    services.agreement_update(agreement=first, actor=co_worker, expected_version=opened, fields={"text": "Nieuw"})
    response = client_for(worker).post(url(case, first), {"version": opened})
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    assert draft.agreements.count() == 4


@pytest.mark.parametrize("status", [PlanStatus.IN_REVIEW, PlanStatus.APPROVED, PlanStatus.FINAL, PlanStatus.ACTIVE])
def test_no_agreement_is_deleted_from_a_version_that_is_not_a_draft(client_for, case, worker, status):
    plan = plan_in_status(case, status)
    agreement = plan.agreements.get()
    client = client_for(worker)
    for response in (client.get(url(case, agreement)), client.post(url(case, agreement), {"version": 1})):
        assert response.status_code == 403
        assert "Een afspraak verwijderen kan enkel in een ontwerp" in response.content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    page = client.get(reverse("safety-plan-detail", kwargs={"case_code": case.code, "code": plan.code}))
    assert url(case, agreement) not in page.content.decode()


def test_consultant_and_other_team_cannot_delete(client_for, case, consultant_shared, worker_other, draft):
    first = draft.agreements.get(number=1)
    assert client_for(consultant_shared).post(url(case, first), {"version": first.version}).status_code == 403
    assert client_for(worker_other).post(url(case, first), {"version": first.version}).status_code == 404
    assert draft.agreements.count() == 4
